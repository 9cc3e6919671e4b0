"""The search page and profiles in Chromium: with JavaScript, and without it."""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import BOISE

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("context_options", [{"java_script_enabled": False}])
def test_search_page_works_without_javascript(page, live_server, data):
    page.goto(f"{live_server.url}/")
    page.get_by_label("Postcode or town").fill("83702")
    page.get_by_label("Treatment", exact=True).select_option("ketamine")
    page.get_by_role("button", name="Search").click()
    expect(page).to_have_url(re.compile(r"/\?near=83702&country=US&modality=ketamine"))
    expect(page.locator("#provider-list > li")).to_have_count(10)
    expect(page.get_by_role("heading", level=2)).to_have_text(
        "Ketamine providers near Boise, Idaho 83702, US")
    page.get_by_role("link", name="Load more results").click()
    expect(page.locator("#provider-list > li")).to_have_count(2)   # the next page


def test_search_page_map_and_load_more(page, live_server, data, screenshot):
    url = f"{live_server.url}/?near=83702&modality=ketamine"
    page.goto(url)
    expect(page.locator("#map")).to_be_visible()
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(10)
    # The tile server is unreachable; the list is there and usable all the same.
    expect(page.locator("#provider-list > li")).to_have_count(10)
    screenshot(page, "search-page")
    page.get_by_role("link", name="Load more results").click()
    expect(page.locator("#provider-list > li")).to_have_count(12)
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(12)
    expect(page.get_by_role("link", name="Load more results")).to_have_count(0)
    expect(page.locator("#provider-list > li").nth(10)).to_be_focused()
    assert page.url == url
    page.locator("#provider-list > li").nth(11).get_by_role(
        "link", name=re.compile("^View profile")).click()
    expect(page).to_have_url(re.compile(r"/providers/\d+-"))


def test_profile_page_links_to_the_map(page, live_server, data, screenshot):
    page.goto(f"{live_server.url}/providers/{data.ketamine[0]}")
    expect(page).to_have_url(re.compile(rf"/providers/{data.ketamine[0]}-maya-torres$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Maya Torres, PMHNP-BC")
    expect(page.locator("#map .leaflet-marker-icon")).to_have_count(1)
    screenshot(page, "profile-page")
    page.get_by_role("link", name="Show on the map with providers nearby").click()
    expect(page.locator("#provider-list > li").first).to_contain_text("Maya Torres")
    expect(page.locator("#provider-list > li").first).to_contain_text("0.0 mi away")


def test_unknown_profile_is_a_404_page(page, live_server):
    response = page.goto(f"{live_server.url}/providers/999999999-nobody")
    assert response.status == 404
    expect(page.get_by_role("link", name="Are you a Therapist? Get Listed!").first).to_be_visible()


@pytest.mark.parametrize("context_options", [
    {"geolocation": {"latitude": BOISE[0], "longitude": BOISE[1]}, "permissions": ["geolocation"]}])
def test_search_page_use_my_location(page, live_server, data):
    page.goto(f"{live_server.url}/?modality=ketamine")
    page.get_by_role("button", name="Use my location").click()
    expect(page).to_have_url(re.compile(r"lat=43\.63&lon=-116\.21"))   # about 1 km
    expect(page.locator("#provider-list > li")).to_have_count(10)
    expect(page.get_by_label("Treatment", exact=True)).to_have_value("ketamine")
