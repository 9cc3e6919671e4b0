"""A new visitor's first minute, on a laptop (1280 px) and a phone (390 px): relevant
results, honest places, any country, the answer in view. Screenshots go to test-artifacts/."""
import json

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import ARTIFACTS
from tests.browser.test_accessibility import AXE
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser
WIDTHS = [1280, 390]


@pytest.fixture(params=WIDTHS, ids=lambda w: f"{w}px")
def screen(request, browser):
    """A page as wide as a laptop or a phone (CSP bypassed only so axe can run)."""
    context = browser.new_context(viewport={"width": request.param, "height": 844},
                                  bypass_csp=True, locale="en-GB")
    page = context.new_page()
    page.set_default_timeout(10_000)
    errors = []
    page.on("pageerror", lambda err: errors.append(str(err)))
    page.width = request.param
    yield page
    context.close()
    assert errors == []


def in_view(page, selector):
    """Tell whether the element's top is on the screen as it stands."""
    box = page.locator(selector).first.bounding_box()
    return box is not None and 0 <= box["y"] < page.viewport_size["height"]


def shoot(screenshot, page, name):
    """Save the whole page, and what the screen shows (the answer must be in it)."""
    screenshot(page, f"{name}-{page.width}")
    page.screenshot(path=str(ARTIFACTS / f"{name}-{page.width}-screen.png"))


def clean_axe(page):
    if AXE.exists():
        found = violations(page)
        assert found == [], json.dumps(found, indent=1)


def search_from_form(page, url, near, country=None):
    page.goto(url)
    page.get_by_label("Postcode or town").fill(near)
    if country:
        page.get_by_label("Country").select_option(country)
    page.get_by_role("button", name="Search").click()
    page.wait_for_load_state("load")


def test_a_default_search_lists_only_therapies(screen, live_server, data, screenshot):
    search_from_form(screen, f"{live_server.url}/", "83702")
    cards = screen.locator("#provider-list > li")
    expect(cards).to_have_count(10)
    ids = [int(i.split("-")[1]) for i in cards.evaluate_all("cs => cs.map(c => c.id)")]
    assert not set(ids) & set(data.other_care)
    for i in range(10):   # every card names a treatment of the directory's
        expect(cards.nth(i).locator("ul.tags li:not(.badge)").first).to_be_visible()
    # The answer is what the screen shows and focus is on: on a phone too.
    expect(screen.locator("#results-heading")).to_be_focused()
    assert in_view(screen, "#results-heading")
    listed, drawn = (screen.locator(s).bounding_box() for s in ("#provider-list", "#map"))
    if screen.width < 860:   # one column: the list first, the map below it
        assert listed["y"] < drawn["y"], "the list comes before the map"
    else:                    # side by side: the list on the left
        assert listed["x"] < drawn["x"]
    shoot(screenshot, screen, "first-visit-default-search")
    clean_axe(screen)


def test_other_care_is_apart_and_says_so(screen, live_server, data, screenshot):
    screen.goto(f"{live_server.url}/?near=83702&modality=mdma&radius_km=16.1")
    expect(screen.locator("#no-results")).to_be_focused()
    assert in_view(screen, "#no-results")
    section = screen.get_by_role("region", name="Other mental health care nearby")
    expect(section.locator("li")).to_have_count(3)
    expect(screen.locator("#provider-list")).to_have_count(0)
    shoot(screenshot, screen, "first-visit-other-care")
    clean_axe(screen)


def test_a_fuzzy_place_says_what_it_showed_and_offers_the_others(screen, live_server, data,
                                                                   screenshot):
    search_from_form(screen, f"{live_server.url}/", "Boisee")
    expect(screen.locator("#results-heading")).to_contain_text("near Boise, Idaho, US")
    meant = screen.locator("#did-you-mean")
    expect(meant).to_contain_text("Showing results for Boise, Idaho, US")
    expect(meant.get_by_role("link", name="Boise City, Oklahoma")).to_be_visible()
    assert in_view(screen, "#results-heading")
    shoot(screenshot, screen, "first-visit-did-you-mean")
    clean_axe(screen)
    meant.get_by_role("link", name="Boise City, Oklahoma").click()
    expect(screen.locator("#results-heading")).to_contain_text("Boise City, Oklahoma")


def test_a_uk_postcode_typed_in_the_us_is_offered_in_the_uk(screen, live_server, screenshot):
    search_from_form(screen, f"{live_server.url}/", "SW1A 1AA", country="US")
    error = screen.locator("#search-error")
    expect(error).to_contain_text(
        "SW1A 1AA looks like a UK postcode: search in the United Kingdom?")
    expect(error).to_be_focused()
    assert in_view(screen, "#search-error")
    shoot(screenshot, screen, "first-visit-uk-postcode")
    clean_axe(screen)
    screen.get_by_role("link", name="Search in United Kingdom").click()
    expect(screen.locator("#results-heading")).to_contain_text("SW1A, GB")
    expect(screen.get_by_label("Country")).to_have_value("GB")
    expect(screen.get_by_label("Distance")).to_have_value("40.2")   # 25 miles, in the UK too


