"""Security headers on every response: CSP, framing, nosniff, referrers; Secure cookies."""
import re

import pytest

from finder.config import ConfigError
from tests.factories import listing_payload
from tests.factories import make_provider
from tests.helpers import csrf_token
from tests.helpers import make_app
from tests.moderation.conftest import ModeratorActions

PRIVATE = ("/get-listed", "/api/v1/listings", "/moderation/", "/api/v1/moderation/",
           "/listings/")
# A listing's report form and the reports API: private like the listing form.
PRIVATE_RE = re.compile(r"^(/api/v1)?/providers/\d+/reports?$")


def check_headers(response, path):
    """Assert what every answer carries, whatever it is."""
    headers = response.headers
    where = f"{path} ({response.status_code} {response.mimetype})"
    assert headers["X-Content-Type-Options"] == "nosniff", where
    private = path.startswith(PRIVATE) or PRIVATE_RE.match(path) is not None
    expected = "same-origin" if private else "strict-origin-when-cross-origin"
    assert headers["Referrer-Policy"] == expected, where
    if private:
        assert headers["Cache-Control"] == "no-store", where
    policy = headers["Content-Security-Policy"]
    framed = path.startswith("/embed")
    if framed:
        assert "X-Frame-Options" not in headers, where
        assert "frame-ancestors *" in policy, where
    else:
        assert headers["X-Frame-Options"] == "DENY", where
        assert "frame-ancestors 'none'" in policy, where
    if response.mimetype == "text/html":
        assert "script-src 'self'" in policy and "default-src 'self'" in policy, where
        assert "unsafe-inline" not in policy and "unsafe-eval" not in policy, where
        assert not re.search(r"<script(?![^>]*\bsrc=)(?![^>]*application/json)",
                             response.text), f"inline script on {where}"
    else:
        assert policy == "default-src 'none'; frame-ancestors 'none'", where


@pytest.fixture
def sweep(app, client, session):
    """Sample values for every URL rule's arguments, and a moderator to sign in."""
    provider = make_provider(session, name="Header Test Clinic")
    receipt = client.post("/api/v1/listings", json=listing_payload()).json
    token = receipt["edit_url"].rsplit("/", 1)[1]
    report = client.post(f"/api/v1/providers/{provider}/reports",
                         json={"reason": "other"}).json["id"]
    samples = {"provider_id": provider, "slug": f"{provider}-header-test-clinic",
               "token": token, "report_id": report}
    files = {"static": "css/site.css", "pages.leaflet": "leaflet.css"}
    paths = []
    for rule in app.url_map.iter_rules():
        if "GET" not in rule.methods:
            continue
        values = {name: files.get(rule.endpoint, samples.get(name)) for name in rule.arguments}
        paths.append(rule.build(values)[1])
    paths += ["/?near=80202&country=US", "/?near=nowhere-at-all", "/api/v1/search?near=x",
              "/embed?modality=ketamine&country=GB", "/providers/999999999-gone",
              "/get-listed/edit/not-a-token", "/api/v1/providers/999999999", "/no-such-page"]
    return paths


@pytest.mark.parametrize("signed_in", [False, True])
def test_every_get_route_and_error_carries_the_headers(client, runner, sweep, signed_in):
    seen = []
    if signed_in:
        actions = ModeratorActions(client, runner)
        actions.create("alice")
        assert actions.sign_in("alice").status_code == 302
    for path in sweep:
        with client.get(path) as response:
            response.get_data()   # read streamed answers to the end (the export holds a cursor)
            check_headers(response, path)
            seen.append((path, response.status_code))
    if signed_in:   # the moderation pages really were shown, not the sign-in redirect
        assert ("/moderation/", 200) in seen


def test_error_pages_carry_the_policy_too(session):
    app = make_app(session, SUBMISSION_RATE_LIMIT="1 per hour")

    @app.get("/boom")
    def boom():
        raise RuntimeError("a bug")
    client = app.test_client()
    form = client.get("/get-listed")
    answers = {
        "/boom": client.get("/boom"),
        "/": client.post("/"),                                    # 405
        "/get-listed": client.post("/get-listed", data={"name": "x"}),   # CSRF: 400
        "/get-listed?again": [client.post("/get-listed", data={
            "csrf_token": csrf_token(form.text), "name": "x"}) for _ in range(2)][-1],   # 429
        "/moderation/sign-in": client.post("/moderation/sign-in", data={"name": "x"}),
    }
    statuses = {path: response.status_code for path, response in answers.items()}
    assert statuses == {"/boom": 500, "/": 405, "/get-listed": 400, "/get-listed?again": 429,
                        "/moderation/sign-in": 400}
    for path, response in answers.items():
        assert response.mimetype == "text/html", path
        check_headers(response, path)


