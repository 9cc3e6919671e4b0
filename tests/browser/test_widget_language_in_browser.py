"""The widget in the page's language: data-lang, else <html lang>, in headless Chromium."""
import html
import json
import re
from urllib.parse import parse_qs
from urllib.parse import urlencode
from urllib.parse import urlsplit

import pytest
from flask_babel import force_locale
from flask_babel import gettext
from playwright.sync_api import expect

from finder import create_app
from tests.browser.conftest import LiveServer
from tests.browser.test_access_in_browser import no_violations
from tests.conftest import TEST_DATABASE_URL

pytestmark = pytest.mark.browser

# What a Spanish catalog gives the widget: a few of its messages, to see them used.
SPANISH = {
    "Find a Provider Near You": "Encuentre un proveedor cerca de usted",
    "Postcode or town": "Código postal o ciudad",
    "Search": "Buscar",
    "Load more results": "Cargar más resultados",
    "%(distance)s away": "a %(distance)s",
    "%(num)s+ providers found near %(place)s.": "Más de %(num)s proveedores cerca de %(place)s.",
    "%(num)s more loaded, %(total)s providers in all.": [
        "Se cargó %(num)s más; %(total)s proveedores en total.",
        "Se cargaron %(num)s más; %(total)s proveedores en total."],
}


def article_app(finder_url: str):
    """Return a WSGI app serving a publisher's article embedding the widget from
    finder_url, with ``<html lang>`` from ``?html_lang=`` and ``data-lang`` from
    ``?data_lang=`` (none when absent)."""
    def app(environ, start_response):
        asked = parse_qs(environ.get("QUERY_STRING", ""))
        html_lang = html.escape(asked.get("html_lang", [""])[0])
        data_lang = asked.get("data_lang")
        attrs = f' data-lang="{html.escape(data_lang[0])}"' if data_lang else ""
        body = f"""<!doctype html>
<html lang="{html_lang}"><head><meta charset="utf-8"><title>Un artículo</title></head>
<body><main><h1>Un artículo</h1>
<div data-provider-finder data-modality="ketamine" data-country="US"{attrs}></div>
<script src="{finder_url}/widget.js" async></script></main></body></html>"""
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [body.encode()]
    return app


@pytest.fixture(scope="module")
def articles(live_server):
    """The article on another origin (localhost, another port)."""
    with LiveServer(article_app(live_server.url)) as server:
        yield server.url.replace("127.0.0.1", "localhost")


@pytest.fixture
def requests_seen(page):
    """Every URL the page asks for, as it asks."""
    seen = []
    page.on("request", lambda request: seen.append(request.url))
    return seen


def publish(page, articles, html_lang, data_lang=None, wait_ms=5_000):
    """Open the article with this ``<html lang>`` and ``data-lang``; return the widget."""
    query = {"html_lang": html_lang, **({"data_lang": data_lang} if data_lang else {})}
    page.goto(f"{articles}/?{urlencode(query)}")
    widget = page.locator("[data-provider-finder]")
    expect(widget.locator("section.pf")).to_be_attached(timeout=wait_ms)
    return widget


def api_langs(seen) -> dict:
    """Return ``{path: [lang, ...]}`` for every API request made."""
    found = {}
    for url in seen:
        parts = urlsplit(url)
        if parts.path.startswith("/api/"):
            found.setdefault(parts.path, []).extend(parse_qs(parts.query).get("lang", [None]))
    return found


def search(widget, near="83702"):
    widget.locator("#near").fill(near)
    widget.locator("button[type=submit]").click()
    expect(widget.locator("ol.results > li")).to_have_count(10)


@pytest.mark.parametrize("html_lang, data_lang", [("es", None), ("es-MX", None), ("en", "es"),
                                                  ("fr", "es-US")])
def test_a_spanish_page_gets_the_spanish_catalog_and_asks_the_api_in_spanish(
        page, live_server, articles, data, requests_seen, html_lang, data_lang):
    with page.expect_response(f"{live_server.url}/widget/messages/es.json") as catalog:
        widget = publish(page, articles, html_lang, data_lang)
    assert catalog.value.status == 200
    assert catalog.value.headers["access-control-allow-origin"] == "*"
    expect(widget.locator("section.pf")).to_have_attribute("lang", "es")
    search(widget)
    langs = api_langs(requests_seen)
    assert {"/api/v1/search", "/api/v1/countries", "/api/v1/modalities"} <= set(langs)
    assert all(lang == "es" for values in langs.values() for lang in values), langs
    # One catalog for the page, asked for before anything is shown.
    assert requests_seen.count(f"{live_server.url}/widget/messages/es.json") == 1


@pytest.mark.parametrize("html_lang, data_lang", [("en", None), ("en-GB", None), ("fr", None),
                                                  ("es", "en"), ("", None)])
