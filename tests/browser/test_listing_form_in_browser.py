"""The get-listed form in Chromium: the error flow, the map pin, languages found by name."""
import re
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

pytestmark = pytest.mark.browser


@pytest.fixture
def email(engine):
    """A unique address for the listing a test submits; its rows are deleted afterwards."""
    address = f"browser-{uuid.uuid4().hex[:8]}@example.org"
    yield address
    with Session(engine) as session:
        ids = session.scalars(text("SELECT provider_id FROM provider_private WHERE email = :e"),
                              {"e": address}).all()
        if ids:
            for table in ("outbox", "listing_revisions"):
                session.execute(text(f"DELETE FROM {table} WHERE provider_id = ANY(:ids)"),
                                {"ids": list(ids)})
            session.execute(text("ALTER TABLE moderation_events DISABLE TRIGGER USER"))
            session.execute(text("DELETE FROM moderation_events WHERE provider_id = ANY(:ids)"),
                            {"ids": list(ids)})
            session.execute(text("ALTER TABLE moderation_events ENABLE TRIGGER USER"))
            session.execute(text("DELETE FROM providers WHERE id = ANY(:ids)"), {"ids": list(ids)})
        session.commit()


def fill_wrongly(page, url, email="someone@example.org"):
    """Fill in the form as the issue's Denver psychiatrist did: no treatment, and the
    country left at "CO" (Colombia) for a Denver ZIP code."""
    page.goto(url + "/get-listed")
    page.fill("#f-name", "Dr. Ada Denver")
    page.select_option("#f-provider_type", "psychiatrist")
    page.fill("#f-email", email)
    page.fill("#f-phone", "303-555-0100")
    page.select_option("#f-address-country", "CO")
    page.fill("#f-address-city", "Denver")
    page.fill("#f-address-postcode", "80203")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")


def active_id(page):
    return page.evaluate("document.activeElement && document.activeElement.id")


def test_a_failed_submit_focuses_the_summary_whose_links_focus_each_field(
        page, live_server, data, screenshot):
    fill_wrongly(page, live_server.url)
    assert page.title().startswith("Error: ")
    assert active_id(page) == "form-problem"
    summary = page.locator("#form-problem")
    assert summary.locator("h2").inner_text() == "2 fields need attention"
    assert page.locator("#form-problem a").all_inner_texts() == [
        "Choose at least one treatment you offer.",
        "We couldn't find ZIP code 80203 in Colombia. Did you mean United States?"]
    page.click("#form-problem a[href='#f-modalities']")
    assert active_id(page) == "f-modalities"      # the treatments' fieldset
    page.click("#form-problem a[href='#f-address-country']")
    assert active_id(page) == "f-address-country"
    # What was typed is kept.
    assert page.input_value("#f-name") == "Dr. Ada Denver"
    assert page.input_value("#f-phone") == "303-555-0100"
    assert page.input_value("#f-address-postcode") == "80203"
    assert page.input_value("#f-address-country") == "CO"
    assert page.input_value("#f-provider_type") == "psychiatrist"
    for width, name in ((1280, "listing-form-errors-1280"), (390, "listing-form-errors-390")):
        page.set_viewport_size({"width": width, "height": 900})
        page.locator("#form-problem").scroll_into_view_if_needed()
        screenshot(page, name)


def test_the_summary_links_work_without_javascript(browser, live_server, data):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        fill_wrongly(page, live_server.url)
        assert page.title().startswith("Error: ")
        assert active_id(page) == "form-problem"     # autofocus, without the script
        page.click("#form-problem a[href='#f-address-country']")
        assert active_id(page) == "f-address-country"
        assert page.locator("#f-location-lat").is_visible()   # the pin's fallback
        assert page.locator("#pin-map").is_hidden()
    finally:
        context.close()


def test_the_map_pin_is_set_by_a_click_and_moved_by_a_drag(page, live_server, data):
    page.goto(live_server.url + "/get-listed")
    page.wait_for_selector("#pin-map .leaflet-container, #pin-map.leaflet-container")
    assert page.input_value("#f-location-lat") == ""
    page.locator("#pin-map").click(position={"x": 300, "y": 160})
    lat, lon = float(page.input_value("#f-location-lat")), float(page.input_value("#f-location-lon"))
    assert -90 <= lat <= 90 and -180 <= lon <= 180
    marker = page.locator("#pin-map .leaflet-marker-icon")
    assert marker.count() == 1
    box = marker.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] - 4
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x + 60, y + 40, steps=8)
    page.mouse.up()
    moved = float(page.input_value("#f-location-lat")), float(page.input_value("#f-location-lon"))
    assert moved[0] < lat and moved[1] > lon      # dragged down and to the right


def test_languages_are_found_by_name_and_submitted(page, live_server, data, email, engine):
    page.goto(live_server.url + "/get-listed")
    box = page.locator("#f-languages-filter")
    assert box.is_visible()
    box.fill("span")
    visible = page.locator("#f-languages-list label.check:visible").all_inner_texts()
    assert [v.strip() for v in visible] == ["Spanish"]
    page.get_by_label("Spanish", exact=True).check()
    box.fill("portug")
    page.get_by_label("Portuguese", exact=True).check()
    box.fill("zzz")
    assert page.locator("#f-languages-status").inner_text().startswith("No language matches")
    # Ticked languages stay in view whatever the box says.
    assert sorted(v.strip() for v in
                  page.locator("#f-languages-list label.check:visible").all_inner_texts()) == [
        "Portuguese", "Spanish"]
    page.fill("#f-name", "Dr. Lingua")
    page.select_option("#f-provider_type", "therapist")
    page.fill("#f-email", email)
    page.get_by_label("Psilocybin therapy").check()
    page.fill("#f-address-postcode", "80203")
    page.select_option("#f-address-region", "CO")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert "Your private edit link" in page.content()
    with Session(engine) as session:
        languages, region = session.execute(text(
            "SELECT p.languages, p.region FROM providers p JOIN provider_private pp "
            "ON pp.provider_id = p.id WHERE pp.email = :e"), {"e": email}).one()
    assert sorted(languages) == ["es", "pt"] and region == "CO"


def test_the_region_list_follows_the_country(page, live_server, data):
    page.goto(live_server.url + "/get-listed")
    assert page.evaluate("document.getElementById('f-address-region').tagName") == "SELECT"
    page.select_option("#f-address-country", "GB")
    options = page.locator("#f-address-region option").all_inner_texts()
    assert "England" in options and "Colorado" not in options
    page.select_option("#f-address-country", "US")
    assert "Colorado" in page.locator("#f-address-region option").all_inner_texts()
