"""finder in Spanish, as a Spanish-speaking visitor sees it, in headless Chromium.

The language comes from the switch (``?lang=es``, kept on every link) or from the
browser's own language; screenshots at 1280 and 390 px are kept in ``test-artifacts/``.
"""
import re

import pytest
from playwright.sync_api import expect

from tests.browser.test_access_in_browser import no_violations
from tests.browser.test_access_in_browser import sizes

pytestmark = pytest.mark.browser


@pytest.fixture
def context_options():
    # axe arrives as an inline script, which the pages' policy forbids.
    return {"bypass_csp": True, "locale": "es-US"}


def test_the_search_page_speaks_spanish_with_the_notice_and_crisis_line(
        page, live_server, data, screenshot):
    page.goto(f"{live_server.url}/?near=83702&country=US&modality=psilocybin&lang=es")
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^es"))
    expect(page.get_by_role("heading", level=1)).to_have_text("Encuentre un proveedor cerca de usted")
    expect(page.get_by_label("Código postal o ciudad")).to_have_value("83702")
    notice = page.locator("#access-psilocybin")
    expect(notice.get_by_role("heading", level=3)).to_have_text(
        "Psilocibina en Idaho, Estados Unidos: solo en ensayos clínicos")
    expect(notice).to_contain_text("no es asesoramiento legal")
    expect(notice).to_contain_text(re.compile(r"(revisad|verificad)[oa] el \d{1,2} de [a-z]+ de \d{4}"))
    expect(notice.locator(".elsewhere li").first).to_contain_text("Colorado, Estados Unidos")
    crisis = page.get_by_role("complementary", name="Apoyo en caso de crisis")
    expect(crisis.get_by_role("link", name=re.compile("988"))).to_have_attribute("href", "tel:988")
    expect(crisis).to_contain_text("911")
    sizes(page, screenshot, "es-search-page-psilocybin-idaho")
    no_violations(page)


def test_results_and_links_keep_the_language(page, live_server, data, screenshot):
    page.goto(f"{live_server.url}/?near=83702&country=US&modality=ketamine&lang=es")
    heading = page.locator("#results-heading")
    expect(heading).to_contain_text("Boise")
    first = page.locator("#provider-list > li").first
    expect(first).to_contain_text(re.compile(r"a \d+[.,]\d mi"))
    expect(first.get_by_role("link", name=re.compile("^Ver perfil"))).to_have_attribute(
        "href", re.compile(r"lang=es"))
    expect(page.get_by_role("link", name="Ver más resultados")).to_have_attribute(
        "href", re.compile(r"lang=es"))
    sizes(page, screenshot, "es-search-results-ketamine-boise")
    first.get_by_role("link", name=re.compile("^Ver perfil")).click()
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^es"))
    expect(page.get_by_role("heading", name="Tratamientos que ofrece")).to_be_visible()
    expect(page.get_by_role("heading", name="Contacto")).to_be_visible()
    expect(page.locator("#language-list")).to_contain_text(re.compile("[Ii]nglés"))
    sizes(page, screenshot, "es-profile")
    no_violations(page)


def test_the_browser_language_chooses_spanish_and_the_switch_goes_back(page, live_server, data):
    page.goto(f"{live_server.url}/")   # no ?lang=: the browser says es-US
    expect(page.get_by_role("button", name="Buscar", exact=True)).to_be_visible()
    page.get_by_role("link", name="English").click()
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^en"))
    expect(page.get_by_role("button", name="Search", exact=True)).to_be_visible()
    page.get_by_label("Postcode or town").fill("83702")
    page.get_by_role("button", name="Search", exact=True).click()
    expect(page).to_have_url(re.compile(r"lang=en"))
    expect(page.locator("#results-heading")).to_contain_text("Providers near")


def test_an_unknown_place_is_explained_in_spanish(page, live_server, data):
    page.goto(f"{live_server.url}/?near=zzqxv&country=US&lang=es")
    alert = page.locator("#search-error")
    expect(alert).to_contain_text("No encontramos ese lugar")
    expect(alert).to_contain_text("Estados Unidos")


def test_the_listing_form_explains_its_errors_in_spanish(page, live_server, data, screenshot):
    page.goto(f"{live_server.url}/get-listed?lang=es")
    expect(page.locator("html")).to_have_attribute("lang", re.compile("^es"))
    # The visitor's country (es-US) is chosen, named in Spanish.
    expect(page.locator("#f-address-country option:checked")).to_have_text("Estados Unidos")
    page.fill("#f-name", "Dra. Ana Denver")
    page.select_option("#f-provider_type", "psychiatrist")
    page.fill("#f-email", "ana@example.org")
    page.select_option("#f-address-country", "CO")
    page.fill("#f-address-postcode", "80203")
    page.click("button[type=submit]")
    page.wait_for_load_state("load")
    assert page.title().startswith("Error: ")
    summary = page.locator("#form-problem")
    expect(summary).to_be_focused()
    expect(summary.locator("h2")).to_have_text("2 campos requieren su atención")
    expect(summary).to_contain_text("No encontramos el código postal (ZIP) 80203 en Colombia.")
    expect(summary).to_contain_text("¿Quiso decir Estados Unidos?")
    expect(page.locator("#f-name")).to_have_value("Dra. Ana Denver")
    expect(page).to_have_url(re.compile(r"lang=es"))   # the form posts to its own address
    sizes(page, screenshot, "es-listing-form-errors")
    no_violations(page)
