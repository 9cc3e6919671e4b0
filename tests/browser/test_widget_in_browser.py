"""The widget as a visitor uses it, in headless Chromium."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BOISE
from tests.browser.conftest import HOSTILE_BIO
from tests.browser.conftest import HOSTILE_NAME

pytestmark = pytest.mark.browser


def widget_on(page, url, selector="[data-provider-finder]"):
    """Open ``url`` and return the widget's host element once it has mounted."""
    page.goto(url)
    widget = page.locator(selector).first
    expect(widget.get_by_role("heading", name="Find a Provider Near You")).to_be_visible()
    return widget


def results(widget):
    return widget.locator("ol.results > li")


def search(widget, near):
    widget.get_by_label("Postcode or town").fill(near)
    widget.get_by_role("button", name="Search", exact=True).click()


def test_search_from_the_demo_article(page, live_server, data, screenshot):
    widget = widget_on(page, f"{live_server.url}/demo/ketamine")
    expect(widget.get_by_label("Treatment", exact=True)).to_have_value("ketamine")
    screenshot(page, "demo-ketamine-before-search")

    search(widget, "83702")
    expect(results(widget)).to_have_count(10)
    expect(widget.get_by_role("status")).to_have_text(
        "10+ providers found near Boise, Idaho 83702, US.")
    first = results(widget).first
    expect(first.get_by_role("heading")).to_have_text(HOSTILE_NAME)
    expect(first).to_contain_text(re.compile(r"\d\.\d mi away · Boise, ID"))
    second = results(widget).nth(1)
    expect(second.get_by_role("heading")).to_have_text("Maya Torres, PMHNP-BC")
    expect(second).to_contain_text("Treasure Valley Ketamine Clinic")
    expect(second.locator(".badge")).to_have_text("Telehealth")
    expect(second.get_by_role("list", name="Treatments")).to_contain_text(
        "Ketamine-assisted psychotherapy")
    expect(second.get_by_role("link", name="+1 208-555-0100")).to_have_attribute(
        "href", "tel:+12085550100")
    expect(second.get_by_role("link", name=re.compile("^Website"))).to_have_attribute(
        "href", "https://example.org/")
    profile = second.get_by_role("link", name=re.compile("^View profile"))
    expect(profile).to_have_attribute(
        "href", f"{live_server.url}/providers/{data.ketamine[0]}-maya-torres?lang=en")   # its language
    expect(widget.locator(".credit")).to_have_text(
        "Postcode data © GeoNames, licensed under CC BY 4.0")
    screenshot(page, "demo-ketamine-after-search")

    widget.get_by_role("button", name="Load more results").click()
    expect(results(widget)).to_have_count(12)
    expect(widget.get_by_role("button", name="Load more results")).to_be_hidden()
    expect(results(widget).nth(10)).to_be_focused()
    names = results(widget).locator("h3").all_inner_texts()
    assert len(set(names)) == 12

    # Changing the treatment searches again at once.
    treatment = widget.get_by_label("Treatment", exact=True)
    treatment.select_option(label="Ketamine-assisted psychotherapy")
    expect(results(widget)).to_have_count(5)
    expect(widget.get_by_role("status")).to_have_text(
        "5 providers found near Boise, Idaho 83702, US.")


def test_widget_on_a_page_from_another_origin(page, publisher, live_server):
    widget = widget_on(page, f"{publisher}/")
    assert page.evaluate("location.origin") != live_server.url
    button = widget.get_by_role("button", name="Search", exact=True)
    expect(button).to_be_visible()          # the page hides every <button> of its own
    assert button.evaluate("b => getComputedStyle(b).backgroundColor") == "rgb(128, 0, 128)"
    heading = widget.get_by_role("heading", name="Find a Provider Near You")
    assert heading.evaluate("h => getComputedStyle(h).fontSize") != "60px"
    assert page.locator("#host-heading").evaluate("h => getComputedStyle(h).fontSize") == "60px"

    with page.expect_response(re.compile(r"/api/v1/search\?")) as answer:
        search(widget, "83702")
    assert answer.value.headers["access-control-allow-origin"] == "*"
    expect(results(widget)).to_have_count(10)
    card = results(widget).first
    assert card.evaluate("li => getComputedStyle(li).color") != "rgb(0, 0, 255)"

    element = page.locator("provider-finder")
    expect(element.get_by_label("Distance")).to_have_value("50")
    expect(element.get_by_label("Distance").locator("option:checked")).to_have_text(
        "Within 50 km")
    expect(element.get_by_label("Treatment", exact=True)).to_have_value("psilocybin")


def test_widget_in_an_iframe_on_another_origin(page, publisher, data):
    page.goto(f"{publisher}/iframe")
    frame = page.frame_locator("iframe[title='Find a provider']")
    frame.get_by_label("Postcode or town").fill("83702")
    frame.get_by_label("Postcode or town").press("Enter")
    expect(frame.locator("ol.results > li")).to_have_count(10)
    expect(frame.get_by_role("link", name=re.compile("^View profile")).first).to_have_attribute(
        "target", "_blank")