def test_an_english_page_asks_for_no_catalog_and_asks_the_api_in_english(
        page, articles, data, requests_seen, html_lang, data_lang):
    widget = publish(page, articles, html_lang, data_lang)
    expect(widget.get_by_role("heading", name="Find a Provider Near You")).to_be_visible()
    expect(widget.locator("section.pf")).to_have_attribute("lang", "en")
    search(widget)
    assert not [url for url in requests_seen if "/widget/messages/" in url]
    langs = api_langs(requests_seen)
    assert "/api/v1/search" in langs
    assert all(lang == "en" for values in langs.values() for lang in values), langs


def test_the_embed_page_in_spanish_gives_the_widget_data_lang(page, live_server, data,
                                                            requests_seen):
    with page.expect_response(f"{live_server.url}/widget/messages/es.json"):
        page.goto(f"{live_server.url}/embed?modality=ketamine&country=US&lang=es")
    widget = page.locator("[data-provider-finder]")
    expect(widget).to_have_attribute("data-lang", "es")
    expect(widget.locator("section.pf")).to_have_attribute("lang", "es")
    search(widget)
    assert set(api_langs(requests_seen)["/api/v1/search"]) == {"es"}


def test_without_its_catalog_the_widget_works_in_english(page, articles, data, requests_seen):
    page.route(re.compile(r"/widget/messages/"), lambda route: route.abort())
    widget = publish(page, articles, "es")
    expect(widget.get_by_role("heading", name="Find a Provider Near You")).to_be_visible()
    expect(widget.locator("section.pf")).to_have_attribute("lang", "en")
    search(widget)
    expect(widget.get_by_role("button", name="Load more results")).to_be_visible()
    langs = api_langs(requests_seen)
    assert all(lang == "en" for values in langs.values() for lang in values), langs


def test_a_catalog_that_never_comes_leaves_the_widget_in_english(page, articles, data):
    page.route(re.compile(r"/widget/messages/"), lambda route: None)     # never answered
    widget = publish(page, articles, "es", wait_ms=10_000)
    expect(widget.get_by_role("heading", name="Find a Provider Near You")).to_be_visible()
    expect(widget.locator("section.pf")).to_have_attribute("lang", "en")


def test_the_widget_shows_its_catalogs_messages_with_spanish_numbers(page, live_server, articles,
                                                                     data, screenshot):
    # The catalog as it will be once translated: placeholders filled, plural forms
    # chosen, numbers written the Spanish way (2,5 mi).
    english = json.loads(page.request.get(f"{live_server.url}/widget/messages/en.json").text())
    page.route(re.compile(r"/widget/messages/es\.json"), lambda route: route.fulfill(
        status=200, content_type="application/json", headers={"Access-Control-Allow-Origin": "*"},
        body=json.dumps({**english, **SPANISH})))
    widget = publish(page, articles, "es")
    expect(widget.get_by_role("heading", name="Encuentre un proveedor cerca de usted")) \
        .to_be_visible()
    widget.get_by_label("Código postal o ciudad").fill("83702")
    widget.get_by_role("button", name="Buscar", exact=True).click()
    expect(widget.locator("ol.results > li")).to_have_count(10)
    expect(widget.get_by_role("status")).to_have_text(
        re.compile(r"^Más de 10 proveedores cerca de .+\.$"))
    expect(widget.locator("ol.results > li").first).to_contain_text(re.compile(r"a \d,\d mi"))
    widget.get_by_role("button", name="Cargar más resultados").click()
    expect(widget.locator("ol.results > li")).to_have_count(12)
    expect(widget.get_by_role("status")).to_have_text(
        "Se cargaron 2 más; 12 proveedores en total.")
    screenshot(page, "widget-es-catalog")


def spanish_for(message: str) -> str:
    app = create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL})
    with app.test_request_context(), force_locale("es"):
        return gettext(message)


@pytest.mark.parametrize("context_options", [{"bypass_csp": True}])
def test_the_widget_on_the_demo_article_in_spanish(page, live_server, data, screenshot):
    spanish = spanish_for("Load more results")
    if spanish == "Load more results":
        pytest.skip("the Spanish catalog does not translate the widget's messages yet")
    page.goto(f"{live_server.url}/demo/ketamine?lang=es")
    widget = page.locator("[data-provider-finder]")
    expect(widget.locator("section.pf")).to_have_attribute("lang", "es")
    expect(widget.get_by_role("heading", name=spanish_for("Find a Provider Near You"))) \
        .to_be_visible()
    search(widget)
    expect(widget.get_by_role("button", name=spanish)).to_be_visible()
    screenshot(page, "widget-es-demo-ketamine")
    no_violations(page)