def test_markup_is_refused_with_the_message_in_view(screen, live_server, screenshot):
    search_from_form(screen, f"{live_server.url}/", "<script>")
    expect(screen.locator("#search-error")).to_be_focused()
    expect(screen.locator("#search-error")).to_contain_text("must be a postcode or a place name")
    assert in_view(screen, "#search-error")
    shoot(screenshot, screen, "first-visit-refused")


def test_switching_country_switches_the_unit(screen, live_server):
    screen.goto(f"{live_server.url}/")
    expect(screen.get_by_label("Distance")).to_contain_text("Within 25 mi")
    screen.get_by_label("Country").select_option("CA")
    expect(screen.get_by_label("Distance").locator("option")).to_have_text(
        [f"Within {r} km" for r in (10, 25, 50, 100, 250, 500)])
    expect(screen.get_by_label("Distance")).to_have_value("50")


def test_the_widget_offers_a_country_and_follows_its_unit(screen, live_server, data,
                                                          screenshot):
    screen.goto(f"{live_server.url}/demo/ketamine")
    widget = screen.locator("[data-provider-finder]").first
    country = widget.get_by_label("Country")
    expect(country).to_have_value("US")            # the page's data-country
    expect(country.locator("option[value=GB]")).to_have_text("United Kingdom")
    country.select_option("DE")
    expect(widget.get_by_label("Distance").locator("option").first).to_have_text("Within 10 km")
    country.select_option("GB")
    widget.get_by_label("Postcode or town").fill("SW1A 1AA")
    widget.get_by_role("button", name="Search", exact=True).click()
    expect(widget.locator(".origin")).to_contain_text("Near Westminster Abbey, England SW1A, GB")
    shoot(screenshot, screen, "first-visit-widget-country")
    clean_axe(screen)


def test_the_widget_offers_the_uk_for_a_uk_postcode(screen, live_server):
    screen.goto(f"{live_server.url}/embed?modality=ketamine&country=US")
    widget = screen.locator("[data-provider-finder]")
    widget.get_by_label("Postcode or town").fill("SW1A 1AA")
    widget.get_by_label("Postcode or town").press("Enter")
    expect(widget.get_by_role("alert")).to_contain_text("SW1A 1AA looks like a postcode in "
                                                        "United Kingdom")
    widget.get_by_role("button", name="Search in United Kingdom").click()
    expect(widget.locator(".origin")).to_contain_text("SW1A, GB")
    expect(widget.get_by_label("Country")).to_have_value("GB")


def test_a_widget_without_a_country_takes_the_visitors_locale(screen, live_server):
    screen.goto(f"{live_server.url}/demo/ketamine")
    screen.evaluate("""() => { const d = document.createElement('div');
        d.id = 'bare'; d.setAttribute('data-provider-finder', '');
        document.querySelector('main').append(d); window.ProviderFinder.mountAll(); }""")
    expect(screen.locator("#bare").get_by_label("Country")).to_have_value("GB")   # en-GB
    expect(screen.locator("#bare").get_by_label("Distance")).to_contain_text("mi")


def test_the_widget_lists_other_care_apart(screen, live_server, data):
    screen.goto(f"{live_server.url}/embed?modality=mdma&country=US")
    widget = screen.locator("[data-provider-finder]")
    widget.get_by_label("Distance").select_option(label="Within 10 mi")
    widget.get_by_label("Postcode or town").fill("83702")
    widget.get_by_label("Postcode or town").press("Enter")
    other = widget.get_by_role("region", name="Other mental health care nearby")
    expect(other.locator("li.card")).to_have_count(3)
    expect(widget.locator("ol.results > li")).not_to_contain_text("Boise Family Counseling")


def test_the_widget_says_what_a_near_spelling_found(screen, live_server, data):
    screen.goto(f"{live_server.url}/embed?modality=ketamine&country=US")
    widget = screen.locator("[data-provider-finder]")
    widget.get_by_label("Postcode or town").fill("Boisee")
    widget.get_by_label("Postcode or town").press("Enter")
    expect(widget.locator(".meant")).to_contain_text("Showing results for Boise, Idaho, US")
    widget.get_by_role("button", name="Boise City, Oklahoma, US").click()
    expect(widget.locator(".origin")).to_contain_text("Near Boise City, Oklahoma, US")
