"""Fuzz the JSON API from its own OpenAPI document with schemathesis, in-process (WSGI).

Every generated request (the document's examples, boundary values, valid and invalid
random data) must get an answer the document describes: no 5xx, a documented status,
content type, headers and body, errors in the one error shape. The moderation API is
fuzzed with a moderator's token and, separately, without a valid one.

``FUZZ_EXAMPLES`` sets the random examples per operation (``make fuzz`` runs 1000).
"""
import os
import re

import pytest
import schemathesis
from hypothesis import HealthCheck
from hypothesis import settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import content_type_conformance
from schemathesis.specs.openapi.checks import negative_data_rejection
from schemathesis.specs.openapi.checks import positive_data_acceptance
from schemathesis.specs.openapi.checks import response_headers_conformance
from schemathesis.specs.openapi.checks import response_schema_conformance
from schemathesis.specs.openapi.checks import status_code_conformance

from finder.formats import is_plain_text
from tests.fuzz import stats
from tests.fuzz.target import BufferedClient
from tests.fuzz.target import TARGET
from tests.fuzz.target import build_app
from tests.fuzz.target import seed

EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "25"))
# Rules JSON Schema cannot state, which the document states in words: between fields, against
# the database (a postcode GeoNames knows, a cursor the search wrote) or against today. A
# request the schema allows, refused by one of these, is no disagreement. Per operation, the
# fields (as the error names them) such a rule refuses.
# A pin near its postcode, a postcode GeoNames knows, a phone number of the country, prices
# in order, with at most two decimals, and a currency with them.
LISTING_RULES = {"location", "address.postcode", "address.country", "phone", "price_min",
                 "price_max", "price_currency"}
STATED_IN_WORDS = {
    "/search": {"near", "lat", "lon", "cursor", "service", "language"},   # ISO 639-1
    "/listings": LISTING_RULES,
    "/listings/edit/{token}": LISTING_RULES,
    "/moderation/reports/{report_id}/resolve": {"reason", "listing"},   # to hide; to edit
    # A licence checked no later than today, expiring no earlier than it was checked.
    "/moderation/listings/{provider_id}/approve": {"checked_on", "expires_on"},
    "/moderation/listings/{provider_id}/verification": {"checked_on", "expires_on"},
}


def positive_data_accepted(ctx, response, case):
    """schemathesis' positive_data_acceptance, less the refusals the document states in
    words and the text no database takes that ``hostile`` put in on purpose."""
    if response.status_code in (400, 422):
        error = response.json().get("error", {})
        named = set(error.get("fields") or ()) or {error.get("field")}
        if named <= STATED_IN_WORDS.get(case.operation.path, set()) or \
                has_hostile_text(case.body) or has_hostile_text(case.query):
            return None
    return positive_data_acceptance(ctx, response, case)


def has_hostile_text(value) -> bool:
    """Tell whether any string in ``value`` (keys too) holds NUL or a lone surrogate."""
    if isinstance(value, dict):
        return any(has_hostile_text(k) or has_hostile_text(v) for k, v in value.items())
    if isinstance(value, list):
        return any(has_hostile_text(item) for item in value)
    if isinstance(value, str):
        return any(bad in value for bad in HOSTILE_TEXT) or not is_plain_text(value) or \
            any("\ud800" <= c <= "\udfff" for c in value)
    return False


CHECKS = [not_a_server_error, negative_data_rejection, positive_data_accepted,
          status_code_conformance, content_type_conformance, response_headers_conformance,
          response_schema_conformance]
FUZZ_SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None,
                         suppress_health_check=list(HealthCheck))
NO_TOKEN = " (no valid token)"
HOSTILE_TEXT = ["\x00", "\ud800", "\udfff"]
PLACES = [("80202", "US"), ("SW1A 1AA", "GB"), ("K1A 0B1", "CA"), ("1012 AB", "NL")]

APP = build_app()
CLIENT = BufferedClient(APP, APP.response_class)
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", APP)


@schema.hook
def flatmap_path_parameters(context, path_parameters):
    """Aim ids and edit links at seeded listings part of the time."""
    known = {"provider_id": lambda: TARGET.ids, "token": lambda: TARGET.tokens,
             "report_id": lambda: TARGET.reports}
    choices = [st.just(path_parameters)] + [
        st.integers(0, 99).map(lambda i, name=name: {
            **path_parameters, name: known[name]()[i % len(known[name]())]})
        for name in path_parameters or {} if name in known]
    return st.one_of(choices)


