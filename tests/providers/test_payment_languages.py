"""Payment and languages: SAMHSA's codes mapped, the filters found in search, CSV round trip.

The directory rows are synthetic, in the real directory's column format; one test reads
SAMHSA's own file from ``SAMHSA_DIR`` (slow: it imports all 9,037 facilities).
"""
import csv
import os
from pathlib import Path

import pytest
from sqlalchemy import text

from finder.providers.importing import CSV_COLUMNS
from finder.providers.payment import PAYMENT
from finder.providers.samhsa import LANGUAGE_CODES
from tests.providers.test_cli import good_row
from tests.providers.test_cli import write_csv
from tests.providers.test_samhsa import facility
from tests.providers.test_samhsa import provider
from tests.providers.test_samhsa import run
from tests.providers.test_samhsa import write_directory

SAMHSA_FILE = Path(__file__).resolve().parents[2] / ".." / "shared" / "samhsa" / \
    "national-directory-mh-facilities-2022.csv"
# Abbeville, Alabama (ZIP 36310), where the synthetic facilities are placed.
ABBEVILLE = {"near": "36310", "country": "US", "radius_km": "25"}


def test_pay_and_language_codes_become_payment_and_iso_639(runner, session, tmp_path):
    path = write_directory(tmp_path, [facility(1, service_code_info=(
        "MH * KIT * MD MC PI MI SI VAF SF CMHG * SS PA * SP AH F28 F17 N40 NX F19"))])
    run(runner, path)
    row = provider(session, "Synthetic Health 1")
    assert row.payment == ["medicaid", "medicare", "private-insurance", "military-insurance",
                           "state-insurance", "va", "self-pay", "sliding-fee",
                           "payment-assistance"]
    # Codes with no one ISO equivalent (NX, F19) are not guessed; they stay service tags.
    assert row.languages == ["es", "sgn", "fr", "zh", "ypk"]
    assert {"cmhg", "nx", "f19", "ss", "sp"} <= set(row.service_tags)
    assert row.price_min is None and row.price_currency is None


def test_every_mapped_language_is_one_finder_names(app):
    from finder.names import language_name
    from finder.providers.fields import LANGUAGE_CODES as KNOWN
    assert set(LANGUAGE_CODES.values()) <= KNOWN
    assert language_name("sgn") == "Sign language (for deaf and hard of hearing people)"
    assert language_name("es", "fr") == "Espagnol"


def test_importing_again_updates_languages_and_payment(runner, session, tmp_path):
    path = write_directory(tmp_path, [facility(1, service_code_info="MH * SS * SP")])
    run(runner, path)
    # As an import before the mapping left them: empty.
    session.execute(text("UPDATE providers SET languages = '{}', payment = '{}' "
                         "WHERE source = 'samhsa-2022'"))
    assert "1 updated" in run(runner, path)
    row = provider(session, "Synthetic Health 1")
    assert (row.languages, row.payment) == (["es"], ["sliding-fee"])
    assert "1 unchanged" in run(runner, path)


def sliding_and_spanish(runner, tmp_path):
    rows = [facility(1, service_code_info="MH * KIT * MD * SS * SP"),
            facility(2, service_code_info="MH * KIT * PI SF"),
            facility(3, service_code_info="MH * KIT * SS PA"),
            facility(4, service_code_info="MH * KIT * MD * F28")]
    run(runner, write_directory(tmp_path, rows))


def names(response):
    assert response.status_code == 200, response.json
    return sorted(r["name"] for r in response.json["results"])


@pytest.mark.parametrize("how", ["walk", "fetch"])
def test_payment_and_language_filters_find_exactly_their_facilities(
        runner, client, session, tmp_path, monkeypatch, how):
    from finder.search import selectivity
    monkeypatch.setattr(selectivity, "fetch_facets", lambda stats, every, some: (
        (every, some) if how == "fetch" else ([], [])))
    sliding_and_spanish(runner, tmp_path)

    def found(**args):
        return [n for n in names(client.get("/api/v1/search", query_string={
            **ABBEVILLE, "source": "samhsa-2022", **args})) if n.startswith("Synthetic")]
    assert found(language="es") == ["Synthetic Health 1"]
    assert found(payment="sliding-fee") == ["Synthetic Health 1", "Synthetic Health 3"]
    # Any of the values: a visitor with Medicaid, or who needs a sliding fee.
    assert found(payment="medicaid,sliding-fee") == [
        "Synthetic Health 1", "Synthetic Health 3", "Synthetic Health 4"]
    assert found(payment=["self-pay", "payment-assistance"]) == [
        "Synthetic Health 2", "Synthetic Health 3"]
    assert found(language="es,fr") == ["Synthetic Health 1", "Synthetic Health 4"]
    assert found(language="fr", payment="sliding-fee") == []
    assert found(payment="free") == []


def test_other_care_keeps_to_the_language_and_payment_asked(runner, client, tmp_path):
    rows = [facility(1, service_code_info="MH * SS * SP"), facility(2, service_code_info="MH")]
    run(runner, write_directory(tmp_path, rows))
    answer = client.get("/api/v1/search", query_string={
        **ABBEVILLE, "modality": "mdma", "payment": "sliding-fee", "language": "es"}).json
    assert [p["name"] for p in answer["other_care"]] == ["Synthetic Health 1"]
    assert answer["other_care"][0]["payment"] == ["sliding-fee"]