def test_keyboard_only_search(page, live_server, data):
    widget_on(page, f"{live_server.url}/demo/ketamine")
    # The focused element, looking inside shadow roots: its id, or its text.
    active = """() => { let a = document.activeElement;
        while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
        return a ? (a.id || a.textContent) : null; }"""
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate(active) == "near":
            break
    else:
        pytest.fail("Tab never reached the postcode box")
    page.keyboard.type("83702")
    page.keyboard.press("Enter")
    widget = page.locator("[data-provider-finder]")
    expect(results(widget)).to_have_count(10)
    for _ in range(40):
        page.keyboard.press("Tab")
        if (page.evaluate(active) or "").startswith("View profile"):
            break
    else:
        pytest.fail("Tab never reached a View profile link")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"/providers/\d+-"))
    expect(page.get_by_role("heading", level=1)).to_be_visible()


def test_unknown_postcode_names_what_was_typed(page, live_server):
    widget = widget_on(page, f"{live_server.url}/demo/ketamine")
    search(widget, "00000")
    alert = widget.get_by_role("alert")
    expect(alert).to_contain_text("No postcode '00000' was found in United States")
    expect(alert).to_contain_text("try a nearby town or postcode")
    expect(widget.get_by_label("Postcode or town")).to_have_attribute("aria-invalid", "true")
    expect(results(widget)).to_have_count(0)


def test_empty_search_box_says_what_to_do(page, live_server):
    widget = widget_on(page, f"{live_server.url}/demo/ketamine")
    widget.get_by_label("Postcode or town").press("Enter")
    expect(widget.get_by_role("alert")).to_have_text(
        "Type a postcode or town first, or use your location.")


def test_no_results_offers_a_wider_radius_and_telehealth(page, live_server, data, screenshot):
    widget = widget_on(page, f"{live_server.url}/embed?modality=mdma&country=US")
    expect(widget.get_by_label("Treatment", exact=True)).to_have_value("mdma")
    widget.get_by_label("Distance").select_option(label="Within 10 mi")
    search(widget, "83702")
    notice = widget.locator(".box:not(.error)")
    expect(notice).to_be_visible()
    screenshot(page, "widget-no-results")
    expect(notice).to_contain_text("No MDMA providers within 10 mi of Boise, Idaho 83702, US.")
    expect(notice).to_contain_text(re.compile(r"The nearest one is 4\d mi away\."))
    expect(notice.get_by_role("heading", name="Telehealth options")).to_be_visible()
    expect(results(widget)).to_have_count(1)
    expect(results(widget).first).to_contain_text("North Idaho Telehealth")
    expect(results(widget).first).to_contain_text("away, beyond your 10 mi radius: by telehealth")

    notice.get_by_role("button", name="Search within 50 mi").click()
    expect(results(widget)).to_have_count(1)
    expect(results(widget).first).to_contain_text("Mountain Home MDMA")
    expect(widget.get_by_label("Distance")).to_have_value("50")
    expect(widget.locator("ol.results")).to_be_focused()


def test_server_failure_says_oops_and_retries(page, live_server, data, screenshot):
    widget = widget_on(page, f"{live_server.url}/demo/ketamine")
    page.route("**/api/v1/search?**", lambda route: route.fulfill(
        status=500, content_type="application/json",
        body='{"error": {"status": 500, "code": "internal_error", "message": "<b>x</b>"}}'))
    search(widget, "83702")
    alert = widget.get_by_role("alert")
    expect(alert).to_contain_text("Oops! Something went wrong")
    expect(alert).not_to_contain_text("<b>x</b>")
    screenshot(page, "widget-server-error")

    page.unroute("**/api/v1/search?**")
    page.route("**/api/v1/search?**", lambda route: route.abort("connectionrefused"))
    alert.get_by_role("button", name="Try again").click()
    expect(alert).to_contain_text("Oops! Something went wrong")

    page.unroute("**/api/v1/search?**")
    alert.get_by_role("button", name="Try again").click()
    expect(results(widget)).to_have_count(10)
    expect(widget.get_by_role("alert")).to_be_hidden()


def test_markup_in_name_and_bio_is_shown_as_text(page, live_server, data):
    widget = widget_on(page, f"{live_server.url}/demo/ketamine")
    search(widget, "83702")
    card = results(widget).first
    expect(card.get_by_role("heading")).to_have_text(HOSTILE_NAME)
    assert card.locator("img, b, script").count() == 0

    card.get_by_role("link", name=re.compile("^View profile")).click()
    expect(page).to_have_url(re.compile(rf"/providers/{data.hostile}-"))
    expect(page.get_by_role("heading", level=1)).to_have_text(HOSTILE_NAME)
    expect(page.locator(".bio")).to_have_text(HOSTILE_BIO)
    assert page.locator("h1 img, h1 b, h1 script, .bio *").count() == 0
    assert page.evaluate("window.__xss") is None


@pytest.mark.parametrize("context_options", [
    {"geolocation": {"latitude": BOISE[0], "longitude": BOISE[1]}, "permissions": ["geolocation"]}])
def test_use_my_location(page, live_server, data):
    widget = widget_on(page, f"{live_server.url}/demo/ketamine")
    widget.get_by_role("button", name="Use my location").click()
    expect(results(widget)).to_have_count(10)
    expect(widget.get_by_role("status")).to_contain_text("near Boise, Idaho, US")


def test_refused_location_says_what_to_do(page, live_server):
    widget = widget_on(page, f"{live_server.url}/demo/ketamine")
    page.context.clear_permissions()
    widget.get_by_role("button", name="Use my location").click()
    expect(widget.get_by_role("alert")).to_contain_text(
        "Location access was refused, so we cannot search near you. "
        "Type a postcode or town instead.")
