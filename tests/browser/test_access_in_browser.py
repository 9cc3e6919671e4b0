"""The access notice and the crisis line, as a visitor sees them, in headless Chromium."""
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser


@pytest.fixture
def context_options():
    # axe arrives as an inline script, which the pages' policy forbids.
    return {"bypass_csp": True}


def sizes(page, screenshot, name):
    """Screenshots at a laptop's and a phone's width."""
    for width, height in ((1280, 900), (390, 844)):
        page.set_viewport_size({"width": width, "height": height})
        screenshot(page, f"{name}-{width}")


def no_violations(page, context="document"):
    found = violations(page) if context == "document" else None
    if found is None:
        page.add_script_tag(path=str(__import__("tests.browser.test_accessibility",
                                                fromlist=["AXE"]).AXE))
        found = [v for v in page.evaluate(
            f"async () => (await axe.run({context}, {{resultTypes: ['violations']}})).violations")
            if v["impact"] in ("serious", "critical")]
    assert found == [], json.dumps(found, indent=1)


def test_the_search_page_says_where_psilocybin_is_legal(page, live_server, data, screenshot):
    page.goto(f"{live_server.url}/?near=83702&country=US&modality=psilocybin")
    notice = page.locator("#access-psilocybin")
    expect(notice.get_by_role("heading", level=3)).to_have_text(
        "Psilocybin in Idaho, United States: only in clinical trials")
    expect(notice).to_contain_text("Psilocybin therapy is only available in clinical trials in Idaho.")
    source = notice.get_by_role("link", name=re.compile("Controlled substance schedules"))
    expect(source).to_have_attribute("href", "https://www.deadiversion.usdoj.gov/schedules/")
    expect(notice).to_contain_text(re.compile(r"checked [A-Z][a-z]+ \d{1,2}, \d{4}"))
    expect(notice).to_contain_text("not legal advice")
    elsewhere = notice.locator(".elsewhere li").first
    expect(elsewhere).to_contain_text("Denver Healing Centre")
    expect(elsewhere).to_contain_text("Colorado, United States")
    expect(elsewhere).to_contain_text(re.compile(r"[\d,]+ mi away"))
    crisis = page.get_by_role("complementary", name="Crisis support")
    expect(crisis).to_contain_text("If you are in crisis")
    expect(crisis.get_by_role("link", name="call or text 988")).to_have_attribute("href", "tel:988")
    expect(crisis.get_by_role("link", name="911")).to_have_attribute("href", "tel:911")
    sizes(page, screenshot, "access-search-page-psilocybin-idaho")
    no_violations(page)


def test_the_search_page_shows_the_crisis_line_without_results_too(page, live_server, data):
    page.goto(f"{live_server.url}/?near=00000&country=US")
    expect(page.get_by_role("complementary", name="Crisis support")).to_contain_text("988")
    page.goto(f"{live_server.url}/?near=83702&country=US&modality=mdma&radius_km=1")
    expect(page.locator("#no-results")).to_be_visible()
    expect(page.get_by_role("complementary", name="Crisis support")).to_contain_text("988")
    expect(page.locator("#access-mdma")).to_contain_text("only in clinical trials")


def test_the_widget_on_the_demo_article_shows_the_notice(page, live_server, data, screenshot):
    page.goto(f"{live_server.url}/demo/ketamine")
    widget = page.locator("[data-provider-finder]")
    widget.get_by_label("Postcode or town").fill("83702")
    widget.get_by_role("button", name="Search", exact=True).click()
    notice = widget.locator("section.access")
    expect(notice.get_by_role("heading", level=3)).to_have_text(
        "Ketamine in Idaho, United States: by prescription")
    expect(notice.get_by_role("link", name=re.compile("^FDA"))).to_have_attribute(
        "href", re.compile(r"^https://www\.fda\.gov/"))
    expect(widget.get_by_role("complementary", name="Crisis support")).to_contain_text(
        "call or text 988")

    widget.get_by_label("Treatment", exact=True).select_option(label="Psilocybin therapy")
    expect(notice.get_by_role("heading", level=3)).to_have_text(
        "Psilocybin in Idaho, United States: only in clinical trials")
    expect(notice).to_contain_text("Denver Healing Centre · Colorado, United States")
    expect(notice.get_by_role("link", name="Denver Healing Centre")).to_have_attribute(
        "href", re.compile(rf"/providers/{data.psilocybin_denver}-"))
    sizes(page, screenshot, "access-widget-demo-article")
    no_violations(page)


def test_the_widget_on_another_origin_shows_the_notice_and_crisis_line(page, publisher,
                                                                       live_server, data,
                                                                       screenshot):
    page.goto(f"{publisher}/")
    assert page.evaluate("location.origin") != live_server.url
    widget = page.locator("provider-finder")
    widget.get_by_label("Postcode or town").fill("10115")
    widget.get_by_role("button", name="Search", exact=True).click()
    notice = widget.locator("section.access")
    expect(notice.get_by_role("heading", level=3)).to_have_text(re.compile(
        r"^Psilocybin in Berlin, Germany: not known to finder$"))
    expect(notice.get_by_role("link", name=re.compile("BfArM"))).to_have_attribute(
        "href", re.compile(r"^https://www\.bfarm\.de/"))
    expect(notice).to_contain_text("not legal advice")
    crisis = widget.get_by_role("complementary", name="Crisis support")
    expect(crisis).to_contain_text("TelefonSeelsorge")
    expect(crisis.get_by_role("link", name="112")).to_have_attribute("href", "tel:112")
    # The notice is reachable by keyboard: its links take focus in order.
    notice.get_by_role("link").first.focus()
    expect(notice.get_by_role("link").first).to_be_focused()
    sizes(page, screenshot, "access-widget-other-origin")
    no_violations(page, "document.querySelector('provider-finder')")
