"""The app-wide security headers as Chromium enforces them.

The ``page`` fixture fails a test on any script error or CSP violation, so these pages,
now served under the strict policy too, must need no inline script or style. Framing is
checked from a publisher's origin: /embed may be framed, no other page may.
"""
import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from finder.moderation.auth import hash_password
from tests.browser.conftest import LiveServer

pytestmark = pytest.mark.browser
NAME, PASSWORD = "browser-security-moderator", "correct horse battery staple"


@pytest.fixture
def committed_moderator(engine):
    """A moderator the live server can see (committed), removed afterwards."""
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM moderators WHERE name = :n"), {"n": NAME})
        conn.execute(text("INSERT INTO moderators (name, password_hash, active) "
                          "VALUES (:n, :h, true)"), {"n": NAME, "h": hash_password(PASSWORD)})
    yield NAME
    with engine.begin() as conn:
        conn.execute(text("DELETE FROM moderators WHERE name = :n"), {"n": NAME})


@pytest.mark.parametrize("path, status", [("/get-listed", 200), ("/moderation/sign-in", 200),
                                          ("/no-such-page", 404),
                                          ("/get-listed/edit/not-a-real-token", 404)])
def test_forms_and_error_pages_run_under_the_policy(page, live_server, path, status):
    response = page.goto(f"{live_server.url}{path}")
    assert response.status == status
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("link", name="Are you a Therapist? Get Listed!").first).to_be_visible()


def test_the_moderation_pages_run_under_the_policy(page, live_server, data, committed_moderator):
    page.goto(f"{live_server.url}/moderation/")
    page.get_by_label("Name").fill(committed_moderator)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_text(f"Signed in as {committed_moderator}")).to_be_visible()
    response = page.goto(f"{live_server.url}/moderation/listings/{data.ketamine[0]}")
    assert response.status == 200
    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", level=1)).to_contain_text("Maya Torres")
    page.get_by_role("button", name="Sign out").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Moderators: sign in")


def framing_page(finder_url: str):
    """Return a WSGI app: a publisher's page framing /embed, the search page and moderation."""
    html = (f'<!doctype html><html lang="en"><title>A publisher</title>'
            f'<iframe id="embed" title="widget" src="{finder_url}/embed"></iframe>'
            f'<iframe id="search" title="search" src="{finder_url}/"></iframe>'
            f'<iframe id="mod" title="moderation" src="{finder_url}/moderation/sign-in">'
            f'</iframe></html>').encode()

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [html]
    return app


def test_only_the_embed_page_can_be_framed_by_another_site(browser, live_server, data):
    # Its own context: the refused frames are CSP reports the page fixture would count.
    context = browser.new_context()
    page = context.new_page()
    refused = []
    page.on("console", lambda msg: refused.append(msg.text)
            if "frame-ancestors" in msg.text else None)
    try:
        # A real server on localhost: another origin, which Chromium lets frame 127.0.0.1.
        with LiveServer(framing_page(live_server.url)) as publisher:
            page.goto(publisher.url.replace("127.0.0.1", "localhost"))
            embed = page.frame_locator("#embed")
            expect(embed.get_by_label("Postcode or town")).to_be_visible()
            page.wait_for_timeout(500)
            assert len(refused) == 2, refused
            for frame_id in ("search", "mod"):
                frame = page.frame_locator(f"#{frame_id}")
                expect(frame.get_by_role("link", name="Are you a Therapist? Get Listed!")
                       ).to_have_count(0)
    finally:
        context.close()
