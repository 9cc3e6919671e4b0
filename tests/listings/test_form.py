"""/get-listed as a person uses it: without JavaScript, the form keeps what was typed."""
import re
from html import unescape as html_unescape

from sqlalchemy import text

from tests.helpers import csrf_token

THANKS = "Thank you! Your submission has been received!"


def good_form(**overrides):
    data = {"name": "Dr. Form Filler", "credentials": "LCSW", "practice_name": "Form Practice",
            "provider_type": "therapist", "email": "form@example.org",
            "license_number": "LIC-123", "license_region": "Colorado",
            "phone": "303-555-0100", "website": "form.example.org",
            "modalities": ["ketamine-assisted-therapy", "integration"],
            "telehealth": "1", "accepting_new_clients": "1", "languages": "en, es",
            "bio": "We listen.", "address.street": "1 Main St", "address.city": "Denver",
            "address.region": "CO", "address.postcode": "80202", "address.country": "US"}
    data.update(overrides)
    return data


def post_form(client, **overrides):
    page = client.get("/get-listed")
    return client.post("/get-listed", data={"csrf_token": csrf_token(page.text),
                                            **good_form(**overrides)})


def field_error(html, key):
    match = re.search(rf'<p class="field-error" id="f-{re.escape(key)}-error">'
                      r'<span class="visually-hidden">Error: </span>([^<]*)</p>', html)
    return html_unescape(match.group(1)) if match else None


def test_the_form_offers_every_field_and_a_csrf_token(client):
    page = client.get("/get-listed")
    assert page.status_code == 200
    for name in ("name", "credentials", "practice_name", "provider_type", "email",
                 "license_number", "license_region", "phone", "website", "modalities",
                 "telehealth", "accepting_new_clients", "languages", "bio", "address.street",
                 "address.city", "address.region", "address.postcode", "address.country",
                 "location.lat", "location.lon", "csrf_token"):
        assert f'name="{name}"' in page.text, name
    assert 'value="ketamine-infusion"' in page.text and ">Psychiatrist<" in page.text
    assert "<script>" not in page.text and "onclick" not in page.text   # works under a strict CSP


def test_a_bad_submission_keeps_what_was_typed_and_marks_each_field(client, session):
    response = post_form(client, email="not-an-email", modalities=[], **{
        "address.postcode": "00000", "name": "Dr. <b>Keep</b> Me"})
    assert response.status_code == 422
    html = response.text
    assert "<title>Error: Get listed" in html
    assert '<h2 id="form-problem-title">3 fields need attention</h2>' in html
    assert "name@example.com" in field_error(html, "email")
    assert field_error(html, "modalities") == "Choose at least one treatment you offer."
    assert field_error(html, "address-postcode") == (
        "We couldn't find ZIP code 00000 in United States. Check the ZIP code and the country.")
    # Each summary link leads to its field; the treatments' to their fieldset, which can
    # take focus.
    assert 'href="#f-modalities" data-focus="f-modalities"' in html
    assert re.search(r'<fieldset [^>]*id="f-modalities" tabindex="-1"', html)
    assert field_error(html, "name") is None
    # Everything typed is still there, as text.
    assert 'value="Dr. &lt;b&gt;Keep&lt;/b&gt; Me"' in html
    assert 'value="not-an-email"' in html and 'value="LIC-123"' in html
    assert re.search(r'value="en" checked', html) and re.search(r'value="es" checked', html)
    assert ">We listen.</textarea>" in html
    assert '<option value="therapist" selected>' in html
    assert re.search(r'name="telehealth" value="1" checked', html)
    assert 'aria-invalid="true"' in html
    assert session.scalar(text("SELECT count(*) FROM providers WHERE name LIKE 'Dr. <b>%'")) == 0


def test_a_good_submission_thanks_and_shows_the_edit_link_once(client, session):
    response = post_form(client)
    assert response.status_code == 200
    assert THANKS in response.text
    link = re.search(r'href="(http://localhost/get-listed/edit/[^"]+)"', response.text).group(1)
    row = session.execute(text(
        "SELECT p.status, p.modalities, p.telehealth, p.website, pp.email FROM providers p "
        "JOIN provider_private pp ON pp.provider_id = p.id WHERE p.name = 'Dr. Form Filler'")).one()
    assert tuple(row) == ("pending", ["ketamine-assisted-therapy", "integration"], True,
                          "https://form.example.org", "form@example.org")
    assert client.get(link).status_code == 200


def test_unticked_boxes_mean_no(client, session):
    data = good_form()
    del data["telehealth"], data["accepting_new_clients"]
    page = client.get("/get-listed")
    client.post("/get-listed", data={"csrf_token": csrf_token(page.text), **data})
    row = session.execute(text("SELECT telehealth, accepting_new_clients FROM providers "
                               "WHERE name = 'Dr. Form Filler'")).one()
    assert tuple(row) == (False, False)


def test_a_post_without_the_csrf_token_is_refused_but_keeps_the_form(client, session):
    response = client.post("/get-listed", data=good_form())
    assert response.status_code == 400
    assert "Your listing was not saved yet" in response.text and "expired" in response.text
    assert "<title>Error: " in response.text
    assert 'value="Dr. Form Filler"' in response.text
    assert session.scalar(text(
        "SELECT count(*) FROM providers WHERE name = 'Dr. Form Filler'")) == 0


def test_form_pages_are_not_cached_or_framed(client):
    response = client.get("/get-listed")
    assert response.headers["Cache-Control"] == "no-store"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_the_form_works_over_https_where_the_referrer_is_checked(client):
    page = client.get("/get-listed", base_url="https://finder.example")
    assert page.headers["Referrer-Policy"] == "same-origin"   # the browser sends the Referer
    data = {"csrf_token": csrf_token(page.text), **good_form()}
    response = client.post("/get-listed", data=data, base_url="https://finder.example",
                           headers={"Referer": "https://finder.example/get-listed"})
    assert THANKS in response.text
    forged = client.post("/get-listed", data=data, base_url="https://finder.example",
                         headers={"Referer": "https://evil.example/"})
    assert forged.status_code == 400
