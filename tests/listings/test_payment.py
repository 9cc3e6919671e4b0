"""A listing's payment facts and languages: sent by API or form, moderated, then public."""
import re

import pytest
from sqlalchemy import text

from tests.factories import listing_payload
from tests.helpers import csrf_token


def test_the_api_takes_payment_and_a_price_range(client, session):
    answer = client.post("/api/v1/listings", json=listing_payload(
        name="Dr. Pays", payment=["sliding-fee", "medicaid"], price_min=150, price_max=220.5,
        price_currency="USD", languages=["es", "sgn"]))
    assert answer.status_code == 201, answer.json
    row = session.execute(text("SELECT payment, price_min, price_max, price_currency, "
                               "languages, status FROM providers WHERE id = :id"),
                          {"id": answer.json["id"]}).one()
    # Stored in the vocabulary's order, whatever order they came in.
    assert row.payment == ["medicaid", "sliding-fee"]
    assert (float(row.price_min), float(row.price_max), row.price_currency) == (150, 220.5, "USD")
    assert row.languages == ["es", "sgn"] and row.status == "pending"


@pytest.mark.parametrize("overrides, field, words", [
    ({"payment": ["cash"]}, "payment", "unknown value 'cash'"),
    ({"payment": "medicaid"}, "payment", "list of text values"),
    ({"price_min": "150", "price_currency": "USD"}, "price_min", "a JSON number"),
    ({"price_min": -1, "price_currency": "USD"}, "price_min", "from 0"),
    ({"price_min": 1.234, "price_currency": "USD"}, "price_min", "two decimals"),
    ({"price_min": 200, "price_max": 100, "price_currency": "USD"}, "price_max", "below"),
    ({"price_min": 200}, "price_currency", "Choose the currency of your prices."),
    ({"price_currency": "USD"}, "price_currency", "Enter a price, or choose"),
    ({"price_min": 10, "price_currency": "usd$"}, "price_currency", "currency codes"),
    ({"languages": ["spanish"]}, "languages", "ISO 639-1"),
])
def test_bad_payment_or_price_is_a_422_naming_the_field(client, session, overrides, field,
                                                        words):
    before = session.scalar(text("SELECT count(*) FROM providers"))
    answer = client.post("/api/v1/listings", json=listing_payload(**overrides))
    assert answer.status_code == 422
    fields = answer.json["error"]["fields"]
    assert list(fields) == [field] and words in fields[field]
    assert session.scalar(text("SELECT count(*) FROM providers")) == before


def test_the_form_asks_languages_by_name_and_payment_by_ticks(client, session):
    page = client.get("/get-listed", headers={"Accept-Language": "es-MX,es;q=0.9"}).text
    assert re.search(r'<input type="checkbox" name="languages" value="fr"> Francés', page)
    assert 'type="checkbox" name="payment" value="sliding-fee"> Escala móvil de tarifas' in page
    data = {"csrf_token": csrf_token(page), "name": "Dr. Form Payer", "provider_type": "therapist",
            "email": "payer@example.org", "modalities": ["integration"],
            "languages": ["es", "fr"], "payment": ["self-pay", "free"], "price_min": "80",
            "price_max": "", "price_currency": "EUR",
            "address.postcode": "80202", "address.country": "US"}
    answer = client.post("/get-listed", data=data)
    assert answer.status_code == 200, answer.text[-2000:]
    row = session.execute(text("SELECT languages, payment, price_min, price_max, price_currency "
                               "FROM providers WHERE name = 'Dr. Form Payer'")).one()
    assert (row.languages, row.payment) == (["es", "fr"], ["self-pay", "free"])
    assert (float(row.price_min), row.price_max, row.price_currency) == (80, None, "EUR")


def test_a_bad_price_on_the_form_keeps_every_tick(client):
    page = client.get("/get-listed").text
    answer = client.post("/get-listed", data={
        "csrf_token": csrf_token(page), "name": "Dr. Keep Ticks", "provider_type": "therapist",
        "email": "ticks@example.org", "modalities": ["integration"], "languages": ["de"],
        "payment": ["medicare"], "price_min": "lots", "price_currency": "USD",
        "address.postcode": "80202", "address.country": "US"})
    assert answer.status_code == 422
    html = answer.text
    assert 'value="de" checked' in html and 'value="medicare" checked' in html
    assert 'id="f-price_min-error"' in html and 'value="lots"' in html
