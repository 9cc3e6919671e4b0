"""What was checked about a listing, and reporting a problem, as a visitor sees them."""
import re

import pytest
from playwright.sync_api import expect
from sqlalchemy import text

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_widget_in_browser import results
from tests.browser.test_widget_in_browser import search
from tests.browser.test_widget_in_browser import widget_on

pytestmark = pytest.mark.browser
LINE = "Licence verified November 30, 2026 · Idaho Board of Medicine"


def shoot(element, name):
    """Save a screenshot of one element (a card) under test-artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    element.screenshot(path=str(ARTIFACTS / f"{name}.png"))


@pytest.fixture
def verified(engine, data):
    """Give one committed provider a verification; take it off again afterwards."""
    provider_id = data.ketamine[0]
    with engine.begin() as conn:
        conn.execute(text(
            "UPDATE providers SET verified_registry = 'Idaho Board of Medicine', "
            "verification_status = 'active', verified_on = '2026-11-30' WHERE id = :id"),
            {"id": provider_id})
    yield provider_id
    with engine.begin() as conn:
        conn.execute(text(
            "UPDATE providers SET verified_registry = NULL, verification_status = NULL, "
            "verified_on = NULL WHERE id = :id"), {"id": provider_id})
        # The reports made here left events in the append-only trail, which would keep the
        # committed test provider from being deleted: test data, so the guard is lifted for
        # this one statement, in this one transaction.
        conn.execute(text("ALTER TABLE moderation_events DISABLE TRIGGER "
                          "moderation_events_no_change"))
        conn.execute(text("DELETE FROM moderation_events WHERE provider_id = :id"),
                     {"id": provider_id})
        conn.execute(text("ALTER TABLE moderation_events ENABLE TRIGGER "
                          "moderation_events_no_change"))
        conn.execute(text("DELETE FROM reports WHERE provider_id = :id"), {"id": provider_id})
        conn.execute(text("DELETE FROM outbox WHERE provider_id = :id"), {"id": provider_id})


@pytest.mark.parametrize("width", [1280, 390])
def test_the_widget_card_shows_the_verification_and_takes_a_report(page, live_server, engine,
                                                                   verified, screenshot,
                                                                   width):
    page.set_viewport_size({"width": width, "height": 900})
    widget = widget_on(page, f"{live_server.url}/demo/ketamine")
    search(widget, "83702")
    card = results(widget).nth(1)
    expect(card.get_by_role("heading")).to_have_text("Maya Torres, PMHNP-BC")
    expect(card.locator(".trust")).to_have_text(LINE)
    expect(results(widget).nth(2).locator(".trust")).to_have_text("Licence not verified")

    card.get_by_role("button", name=re.compile("^Report a problem with this listing")).click()
    expect(card.get_by_role("group", name=re.compile("What is wrong"))).to_be_visible()
    card.get_by_role("button", name="Send the report").click()
    expect(card.get_by_role("status")).to_have_text("Choose what is wrong with the listing.")
    card.get_by_label("Wrong phone number or address").check()
    card.get_by_label("Details").fill(f"The number rings out ({width} px).")
    card.scroll_into_view_if_needed()
    screenshot(page, f"trust-widget-page-{width}")
    shoot(card, f"trust-widget-report-form-{width}")
    card.get_by_role("button", name="Send the report").click()
    expect(card.get_by_text("Thank you! Your report has been received.")).to_be_visible()
    shoot(card, f"trust-widget-report-sent-{width}")
    with engine.connect() as conn:
        stored = conn.execute(text("SELECT reason, details FROM reports WHERE provider_id = :id "
                                   "ORDER BY id DESC LIMIT 1"), {"id": verified}).one()
    assert tuple(stored) == ("wrong-contact", f"The number rings out ({width} px).")


@pytest.mark.parametrize("width", [1280, 390])
def test_the_profile_and_the_search_page_show_it_and_link_to_the_form(page, live_server,
                                                                      verified, screenshot,
                                                                      width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/providers/{verified}")
    expect(page.get_by_role("list", name="What was checked")).to_have_text(LINE)
    screenshot(page, f"trust-profile-{width}")
    page.get_by_role("link", name="Report a problem with this listing").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Report a problem with this listing")
    page.get_by_label("Closed or moved").check()
    screenshot(page, f"trust-report-form-{width}")
    page.get_by_role("button", name="Send the report").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Thank you! Your report has been received.")

    page.goto(f"{live_server.url}/?near=83702&country=US&modality=ketamine")
    card = page.locator(f"#provider-{verified}")
    expect(card.locator(".trust")).to_have_text(LINE)
    expect(card.get_by_role("link", name=re.compile("^Report a problem with this listing"))
           ).to_have_attribute("href", f"/providers/{verified}/report")
    shoot(card, f"trust-search-card-{width}")