@pytest.mark.parametrize("args, words", [
    ({"payment": "cash"}, "Unknown payment 'cash'"),
    ({"payment": "Medicaid"}, "Unknown payment"),
    ({"language": "spanish"}, "ISO 639-1"),
    ({"language": "es,xx"}, "'xx'"),
])
def test_bad_payment_or_language_is_a_400_naming_the_field(client, args, words):
    response = client.get("/api/v1/search", query_string={**ABBEVILLE, **args})
    assert response.status_code == 400
    error = response.json["error"]
    assert error["field"] == next(iter(args)) and words in error["message"]
    if "payment" in args:
        assert "sliding-fee" in error["message"]


def test_csv_import_and_export_carry_payment_and_price(runner, session, tmp_path):
    row = good_row(1, payment="Medicaid; sliding-fee", price_min="120", price_max="180.5",
                   price_currency="usd", languages="es;sgn")
    result = runner.invoke(args=["providers", "import", write_csv(tmp_path / "p.csv", [row], CSV_COLUMNS),
                                 "--source", "csvtest"])
    assert result.exit_code == 0 and "1 added" in result.output, result.output
    stored = session.execute(text("SELECT payment, price_min, price_max, price_currency, "
                                  "languages FROM providers WHERE source = 'csvtest'")).one()
    assert stored.payment == ["medicaid", "sliding-fee"]
    assert (float(stored.price_min), float(stored.price_max)) == (120, 180.5)
    assert (stored.price_currency, stored.languages) == ("USD", ["es", "sgn"])
    out = tmp_path / "out.csv"
    assert runner.invoke(args=["providers", "export", "-o", str(out)]).exit_code == 0
    with open(out, newline="") as fh:
        exported = [r for r in csv.DictReader(fh) if r["source"] == "csvtest"]
    assert exported[0]["payment"] == "medicaid;sliding-fee"
    assert (exported[0]["price_min"], exported[0]["price_max"]) == ("120", "180.5")
    assert exported[0]["price_currency"] == "USD"


@pytest.mark.parametrize("overrides, words", [
    ({"payment": "cash"}, "payment has unknown value 'cash'"),
    ({"price_min": "-5", "price_currency": "USD"}, "price_min must be a number from 0"),
    ({"price_min": "100", "price_max": "50", "price_currency": "USD"},
     "price_max must not be below price_min"),
    ({"price_min": "100"}, "price_currency goes with a price"),
    ({"price_currency": "USD"}, "price_currency goes with a price"),
    ({"price_min": "10", "price_currency": "XYZ"}, "price_currency must be one of"),
])
def test_csv_rows_with_bad_payment_or_price_are_reported(runner, tmp_path, overrides, words):
    path = write_csv(tmp_path / "p.csv", [good_row(1, **overrides)], CSV_COLUMNS)
    result = runner.invoke(args=["providers", "import", path, "--source", "csvtest"])
    assert f"line 2: {words}" in result.output, result.output


def test_payment_vocabulary_is_the_migrations(session):
    check = session.scalar(text(
        "SELECT pg_get_constraintdef(oid) FROM pg_constraint "
        "WHERE conname = 'providers_payment_check'"))
    assert [v for v in PAYMENT if f"'{v}'" in check] == list(PAYMENT)


@pytest.mark.slow
@pytest.mark.skipif(not SAMHSA_FILE.exists() and not os.environ.get("SAMHSA_DIR"),
                    reason="SAMHSA's directory is not beside the project")
def test_samhsa_directory_sliding_fee_is_exactly_the_ss_facilities(runner, client, session):
    path = Path(os.environ.get("SAMHSA_DIR") or SAMHSA_FILE.parent) / SAMHSA_FILE.name
    session.execute(text("SET LOCAL statement_timeout = 0"))
    run(runner, str(path))
    with open(path, newline="", encoding="utf-8-sig") as fh:
        rows = list(csv.DictReader(fh))
    with_ss = sum(1 for r in rows if "SS" in r["service_code_info"].split())
    counts = session.execute(text(
        "SELECT count(*) FILTER (WHERE 'sliding-fee' = ANY(payment)) AS sliding, "
        "count(*) FILTER (WHERE 'ss' = ANY(service_tags)) AS ss, "
        "count(*) FILTER (WHERE 'sliding-fee' = ANY(payment) <> ('ss' = ANY(service_tags))) "
        "AS differ, count(*) FILTER (WHERE 'es' = ANY(languages)) AS spanish "
        "FROM providers WHERE source = 'samhsa-2022'")).one()
    assert (counts.sliding, counts.ss, counts.differ) == (with_ss, with_ss, 0)
    assert counts.spanish == sum(1 for r in rows if "SP" in r["service_code_info"].split())
    # A ketamine clinic that treats in Spanish is found by language=es near its ZIP.
    clinic = session.execute(text(
        "SELECT id, postcode FROM providers WHERE source = 'samhsa-2022' AND 'es' = "
        "ANY(languages) AND modalities <> '{}' ORDER BY id LIMIT 1")).one()
    found = client.get("/api/v1/search", query_string={
        "near": clinic.postcode, "country": "US", "language": "es", "radius_km": 10,
        "limit": 50, "modality": "ketamine"}).json["results"]
    assert clinic.id in [r["id"] for r in found]
    assert all("es" in r["languages"] for r in found)
