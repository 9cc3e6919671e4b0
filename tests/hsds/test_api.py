"""The HSDS 3.0 API: every answer valid against Open Referral's compiled schemas.

The schemas are read from ``../shared/hsds`` (never copied into the project), validated as
JSON Schema Draft 2020-12 with formats checked. The sample has a demo provider, a listing
and a SAMHSA facility.
"""
import datetime as dt
import json
from pathlib import Path

import pytest
from jsonschema import Draft202012Validator

from finder.hsds import mapping
from tests.factories import make_provider

COMPILED = Path(__file__).resolve().parents[2] / ".." / "shared" / "hsds" / "schema" / "compiled"
PAGING = {"total_items", "total_pages", "page_number", "size", "first_page", "last_page",
          "empty", "contents"}
# Nome, Alaska (ZIP 99762): an area no other test uses.
NOME = (64.5011, -165.4064)


def validator(name: str) -> Draft202012Validator:
    if not COMPILED.exists():
        pytest.skip(f"{COMPILED} is missing")
    schema = json.loads((COMPILED / name).read_text())
    return Draft202012Validator(schema, format_checker=Draft202012Validator.FORMAT_CHECKER)


def valid(name: str, document: dict):
    errors = sorted(validator(name).iter_errors(document), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors[:10])


@pytest.fixture
def sample(session):
    common = {"region": "AK", "city": "Nome", "postcode": "99762", "country": "US"}
    demo = make_provider(session, lat=NOME[0], lon=NOME[1], source="demo", name="Demo Nome",
                         **common)
    # Approved today, so confirmed today (a listing not confirmed for a year leaves the data).
    listing = make_provider(session, lat=NOME[0] + 0.01, lon=NOME[1], source="listing",
                            last_confirmed=dt.datetime.now(dt.timezone.utc),
                            name="Nome Listing", practice_name="Nome Practice",
                            phone="907-555-0100 x12", website="https://nome.example.org",
                            street="1 Front St", payment=["medicaid", "sliding-fee"],
                            price_min=120, price_max=200, price_currency="USD",
                            languages=["en", "ypk"], bio="Integration circles.",
                            email="secret@example.org", license_number="SECRET-LIC",
                            **common)
    samhsa = make_provider(session, lat=NOME[0] + 0.02, lon=NOME[1], source="samhsa-2022",
                           name="Nome Norton Sound Health", provider_type="clinic", modalities=[],
                           service_tags=["mh", "op", "ss"], payment=["sliding-fee"],
                           languages=["sgn"], accepting_new_clients=None,
                           street="1000 Greg Kruschek Ave", **common)
    pending = make_provider(session, lat=NOME[0], lon=NOME[1], status="pending",
                            name="Pending Nome", **common)
    return {"demo": demo, "listing": listing, "samhsa": samhsa, "pending": pending}


def ours(contents, sample, kind):
    ids = {mapping.ident(kind, pid): role for role, pid in sample.items()}
    return {ids[c["id"]]: c for c in contents if c["id"] in ids}


def test_index_names_version_profile_and_openapi(client):
    answer = client.get("/hsds/").json
    assert answer["version"].startswith("3.0") and answer["openapi_url"].startswith("https://")
    assert "Open Referral" in answer["attribution"] and "CC BY-SA 4.0" in answer["attribution"]


@pytest.mark.parametrize("path, kind, item_schema, one_schema", [
    ("services", "service", "service_list.json", "service.json"),
    ("organizations", "organization", "organization_list.json", "organization.json"),
    # 3.0 declares /service_at_locations/{id} as compiled/service.json (a known quirk); the
    # record is a service_at_location, validated as one.
    ("service_at_locations", "service_at_location", "service_at_location_list.json",
     "service_at_location.json"),
])
def test_every_list_and_record_is_valid_hsds(client, sample, path, kind, item_schema,
                                             one_schema):
    answer = client.get(f"/hsds/{path}", query_string={
        "search": "Nome" if kind != "service_at_location" else None, "per_page": 200,
        **({"postcode": "99762", "proximity": 10000} if kind == "service_at_location" else {})})
    assert answer.status_code == 200, answer.json
    page = answer.json
    assert set(page) == PAGING
    found = ours(page["contents"], sample, kind)
    # Approved public data only: the pending listing is not there.
    assert {"demo", "listing"} <= set(found) and "pending" not in found
    for record in page["contents"]:
        valid(item_schema, record)
    for role in ("demo", "listing", "samhsa"):
        one = client.get(f"/hsds/{path}/{mapping.ident(kind, sample[role])}")
        assert one.status_code == 200
        valid(one_schema, one.json)
    assert client.get(f"/hsds/{path}/{mapping.ident(kind, sample['pending'])}").status_code == 404


