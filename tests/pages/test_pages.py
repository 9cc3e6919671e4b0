"""The public pages rendered on the server: they work without JavaScript."""
import re
from html.parser import HTMLParser

import pytest

from tests.factories import make_provider

DENVER = {"lat": 39.7392, "lon": -104.9903}
HOSTILE = '<img src=x onerror="alert(1)">Dr. <b>Bold</b> <script>alert(2)</script>'


class Scripts(HTMLParser):
    """Collect every <script> tag's attributes and any on* attribute on any tag."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "script":
            self.scripts.append(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]


def inline_code(html: str) -> list:
    """Return what a CSP without 'unsafe-inline' would block: inline scripts and handlers."""
    parser = Scripts()
    parser.feed(html)
    inline = [s for s in parser.scripts if "src" not in s and s.get("type") != "application/json"]
    return inline + parser.handlers


@pytest.fixture
def denver(session):
    """Twelve approved ketamine providers around Denver, the first holding markup in its name."""
    ids = [make_provider(session, lat=DENVER["lat"] + i * 0.01, lon=DENVER["lon"], name=name,
                         phone="+1 303-555-0100", website="https://example.org",
                         bio="<script>alert(3)</script>\n\nSecond paragraph.")
           for i, name in enumerate([HOSTILE] + [f"Provider {n}" for n in range(11)])]
    return ids


def test_search_page_without_a_search(client):
    response = client.get("/")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert '<label for="near">Postcode or town</label>' in html
    assert '<option value="ketamine">Any ketamine treatment</option>' in html
    assert inline_code(html) == []


def test_search_is_rendered_on_the_server_in_miles(client, denver):
    html = client.get("/?near=80202&modality=ketamine").get_data(as_text=True)
    items = re.findall(r'<li class="provider-card"', html)
    assert len(items) == 10
    assert "Ketamine providers near Denver" in html
    assert re.search(r"\d+(\.\d)? mi away", html)
    assert html.count("View profile") == 10
    assert 'href="tel:+13035550100"' in html
    assert "GeoNames" in html.split('id="provider-list"')[1]
    assert inline_code(html) == []


def test_markup_in_a_providers_name_is_shown_as_text(client, denver):
    html = client.get("/?near=80202&modality=ketamine").get_data(as_text=True)
    assert "&lt;img src=x onerror=&#34;alert(1)&#34;&gt;Dr. &lt;b&gt;Bold&lt;/b&gt;" in html
    assert "<img src=x" not in html and "<script>alert" not in html


def test_load_more_link_continues_where_the_page_ended(client, denver):
    html = client.get("/?near=80202&modality=ketamine").get_data(as_text=True)
    more = re.search(r'<a class="button" id="more" href="([^"]+)">Load more results</a>', html)
    assert more
    rest = client.get("/" + more.group(1).replace("&amp;", "&")).get_data(as_text=True)
    first = set(re.findall(r'id="provider-(\d+)"', html))
    second = set(re.findall(r'id="provider-(\d+)"', rest))
    assert len(second) == 2 and not first & second
    assert 'id="more"' not in rest


def test_unknown_postcode_names_what_was_typed(client):
    response = client.get("/?near=00000&country=US")
    html = response.get_data(as_text=True)
    assert response.status_code == 404
    assert 'role="alert"' in html and "00000" in html
    assert 'value="00000"' in html   # the form keeps what was typed
    assert 'aria-invalid="true"' in html


def test_no_results_offers_a_wider_radius_and_telehealth(client, session):
    make_provider(session, lat=40.5853, lon=-105.0844, modalities=["mdma-assisted-therapy"],
                  region="CO")                              # Fort Collins, 58 mi from 80202
    make_provider(session, lat=37.2753, lon=-107.8801, modalities=["mdma-assisted-therapy"],
                  telehealth=True, region="CO", name="Remote Helper")   # Durango
    html = client.get("/?near=80202&modality=mdma-assisted-therapy&radius_km=16.1") \
        .get_data(as_text=True)
    assert "No MDMA-assisted therapy providers within 10 mi of Denver" in html
    assert re.search(r"The nearest one is \d+ mi away", html)
    assert re.search(r'<a class="button primary" href="\?[^"]*radius_km=160.9[^"]*">'
                     r"Search within 100 mi</a>", html)
    assert "Telehealth options" in html and "Remote Helper" in html


def test_distances_are_in_km_outside_mile_countries(client, session):
    make_provider(session, lat=52.52, lon=13.405, country="DE", region="Berlin", city="Berlin",
                  postcode="10115")
    html = client.get("/?near=10115&country=DE").get_data(as_text=True)
    assert re.search(r"\d+(\.\d)? km away", html)
    assert "Within 50 km" in html


def test_bad_radius_is_a_clear_error(client):
    response = client.get("/?near=80202&radius_km=9000")
    assert response.status_code == 400
    assert "radius_km must be a number" in response.get_data(as_text=True)


def test_profile_shows_everything_public_as_text(client, session):
    provider_id = make_provider(session, name=HOSTILE, credentials="MD", practice_name="Clinic",
                                bio="<script>alert(3)</script>\n\nWe listen.", phone="303-555-0100",
                                website="https://example.org/x", languages=["en", "es"],
                                email="private@example.org", license_number="SECRET-123",
                                telehealth=True)
    response = client.get(f"/providers/{provider_id}", follow_redirects=True)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "&lt;script&gt;alert(3)&lt;/script&gt;" in html
    assert "<script>alert" not in html and "<img src=x" not in html
    assert "English, Spanish" in html and "Ketamine-assisted psychotherapy" in html
    assert 'href="https://example.org/x"' in html and 'href="tel:+13035550100"' in html
    assert "private@example.org" not in html and "SECRET-123" not in html
    assert "Show on the map" in html and "GeoNames" in html
    assert inline_code(html) == []


def test_profile_slug_redirects_to_the_canonical_one(client, session):
    provider_id = make_provider(session, name="Ada Lovelace")
    response = client.get(f"/providers/{provider_id}-old-name")
    assert response.status_code == 301
    assert response.headers["Location"].endswith(f"/providers/{provider_id}-ada-lovelace")


@pytest.mark.parametrize("status", ["pending", "rejected", "withdrawn"])
def test_profile_of_a_listing_not_approved_is_404(client, session, status):
    provider_id = make_provider(session, status=status, name="Hidden Person")
    response = client.get(f"/providers/{provider_id}-hidden-person")
    assert response.status_code == 404
    assert "Hidden Person" not in response.get_data(as_text=True)


@pytest.mark.parametrize("slug", ["nope", "0", "99999999999999999999"])
def test_profile_with_a_bad_slug_is_404(client, slug):
    assert client.get(f"/providers/{slug}").status_code == 404


def test_website_that_is_not_http_is_not_a_link(client, session):
    provider_id = make_provider(session, name="Eve", website="javascript:alert(1)")
    html = client.get(f"/providers/{provider_id}-eve").get_data(as_text=True)
    assert "javascript:" not in html


def test_demo_article_embeds_the_widget_as_a_publisher_would(client):
    response = client.get("/demo/ketamine")
    html = response.get_data(as_text=True)
    assert "Ketamine for Depression: Is it Right for You?" in html
    assert '<div data-provider-finder data-modality="ketamine" data-country="US" data-lang="en"></div>' in html
    assert '<script src="http://localhost/widget.js" async></script>' in html
    assert "Are you a Therapist? Get Listed!" in html
    assert inline_code(html) == []


@pytest.mark.parametrize("path", ["/", "/demo/ketamine"])
def test_pages_link_to_get_listed_and_credit_geonames(client, path):
    html = client.get(path).get_data(as_text=True)
    assert '<a class="button cta" href="/get-listed">Are you a Therapist? Get Listed!</a>' in html
    assert 'href="https://www.geonames.org/"' in html


def test_pages_forbid_inline_script(client):
    policy = client.get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy and "unsafe-inline" not in policy
    assert "https://tile.openstreetmap.org" in policy


def test_leaflet_is_served_from_the_npm_install(client, app):
    with client.get("/vendor/leaflet/leaflet.js") as response:
        assert response.status_code == 200, "run `make assets` (npm ci) first"
        assert b"Leaflet" in response.data[:400]
    assert client.get("/vendor/leaflet/../../axe-core/axe.js").status_code == 404
