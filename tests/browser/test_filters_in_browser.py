"""The payment and language filters, on the search page and in the widget, by keyboard alone.

The Boise ketamine providers (tests/browser/conftest.py) take a sliding fee at every other
place and treat in Spanish at every third: ticking a box must leave exactly those.
"""
import json
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import PEOPLE
from tests.browser.test_accessibility import violations

pytestmark = pytest.mark.browser

SLIDING = [name for i, (name, _, _) in enumerate(PEOPLE) if i % 2 == 0]
SPANISH = [name for i, (name, _, _) in enumerate(PEOPLE) if i % 3 == 0]
# The focused element, looking inside shadow roots: its id, its value, or its text.
ACTIVE = """() => { let a = document.activeElement;
    while (a && a.shadowRoot && a.shadowRoot.activeElement) a = a.shadowRoot.activeElement;
    return a ? (a.id || a.value || a.textContent).trim() : null; }"""


@pytest.fixture
def context_options():
    # axe arrives as an inline script, which the pages' CSP forbids.
    return {"bypass_csp": True}


def tab_to(page, wanted: str, limit: int = 80):
    """Press Tab until the focused element is ``wanted`` (id, value or text)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate(ACTIVE) == wanted:
            return
    pytest.fail(f"Tab never reached {wanted!r}")


def names(list_locator) -> list[str]:
    return [n.split(",")[0] for n in list_locator.locator("h3").all_inner_texts()]


def no_violations(page):
    found = violations(page)
    assert found == [], json.dumps(found, indent=1)


def shoot(page, screenshot, name, part=None):
    """Save the page at 1280 and 390 px wide, and ``part`` alone at each width."""
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 900})
        path = screenshot(page, f"{name}-{width}")
        if part is not None:
            part.screenshot(path=str(path.with_name(f"{name}-{width}-part.png")))


def test_search_page_payment_and_language_by_keyboard(page, live_server, data, screenshot):
    page.goto(f"{live_server.url}/?near=83702&modality=ketamine&source={data.source}")
    expect(page.locator("#provider-list > li")).to_have_count(10)
    tab_to(page, "Payment and language")
    page.keyboard.press("Enter")                     # opens the disclosure
    tab_to(page, "sliding-fee")
    page.keyboard.press("Space")
    tab_to(page, "Search")
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"payment=sliding-fee"))
    cards = page.locator("#provider-list > li")
    expect(cards).to_have_count(len(SLIDING))
    assert sorted(names(page.locator("#provider-list"))) == sorted(SLIDING)
    for card in cards.all():
        expect(card.locator(".pay")).to_contain_text("Sliding fee scale")
    # The choice survives the search; adding a language narrows to both.
    expect(page.locator("#more-filters")).to_have_attribute("open", "")
    expect(page.get_by_label("Sliding fee scale")).to_be_checked()
    page.get_by_label("Spanish").focus()
    page.keyboard.press("Space")
    page.get_by_role("button", name="Search", exact=True).focus()
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(r"language=es"))
    expect(cards).to_have_count(len(set(SLIDING) & set(SPANISH)))
    for card in cards.all():
        expect(card.locator(".langs")).to_contain_text("Spanish")
    no_violations(page)
    shoot(page, screenshot, "search-page-payment-language", page.locator(".search-hero"))


@pytest.mark.parametrize("context_options", [{"bypass_csp": True, "locale": "es-ES"}])
def test_search_page_names_languages_in_the_visitors_language(page, live_server, data):
    page.goto(f"{live_server.url}/?near=83702&modality=ketamine&language=es,fr"
              f"&source={data.source}")
    expect(page.get_by_label("Español", exact=True)).to_be_checked()
    expect(page.get_by_label("Francés", exact=True)).to_be_checked()
    expect(page.locator("#provider-list > li")).to_have_count(len(SPANISH))


def test_widget_payment_and_language_by_keyboard(page, live_server, data, screenshot):
    page.goto(f"{live_server.url}/demo/ketamine")
    widget = page.locator("[data-provider-finder]")
    expect(widget.get_by_role("heading", name="Find a Provider Near You")).to_be_visible()
    expect(widget.get_by_label("Sliding fee scale")).to_be_attached()
    tab_to(page, "near")
    page.keyboard.type("83702")
    page.keyboard.press("Enter")
    results = widget.locator("ol.results > li")
    expect(results).to_have_count(10)
    tab_to(page, "Payment and language")
    page.keyboard.press("Enter")
    tab_to(page, "sliding-fee")
    page.keyboard.press("Space")                     # searches again at once
    expect(results).to_have_count(len(SLIDING))
    assert sorted(names(widget.locator("ol.results"))) == sorted(SLIDING)
    for card in results.all():
        expect(card).to_contain_text("Sliding fee scale")
    tab_to(page, "es")
    page.keyboard.press("Space")
    expect(results).to_have_count(len(set(SLIDING) & set(SPANISH)))
    for card in results.all():
        expect(card).to_contain_text("Languages: English, Spanish")
    no_violations(page)
    shoot(page, screenshot, "widget-payment-language", widget)
