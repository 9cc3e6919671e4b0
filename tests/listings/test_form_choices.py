"""The form's lists speak the visitor's words: countries, regions, treatments, phones."""
import re

import pytest
from sqlalchemy import text

from finder.pages.present import phone_display
from finder.pages.present import tel_href
from finder.providers import fields
from finder.providers import phones
from tests.factories import listing_payload
from tests.helpers import csrf_token
from tests.listings.test_form import field_error
from tests.listings.test_form import good_form


def selected(html, name):
    block = re.search(rf'<select[^>]*name="{re.escape(name)}"[^>]*>(.*?)</select>', html, re.S)
    match = re.search(r'<option value="([^"]*)" selected>([^<]*)</option>', block.group(1))
    return match.groups() if match else None


def post(client, **overrides):
    page = client.get("/get-listed")
    return client.post("/get-listed", data={"csrf_token": csrf_token(page.text),
                                            **good_form(**overrides)})


def test_countries_are_named_and_the_default_is_the_app_setting(client):
    html = client.get("/get-listed").text
    assert selected(html, "address.country") == ("US", "United States")
    assert '<option value="GB">United Kingdom</option>' in html
    assert '<option value="CO">Colombia</option>' in html


@pytest.mark.parametrize(("accept", "country"), [("es-US,es;q=0.9", "US"), ("en-GB", "GB"),
                                                 ("de-DE", "DE"), ("fr", "US")])
def test_the_default_country_is_the_visitors_region(client, accept, country):
    html = client.get("/get-listed", headers={"Accept-Language": accept}).text
    assert selected(html, "address.country")[0] == country


def test_countries_are_named_in_spanish_for_a_spanish_visitor(client):
    html = client.get("/get-listed?lang=es").text
    assert selected(html, "address.country") == ("US", "Estados Unidos")
    assert '<option value="DE">Alemania</option>' in html


def test_us_states_are_a_list_and_the_typed_one_is_kept(client):
    html = post(client, email="bad").text
    assert selected(html, "address.region") == ("CO", "Colorado")


def test_treatments_show_their_labels_not_slugs(client):
    html = client.get("/get-listed").text
    assert re.search(r'value="psilocybin"> Psilocybin', html)
    assert "> psilocybin<" not in html


def test_languages_are_ticked_by_name(client):
    html = client.get("/get-listed").text
    assert re.search(r'data-name="spanish"><input type="checkbox" name="languages" value="es"> '
                     r'Spanish</label>', html)


def test_a_language_outside_the_list_is_refused_in_plain_words(client):
    response = post(client, languages="klingon")
    assert response.status_code == 422
    assert field_error(response.text, "languages") == "Choose languages from the list."


def test_a_phone_is_stored_as_e164_for_the_listings_country(client, session):
    assert post(client, phone="(303) 555-0100 ext. 4").status_code == 200
    assert session.scalar(text("SELECT phone FROM providers WHERE name = 'Dr. Form Filler'")) \
        == "+13035550100;ext=4"


def test_a_phone_that_is_not_one_of_the_countrys_says_how_to_write_it(client):
    response = post(client, phone="555-01")
    assert field_error(response.text, "phone") == (
        "Phone must be a phone number for United States, such as (201) 555-0123, or start "
        "with + and the country code.")


def test_a_phone_of_another_country_with_its_code_is_fine(client, session):
    assert post(client, phone="+44 20 7946 0000").status_code == 200
    assert session.scalar(text("SELECT phone FROM providers WHERE name = 'Dr. Form Filler'")) \
        == "+442079460000"


def test_the_api_stores_e164_too(client, session):
    listing_id = client.post("/api/v1/listings", json=listing_payload(
        phone="303.555.0100")).json["id"]
    assert session.scalar(text("SELECT phone FROM providers WHERE id = :id"),
                          {"id": listing_id}) == "+13035550100"


def test_a_postcode_of_another_country_marks_the_country(client):
    response = post(client, **{"address.country": "CO", "address.postcode": "80203",
                               "address.region": ""})
    html = response.text
    assert field_error(html, "address-country") == (
        "We couldn't find ZIP code 80203 in Colombia. Did you mean United States?")
    assert field_error(html, "address-postcode") is None
    assert 'href="#f-address-country"' in html
    assert selected(html, "address.country") == ("CO", "Colombia")


@pytest.mark.parametrize(("stored", "country", "shown", "dialled"), [
    ("+13035550100", "US", "(303) 555-0100", "tel:+13035550100"),
    ("+14807841514;ext=1126", "US", "(480) 784-1514 ext. 1126", "tel:+14807841514"),
    ("+442079460000", "GB", "020 7946 0000", "tel:+442079460000"),
    ("+442079460000", "US", "+44 20 7946 0000", "tel:+442079460000"),
    ("303-555-0100", "US", "(303) 555-0100", "tel:+13035550100"),   # stored before E.164
    ("555-0100", "US", "555-0100", "tel:5550100"),                  # not valid: as written
])
def test_phones_are_shown_nationally_and_dial_e164(stored, country, shown, dialled):
    assert phone_display(stored, country) == shown
    assert tel_href(stored, country) == dialled


def test_the_import_keeps_a_number_it_cannot_read_as_written():
    assert phones.clean_phone("555-0100", "US") == "555-0100"
    assert phones.clean_phone("303 555 0100", "US") == "+13035550100"
    with pytest.raises(fields.FieldError):
        phones.clean_phone("call me", "US")


def test_the_edit_form_shows_the_phone_as_written_nationally_and_sending_it_changes_nothing(
        client, session):
    page = post(client, phone="+1 303 555 0100")
    link = re.search(r'href="http://localhost(/get-listed/edit/[^"]+)"', page.text).group(1)
    edit = client.get(link).text
    assert 'value="(303) 555-0100"' in edit
    form = {"csrf_token": csrf_token(edit), **good_form(phone="(303) 555-0100")}
    assert "Nothing changed" in client.post(link, data=form).text


def test_a_region_written_as_its_name_is_chosen_in_the_list(client):
    html = post(client, email="bad", **{"address.region": "colorado"}).text
    assert selected(html, "address.region") == ("CO", "Colorado")
    html = post(client, email="bad", **{"address.region": "Atlantis"}).text
    assert selected(html, "address.region") == ("Atlantis", "Atlantis")   # kept as written
