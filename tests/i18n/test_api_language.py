"""The API answers in the visitor's language: ``message`` in Spanish for ``Accept-Language:
es`` (or ``?lang=es``), while ``code`` and ``field``, which programs read, stay the same."""
import pytest

from tests.factories import listing_payload

ES = {"Accept-Language": "es-US,es;q=0.9"}


def error(client, url, **kwargs):
    response = client.get(url, **kwargs)
    assert response.status_code >= 400
    body = response.get_json()["error"]
    return response.status_code, body


@pytest.mark.parametrize("url, spanish", [
    ("/api/v1/search?near=zzqxv&country=US", "No se encontró"),
    ("/api/v1/search?near=80203&radius_km=abc", "número"),
    ("/api/v1/search?near=80203&modality=lsd", "desconocido"),
    ("/api/v1/search?country=US", "Indique dónde buscar"),
    ("/api/v1/search?near=80203&country=ZZ", "ZZ"),
    ("/api/v1/providers/999999999", "999999999"),
    ("/api/v1/no-such-thing", "dirección"),
])
def test_errors_are_in_spanish_with_the_same_code_and_field(client, url, spanish):
    status_en, english = error(client, url, headers={"Accept-Language": "en"})
    status_es, body = error(client, url, headers=ES)
    assert (status_es, body["code"], body.get("field")) == \
        (status_en, english["code"], english.get("field"))
    assert body["message"] != english["message"]
    assert spanish in body["message"]
    assert error(client, url + ("&" if "?" in url else "?") + "lang=es")[1] == body


def test_the_lang_parameter_wins_over_accept_language(client):
    _, body = error(client, "/api/v1/search?near=zzqxv&lang=en", headers=ES)
    assert body["message"].startswith("No place 'zzqxv' was found in United States")


def test_a_language_finder_does_not_speak_is_refused_with_its_field(client):
    status, body = error(client, "/api/v1/search?near=80203&lang=fr")
    assert (status, body["code"], body["field"]) == (400, "invalid_parameter", "lang")
    assert "en, es" in body["message"]


def test_an_access_notice_and_labels_come_in_spanish(client):
    answer = client.get("/api/v1/search?near=83702&country=US&modality=psilocybin&lang=es")\
        .get_json()
    access = answer["access"][0]
    assert access["status"] == "trials-only"   # the status is a code: the same in every language
    assert access["status_label"] == "solo en ensayos clínicos"
    assert access["jurisdiction"]["label"] == "Idaho, Estados Unidos"
    assert "no es asesoramiento legal" in access["note"]
    assert answer["crisis"]["line"]["tel"] == "988"
    assert "988" in answer["crisis"]["line"]["how"] and "llame" in answer["crisis"]["line"]["how"]
    vocabulary = client.get("/api/v1/modalities?lang=es").get_json()
    labels = {m["slug"]: m["label"] for m in vocabulary["modalities"]}
    assert labels["psilocybin"] == "Terapia con psilocibina"
    assert {p["slug"]: p["label"] for p in vocabulary["payment"]}["self-pay"] != "Self-pay (cash)"
    english = {m["slug"]: m["label"]
               for m in client.get("/api/v1/modalities?lang=en").get_json()["modalities"]}
    assert english["psilocybin"] == "Psilocybin therapy"


def test_a_refused_listing_names_each_field_in_spanish(client):
    body = listing_payload(modalities=[], address={"postcode": "80203", "country": "CO"})
    english = client.post("/api/v1/listings", json=body, headers={"Accept-Language": "en"})
    spanish = client.post("/api/v1/listings", json=body, headers=ES)
    assert english.status_code == spanish.status_code == 422
    en, es = english.get_json()["error"], spanish.get_json()["error"]
    assert (es["code"], es["field"], sorted(es["fields"])) == \
        (en["code"], en["field"], sorted(en["fields"]))
    assert es["fields"]["address.country"].startswith("No encontramos el código postal (ZIP) 80203")
    assert "Estados Unidos" in es["fields"]["address.country"]
    assert es["message"] != en["message"]


def test_each_request_keeps_its_own_language_when_they_alternate(client, app):
    """The locale is worked out once per (``?lang=``, Accept-Language) pair and each
    locale's catalog kept per app: requests that alternate must never borrow another's."""
    url = "/api/v1/search?near=zzqxv&country=US"
    asked = [({"Accept-Language": "es-US,es;q=0.9"}, "", "No se encontró"),
             ({"Accept-Language": "en-GB,en;q=0.8"}, "", "No place"),
             ({"Accept-Language": "en"}, "&lang=es", "No se encontró"),
             ({"Accept-Language": "es-ES"}, "&lang=en", "No place"),
             ({"Accept-Language": "fr-CA, *;q=0.1"}, "", "No place"),
             ({}, "", "No place")]
    for _round in range(2):
        for headers, lang, words in asked:
            assert words in error(client, url + lang, headers=headers)[1]["message"]
    with app.test_request_context("/", headers={"Accept-Language": "es-US,es;q=0.9"}):
        from flask_babel import force_locale
        from flask_babel import get_locale
        from finder.i18n import gettext
        assert str(get_locale()) == "es_US"   # the visitor's variety, for numbers and dates
        spanish = gettext("Licence not verified")
        with force_locale("en"):
            assert gettext("Licence not verified") == "Licence not verified"
        assert gettext("Licence not verified") == spanish != "Licence not verified"
