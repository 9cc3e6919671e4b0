"""axe-core, injected into each public page, finds no serious or critical violation."""
import json
from pathlib import Path

import pytest

from finder.config import load_config

pytestmark = pytest.mark.browser

AXE = Path(load_config()["NODE_MODULES_DIR"]) / "axe-core" / "axe.min.js"
BLOCKING = {"serious", "critical"}


@pytest.fixture
def context_options():
    # The pages forbid inline script; axe arrives as one, so this test's pages let it in.
    return {"bypass_csp": True}


def violations(page) -> list[dict]:
    """Run axe on the page; return its serious and critical violations, briefly."""
    if not AXE.exists():
        pytest.skip(f"{AXE} is missing: `make test` runs npm ci")
    page.add_script_tag(path=str(AXE))
    found = page.evaluate("async () => (await axe.run(document, "
                          "{resultTypes: ['violations']})).violations")
    return [{"id": v["id"], "impact": v["impact"], "help": v["help"],
             "nodes": [n["target"] for n in v["nodes"]][:5]}
            for v in found if v["impact"] in BLOCKING]


def open_page(page, url):
    page.goto(url)
    page.wait_for_load_state("load")


@pytest.mark.parametrize("path", ["/", "/?near=83702&modality=ketamine", "/?near=00000",
                                  "/?near=83702&modality=mdma&radius_km=16.1"])
def test_search_page_has_no_serious_violations(page, live_server, data, path):
    open_page(page, live_server.url + path)
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


# Built by the listings and moderation work; checked here like every public page.
@pytest.mark.parametrize("path", ["/get-listed", "/moderation/"])
def test_listing_pages_have_no_serious_violations(page, live_server, path):
    if page.goto(live_server.url + path).status == 404:
        pytest.skip(f"{path} is not built yet")
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


def test_profile_has_no_serious_violations(page, live_server, data):
    open_page(page, f"{live_server.url}/providers/{data.ketamine[0]}")
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


def test_demo_article_with_widget_results_has_no_serious_violations(page, live_server, data):
    open_page(page, f"{live_server.url}/demo/ketamine")
    widget = page.locator("[data-provider-finder]")
    widget.get_by_label("Postcode or town").fill("83702")
    widget.get_by_role("button", name="Search", exact=True).click()
    widget.locator("ol.results > li").nth(9).wait_for()
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


def test_widget_error_state_has_no_serious_violations(page, live_server, data):
    open_page(page, f"{live_server.url}/embed?modality=mdma&country=US")
    widget = page.locator("[data-provider-finder]")
    widget.get_by_label("Postcode or town").fill("00000")
    widget.get_by_label("Postcode or town").press("Enter")
    widget.get_by_role("alert").wait_for()
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


def test_the_listing_form_with_errors_has_no_serious_violations(page, live_server, data):
    page.goto(live_server.url + "/get-listed")
    page.fill("#f-name", "Dr. Axe")
    page.select_option("#f-address-country", "CO")
    page.fill("#f-address-postcode", "80203")
    page.fill("#f-phone", "555")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.title().startswith("Error: ")
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


@pytest.mark.parametrize("email", ["", "not an address"])
def test_lost_your_link_has_no_serious_violations(page, live_server, email):
    page.goto(live_server.url + "/get-listed/lost-link")
    if email:
        page.fill("#f-email", email)
        page.click("button[type=submit]")
        page.wait_for_load_state("load")
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)