def test_embed_frame_ancestors_follow_the_setting(session):
    sites = "https://news.example, https://*.blog.example"
    framed = make_app(session, EMBED_FRAME_ANCESTORS=sites).test_client().get("/embed")
    policy = framed.headers["Content-Security-Policy"]
    assert "frame-ancestors https://news.example https://*.blog.example" in policy
    assert "X-Frame-Options" not in framed.headers
    nobody = make_app(session, EMBED_FRAME_ANCESTORS="").test_client().get("/embed")
    assert "frame-ancestors 'none'" in nobody.headers["Content-Security-Policy"]
    # Other pages stay unframeable whatever the setting says.
    page = make_app(session, EMBED_FRAME_ANCESTORS=sites).test_client().get("/")
    assert "frame-ancestors 'none'" in page.headers["Content-Security-Policy"]
    assert page.headers["X-Frame-Options"] == "DENY"


@pytest.mark.parametrize("bad", ["https://a.example; script-src *", "'unsafe-inline'",
                                 "https://a.example\"", "data: javascript:"])
def test_a_frame_ancestors_setting_that_could_change_the_policy_stops_the_app(session, bad):
    with pytest.raises(ConfigError, match="EMBED_FRAME_ANCESTORS"):
        make_app(session, EMBED_FRAME_ANCESTORS=bad)


def test_the_widget_script_and_the_api_stay_cross_origin(client):
    with client.get("/widget.js", headers={"Origin": "https://publisher.example"}) as script:
        assert script.headers["Access-Control-Allow-Origin"] == "*"
        assert script.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert script.mimetype == "text/javascript"
        check_headers(script, "/widget.js")
    for path in ("/api/v1/search?near=80202&country=US", "/api/v1/modalities"):
        answer = client.get(path, headers={"Origin": "https://publisher.example"})
        assert answer.status_code == 200
        assert answer.headers["Access-Control-Allow-Origin"] == "*"
        check_headers(answer, path)


def test_a_listed_cors_origin_still_gets_its_own_header(session):
    client = make_app(session, CORS_ORIGINS="https://a.example").test_client()
    answer = client.get("/api/v1/modalities", headers={"Origin": "https://a.example"})
    assert answer.headers["Access-Control-Allow-Origin"] == "https://a.example"


def session_cookie(response) -> str:
    return next(c for c in response.headers.getlist("Set-Cookie") if c.startswith("session="))


@pytest.mark.parametrize("config, request_options, secure", [
    ({}, {}, False),                                                         # plain http
    ({}, {"base_url": "https://finder.example"}, True),                      # TLS to the app
    ({"PROXY_COUNT": 1}, {"headers": {"X-Forwarded-Proto": "https"}}, True),  # TLS at the proxy
    ({"PROXY_COUNT": 0}, {"headers": {"X-Forwarded-Proto": "https"}}, False),  # not believed
    ({"SESSION_COOKIE_SECURE": True}, {}, True),                             # production
], ids=["http", "https", "trusted-proxy-https", "untrusted-forwarded-proto", "always"])
def test_the_session_cookie_is_secure_whenever_the_visit_is_https(session, config,
                                                                  request_options, secure):
    client = make_app(session, **config).test_client()
    cookie = session_cookie(client.get("/get-listed", **request_options))
    assert ("; Secure" in cookie) is secure, cookie
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_signing_in_behind_an_https_proxy_works_with_the_referrer_the_policy_sends(session):
    # Flask-WTF checks the Referer of form posts over HTTPS: same-origin keeps it coming.
    app = make_app(session, PROXY_COUNT=1)
    client = app.test_client()
    ModeratorActions(client, app.test_cli_runner()).create("alice")
    https = {"X-Forwarded-Proto": "https"}
    page = client.get("/moderation/sign-in", headers=https)
    assert page.headers["Referrer-Policy"] == "same-origin"
    data = {"csrf_token": csrf_token(page.text), "name": "alice",
            "password": "correct horse battery staple"}
    no_referrer = client.post("/moderation/sign-in", data=data, headers=https)
    assert no_referrer.status_code == 400
    referred = client.post("/moderation/sign-in", data=data, headers={
        **https, "Referer": "https://localhost/moderation/sign-in"})
    assert referred.status_code == 302
    assert "; Secure" in session_cookie(referred)