def test_the_listing_carries_languages_phones_costs_and_terms(client, sample):
    service = client.get(f"/hsds/services/{mapping.ident('service', sample['listing'])}").json
    assert [(lang["code"], lang["name"]) for lang in service["languages"]] == [
        ("en", "English"), ("ypk", "Yupik")]
    assert service["phones"][0]["number"] == "907-555-0100"
    assert service["phones"][0]["extension"] == 12
    assert service["cost_options"][0]["amount_description"] == "120–200 USD per session"
    assert service["fees_description"] == "Accepts: Medicaid; Sliding fee scale"
    terms = {a["taxonomy_term"]["code"] for a in service["attributes"] if "taxonomy_term" in a}
    assert {"ketamine-assisted-therapy", "medicaid", "sliding-fee"} <= terms
    assert service["organization"]["name"] == "Nome Practice"
    text = json.dumps(service)
    assert "secret@example.org" not in text and "SECRET-LIC" not in text


def test_samhsa_credit_and_codes(client, sample):
    service = client.get(f"/hsds/services/{mapping.ident('service', sample['samhsa'])}").json
    credits = [a["value"] for a in service["attributes"] if a["link_type"] == "source_credit"]
    assert credits == ["Source: SAMHSA National Directories, 2022"]
    codes = {a["taxonomy_term"]["code"] for a in service["attributes"] if "taxonomy_term" in a}
    assert {"MH", "OP", "SS", "sliding-fee"} <= codes
    assert service["languages"][0]["code"] == "sgn"


def test_ndjson_streams_every_record_line_by_line(client, sample):
    response = client.get("/hsds/services", query_string={"format": "ndjson", "search": "Nome"})
    assert response.mimetype == "application/x-ndjson"
    lines = response.data.decode().splitlines()
    records = [json.loads(line) for line in lines]
    for record in records:
        valid("service.json", record)
    assert {"demo", "listing", "samhsa"} <= set(ours(records, sample, "service"))


def test_paging_and_filters(client, sample):
    first = client.get("/hsds/organizations", query_string={"search": "Nome", "per_page": 1}).json
    assert first["size"] == 1 and first["first_page"] and first["total_items"] >= 3
    assert not first["last_page"] and first["total_pages"] == first["total_items"]
    payment = mapping.term_id("finder-payment", "sliding-fee")
    found = client.get("/hsds/services", query_string={
        "search": "Nome", "taxonomy_term_id": payment}).json["contents"]
    assert set(ours(found, sample, "service")) == {"listing", "samhsa"}
    later = client.get("/hsds/services", query_string={
        "modified_after": "2999-01-01T00:00:00Z"}).json
    assert later["total_items"] == 0 and later["empty"]
    near = client.get("/hsds/service_at_locations", query_string={
        "postcode": "99762", "proximity": 5000}).json["contents"]
    assert [c["id"] for c in near][:1] == [mapping.ident("service_at_location", sample["demo"])]


def test_taxonomies_and_terms_are_listed(client):
    taxonomies = client.get("/hsds/taxonomies").json
    assert {t["name"] for t in taxonomies["contents"]} >= {"finder treatments", "finder payment"}
    terms = client.get("/hsds/taxonomy_terms", query_string={"per_page": 200}).json
    assert set(terms) == PAGING
    assert "sliding-fee" in {t["code"] for t in terms["contents"]}


@pytest.mark.parametrize("args, field", [
    ({"page": "0"}, "page"), ({"per_page": "5000"}, "per_page"),
    ({"modified_after": "yesterday"}, "modified_after"), ({"format": "xml"}, "format"),
    ({"taxonomy_term_id": "nope"}, "taxonomy_term_id"), ({"proximity": "100"}, "proximity"),
])
def test_bad_parameters_are_a_400_naming_the_field(client, args, field):
    answer = client.get("/hsds/service_at_locations", query_string=args)
    assert answer.status_code == 400 and answer.json["error"]["field"] == field