@schema.hook
def flatmap_query(context, query):
    """Search near a postcode that exists, or at coordinates, part of the time."""
    if context.operation.path != "/search" or not isinstance(query, dict):
        return st.just(query)
    rest = {k: v for k, v in query.items() if k not in ("near", "country", "lat", "lon")}
    near = st.sampled_from(PLACES).map(lambda p: {**rest, "near": p[0], "country": p[1]})
    point = st.tuples(st.floats(-90, 90), st.floats(-180, 180)).map(
        lambda p: {**rest, "lat": p[0], "lon": p[1]})
    return st.one_of(st.just(query), near, point)


@schema.hook
def flatmap_body(context, body):
    """Give listings a postcode that exists part of the time, so they can be stored; and
    put text no database takes (NUL, a lone surrogate) in a string field part of the time.
    """
    address = body.get("address") if isinstance(body, dict) else None
    if isinstance(address, dict) and placeable(address):
        real = st.sampled_from(PLACES).map(
            lambda p: {**body, "address": {**address, "postcode": p[0], "country": p[1]}})
        bodies = st.one_of(st.just(body), real)
    else:
        bodies = st.just(body)
    return bodies.flatmap(lambda b: st.one_of(st.just(b), st.just(b), st.just(b), hostile(b)))


def placeable(address: dict) -> bool:
    """Tell whether the postcode and country are valid as generated: a real pair may stand
    in for them then, but never for a value made invalid on purpose (which must stay so)."""
    country, postcode = address.get("country"), address.get("postcode")
    return isinstance(country, str) and re.fullmatch(r"[A-Za-z]{2}", country) is not None \
        and isinstance(postcode, str) and 0 < len(postcode) <= 16 and postcode.strip() != "" \
        and is_plain_text(postcode)


def hostile(body):
    """Return bodies like ``body`` with one string field ending in NUL or a lone surrogate."""
    if not isinstance(body, dict):
        return st.just(body)
    places = [(k, None) for k, v in body.items() if isinstance(v, str)]
    if isinstance(body.get("address"), dict):
        places += [("address", k) for k, v in body["address"].items() if isinstance(v, str)]
    if not places:
        return st.just(body)

    def spoil(choice):
        (key, inner), bad = choice
        if inner is None:
            return {**body, key: body[key] + bad}
        return {**body, key: {**body[key], inner: body[key][inner] + bad}}
    return st.tuples(st.sampled_from(places), st.sampled_from(HOSTILE_TEXT)).map(spoil)


@pytest.fixture
def seeded(target, session):
    seed(APP, session)
    return target


def send(case, authorization: str | None, expect=None, tag: str = ""):
    """Send ``case`` to the app, check the answer against the document and count it.

    ``expect(case, response)`` says whether the status is the one the operation must
    answer (not asked for the requests with another method that probe the route).
    """
    label = case.operation.label + tag
    case.headers = {k: v for k, v in (case.headers or {}).items()
                    if k.lower() != "authorization"}
    if authorization is not None:
        case.headers["Authorization"] = authorization
    stats.EXAMPLES[label] += 1
    try:
        response = case.call(session=CLIENT)
        stats.STATUSES[label, response.status_code] += 1
        case.validate_response(response, checks=CHECKS)
        if response.status_code >= 400:
            assert response.json()["error"]["status"] == response.status_code
        if expect is not None and case.method.upper() == case.operation.method.upper():
            assert expect(case, response), response.text
    except BaseException:
        stats.FAILURES[label] += 1
        raise


@schema.parametrize()
@FUZZ_SETTINGS
def test_the_api_answers_as_documented(case, seeded):
    send(case, f"Bearer {seeded.token}")


@schema.include(path_regex="^/moderation/").parametrize()
@FUZZ_SETTINGS
def test_the_moderation_api_needs_a_valid_token(case, seeded):
    anonymous = stats.EXAMPLES[case.operation.label + NO_TOKEN] % 2
    send(case, None if anonymous else "Bearer not-a-token", expect=refused, tag=NO_TOKEN)


def refused(case, response) -> bool:
    """Tell whether the answer is 401 (or 404 for an id that no route takes, such as -1)."""
    routed = all(str(value).isdigit() for value in (case.path_parameters or {}).values())
    return response.status_code == (401 if routed else 404)
