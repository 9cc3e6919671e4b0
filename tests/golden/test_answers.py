"""The public API's answers to a fixed set of requests, compared byte for byte with files.

The files under ``tests/golden/answers/`` were recorded from the code as it answered before
the API's shapes were declared as models; a refactor must not change a byte of them. To
record them again on purpose (an answer is meant to change): ``GOLDEN_UPDATE=1 pytest
tests/golden`` and review the diff.

Normalised before comparing, and only these, because they differ from run to run:
- database ids (provider, revision, event ids, also inside profile slugs, URLs and cursors)
  become ``"<id:N>"`` in order of first appearance;
- private edit tokens in ``edit_url`` become ``<token>``;
- ISO timestamps (``2026-...T...``) become ``<timestamp>``.
Everything else (status, headers that matter, key order, number formatting) is compared as
the server sent it. ``ACCESS_DATE`` is pinned so the access rules resolve the same any day.
"""
import base64
import difflib
import json
import os
import re
from pathlib import Path

import pytest

from finder.moderation.auth import create_moderator
from finder.moderation.auth import issue_api_token
from tests.factories import listing_payload
from tests.factories import make_provider
from tests.helpers import make_app

ANSWERS = Path(__file__).parent / "answers"
UPDATE = os.environ.get("GOLDEN_UPDATE") == "1"
ID_KEYS = {"id", "provider_id", "revision", "revision_id", "pending_revision", "duplicate_of",
           "moderator_id", "event_id"}
# Which table an id is from, where its key says so; any other id is a provider's (a listing's)
# unless the list or object it is in says otherwise (``CONTAINED``). Ids of different tables
# come from different sequences and can be equal: named by value alone, a listing and its
# revision would then share a name, and a golden file would fail in one test order only.
KINDS = {"revision": "revision", "revision_id": "revision", "pending_revision": "revision",
         "event_id": "event", "moderator_id": "moderator"}
CONTAINED = {"events": "event", "pending_revision": "revision"}   # the "id" of what they hold
TIMESTAMP = re.compile(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?([+-]\d\d:\d\d|Z)?")
# What comes before an id written into text: "Listing 12 is approved", "/providers/12-x".
ID_BEFORE = {"provider": r"(?:[Ll]isting|[Pp]rovider) |/providers/|listings/|^",
             "revision": r"[Rr]evision |^", "event": "^", "moderator": "^"}
TOKEN = re.compile(r"(/edit/)[A-Za-z0-9_\-]+")


class Normaliser:
    """Give ids stable names in order of first appearance, across one test's answers; ids
    of different tables get different names even when their values are equal."""

    def __init__(self):
        self.names: dict[tuple[str, int], str] = {}

    def name(self, value: int, kind: str = "provider") -> str:
        return self.names.setdefault((kind, value), f"<id:{len(self.names) + 1}>")

    def text(self, value: str) -> str:
        value = TOKEN.sub(r"\1<token>", value)
        value = TIMESTAMP.sub("<timestamp>", value)
        for (kind, known), label in sorted(self.names.items(), key=lambda kv: -len(str(kv[0][1]))):
            value = re.sub(rf"({ID_BEFORE[kind]}){known}\b",
                           lambda m, label=label: m.group(1) + label, value)
        return value

    def walk(self, value, key=None, kind="provider"):
        """Return ``value`` with its ids named; ``kind``: whose ids bare "id" keys hold."""
        if isinstance(value, dict):
            # Ids first, so a slug or URL beside them reads them as named.
            for k, v in value.items():
                if k in ID_KEYS and isinstance(v, int) and not isinstance(v, bool):
                    self.name(v, kind if k == "id" else KINDS.get(k, "provider"))
            return {k: self.walk(v, k, kind if k == "id" else CONTAINED.get(k, "provider"))
                    for k, v in value.items()}
        if isinstance(value, list):
            if key in ("duplicates",) and all(isinstance(v, int) for v in value):
                return [self.name(v) for v in value]
            return [self.walk(v, None, kind) for v in value]
        if key in ID_KEYS and isinstance(value, int) and not isinstance(value, bool):
            return self.name(value, kind if key == "id" else KINDS.get(key, "provider"))
        if key in ("next_cursor", "cursor") and isinstance(value, str):
            raw = json.loads(base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)))
            return f"<cursor:{raw[0]}:{self.name(raw[1])}>"
        if key == "slug" and isinstance(value, str):
            head, _, rest = value.partition("-")
            return f"{self.name(int(head))}-{rest}" if head.isdigit() else value
        if isinstance(value, str):
            return self.text(value)
        return value


def test_ids_of_different_tables_get_different_names():
    """A listing and its revision may have equal ids (two sequences): each keeps its name."""
    normaliser = Normaliser()
    answer = {"id": 57, "pending_revision": 57, "events": [{"id": 57, "action": "edited",
                                                           "changes": {"revision": 57}}],
              "message": "Listing 57 is pending; revision 57 waits."}
    assert normaliser.walk(answer) == {
        "id": "<id:1>", "pending_revision": "<id:2>",
        "events": [{"id": "<id:3>", "action": "edited", "changes": {"revision": "<id:2>"}}],
        "message": "Listing <id:1> is pending; revision <id:2> waits."}


def record(response, normaliser: Normaliser) -> str:
    """Render an answer as the text kept in a golden file."""
    lines = [f"status: {response.status_code}",
             f"content-type: {response.headers.get('Content-Type')}"]
    for header in ("Retry-After", "Location", "Allow"):
        if header in response.headers:
            lines.append(f"{header.lower()}: {response.headers[header]}")
    body = response.get_data(as_text=True)
    if response.is_json or response.mimetype.endswith("json"):
        parsed = json.loads(body)
        normalised = normaliser.walk(parsed)
        # With raw_bytes_agree, this tree (in the server's key order, ints and floats kept
        # apart) stands for the exact bytes, the varying values swapped.
        lines.append(json.dumps(normalised, ensure_ascii=False, indent=1))
    else:
        lines.append(normaliser.text(body))
    return "\n".join(lines) + "\n"


def compare(name: str, text: str) -> None:
    path = ANSWERS / f"{name}.txt"
    if UPDATE:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
        return
    assert path.exists(), f"no golden file {path.name}: record with GOLDEN_UPDATE=1"
    kept = path.read_text()
    # The whole difference in the message: the short summary of a failure shows its start.
    assert text == kept, f"{name}: the answer changed:\n" + "".join(difflib.unified_diff(
        kept.splitlines(keepends=True), text.splitlines(keepends=True), "kept", "now"))


def raw_bytes_agree(response) -> None:
    """Check the body's bytes are the JSON the normalised text came from, byte for byte:
    re-dumping the parsed body the server's way gives the bytes back (no float or key-order
    drift hidden by parsing)."""
    body = response.get_data()
    if not response.is_json:
        return
    again = json.dumps(json.loads(body), ensure_ascii=False, separators=(",", ":")).encode()
    assert body.strip() == again, "the body is not compact JSON in its own key order"


@pytest.fixture
def app(session):
    return make_app(session, ACCESS_DATE="2026-12-01")


@pytest.fixture
def check(client):
    normaliser = Normaliser()

    def check(name, method, url, **kw):
        response = getattr(client, method)(url, **kw)
        raw_bytes_agree(response)
        text = record(response, normaliser)
        compare(name, text)
        return response
    check.normaliser = normaliser
    return check


@pytest.fixture
def providers(session):
    """A fixed set of approved providers in Denver, Austin and London."""
    made = {}
    made["denver"] = make_provider(
        session, lat=39.7424, lon=-104.9876, name="Golden Mile High Ketamine",
        external_id="golden-denver", practice_name="Mile High Care", phone="+1 303-555-0100",
        website="https://denver.example", languages=["en", "es"], telehealth=True,
        modalities=["ketamine-assisted-therapy", "integration"], bio="Calm rooms.")
    made["denver2"] = make_provider(
        session, lat=39.75, lon=-104.99, name="Golden Colorado Psilocybin Centre",
        external_id="golden-denver2", provider_type="clinic",
        modalities=["psilocybin", "integration"], accepting_new_clients=False)
    made["austin"] = make_provider(
        session, lat=30.2711, lon=-97.7437, name="Golden Austin Trial Site",
        external_id="golden-austin", region="TX", city="Austin", postcode="78701",
        modalities=["psilocybin"], phone="+1 512-555-0142")
    made["austin2"] = make_provider(
        session, lat=30.28, lon=-97.75, name="Golden Austin Ketamine",
        external_id="golden-austin2", region="TX", city="Austin", postcode="78701",
        modalities=["ketamine-infusion"], provider_type="psychiatrist")
    return made


SEARCHES = {
    "search_near_postcode": "/api/v1/search?near=80202",
    "search_psilocybin_austin": "/api/v1/search?near=78701&country=US&modality=psilocybin",
    "search_psilocybin_austin_geojson":
        "/api/v1/search?near=78701&country=US&modality=psilocybin&format=geojson",
    "search_mdma_austin": "/api/v1/search?near=78701&modality=mdma-assisted-therapy",
    "search_lat_lon": "/api/v1/search?lat=39.7392&lon=-104.9903&radius_km=20",
    "search_filters": "/api/v1/search?near=80202&telehealth=true&language=es"
                      "&provider_type=therapist&accepting_new_clients=yes",
    "search_family": "/api/v1/search?near=80202&modality=ketamine",
    "search_page_one": "/api/v1/search?near=80202&limit=1",
    "search_source": "/api/v1/search?near=80202&source=test&limit=50",
    "search_place_name": "/api/v1/search?near=Denver&country=US",
    "search_nothing_near": "/api/v1/search?lat=64.8378&lon=-147.7164&radius_km=1",
    "error_unknown_postcode": "/api/v1/search?near=99999",
    "error_lat_range": "/api/v1/search?lat=100&lon=0",
    "error_lat_alone": "/api/v1/search?lat=10",
    "error_near_and_lat": "/api/v1/search?near=80202&lat=1&lon=1",
    "error_missing_where": "/api/v1/search",
    "error_unknown_modality": "/api/v1/search?near=80202&modality=lsd",
    "error_unsupported_country": "/api/v1/search?near=80202&country=ZZ",
    "error_bad_country": "/api/v1/search?near=80202&country=USA",
    "error_limit": "/api/v1/search?near=80202&limit=0",
    "error_radius": "/api/v1/search?near=80202&radius_km=abc",
    "error_bool": "/api/v1/search?near=80202&telehealth=maybe",
    "error_language": "/api/v1/search?near=80202&language=xx",
    "error_cursor": "/api/v1/search?near=80202&cursor=nope",
    "error_format": "/api/v1/search?near=80202&format=xml",
    "error_provider_type": "/api/v1/search?near=80202&provider_type=wizard",
    "error_two_nears": "/api/v1/search?near=80202&near=80203",
    "error_service": "/api/v1/search?near=80202&service=nothing",
    "error_nul": "/api/v1/search?near=80%00202",
    "error_not_found_route": "/api/v1/nowhere",
}


@pytest.mark.parametrize("name", sorted(SEARCHES))
def test_search_answers(check, providers, name):
    check(name, "get", SEARCHES[name])


def test_search_next_page(check, providers, client):
    first = check("search_page_one_again", "get", "/api/v1/search?near=80202&limit=1")
    cursor = first.json["next_cursor"]
    check("search_page_two", "get", f"/api/v1/search?near=80202&limit=1&cursor={cursor}")


def test_read_answers(check, providers):
    check("provider", "get", f"/api/v1/providers/{providers['denver']}")
    check("provider_missing", "get", "/api/v1/providers/999999999")
    check("modalities", "get", "/api/v1/modalities")
    check("countries", "get", "/api/v1/countries")


@pytest.fixture
def auth(session):
    create_moderator(session, "golden", "correct horse battery staple")
    token = issue_api_token(session, "golden")
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def fixed_listing(**overrides):
    body = listing_payload(name="Dr. Golden Listing", email="golden@example.org",
                           license_number="DR.0000001")
    body.update(overrides)
    return body


def test_listing_answers(check):
    created = check("listing_created", "post", "/api/v1/listings", json=fixed_listing())
    check("listing_again", "post", "/api/v1/listings", json=fixed_listing())
    token = created.json["edit_url"].rsplit("/", 1)[1]
    check("listing_with_pin", "post", "/api/v1/listings",
          json=fixed_listing(email="pin@example.org",
                             location={"lat": 39.7424, "lon": -104.9876}))
    check("listing_empty_location", "post", "/api/v1/listings",
          json=fixed_listing(email="empty@example.org", location={}))
    check("listing_invalid", "post", "/api/v1/listings",
          json=fixed_listing(email="not an email", address={"country": "US"},
                             modalities=["lsd"], languages=["xx"], website="ftp://x",
                             provider_type="wizard", telehealth="yes", name="x" * 500))
    check("listing_empty_object", "post", "/api/v1/listings", json={})
    check("listing_far_pin", "post", "/api/v1/listings",
          json=fixed_listing(email="far@example.org", location={"lat": 30.0, "lon": -97.0}))
    check("listing_location_not_object", "post", "/api/v1/listings",
          json=fixed_listing(email="loc@example.org", location=[1, 2]))
    check("listing_malformed", "post", "/api/v1/listings", data="{nope",
          content_type="application/json")
    check("listing_array", "post", "/api/v1/listings", json=[1])
    check("listing_form_encoded", "post", "/api/v1/listings", data="name=x",
          content_type="application/x-www-form-urlencoded")
    check("listing_too_large", "post", "/api/v1/listings", json={"bio": "x" * 70_000})
    edit = f"/api/v1/listings/edit/{token}"
    check("edit_shown", "get", edit)
    check("edit_changed", "put", edit, json=fixed_listing(phone="+1 303-555-0199"))
    check("edit_unchanged", "put", edit, json=fixed_listing(phone="+1 303-555-0199"))
    check("edit_shown_pending", "get", edit)
    check("edit_invalid", "put", edit, json=fixed_listing(email="nope"))
    check("edit_missing_get", "get", "/api/v1/listings/edit/unknown")
    check("edit_missing_put", "put", "/api/v1/listings/edit/unknown", json=fixed_listing())


def test_moderation_answers(check, client, auth):
    first = client.post("/api/v1/listings", json=fixed_listing(phone="+1 303-555-0100"))
    check.normaliser.walk(first.json)
    second = client.post("/api/v1/listings", json=fixed_listing(
        name="Dr. Golden Other", license_number="DR.0000002"))
    check.normaliser.walk(second.json)
    # An Idaho listing of psilocybin: the moderator is warned about its access rules.
    idaho = client.post("/api/v1/listings", json=fixed_listing(
        name="Dr. Golden Idaho", email="idaho@example.org", modalities=["psilocybin"],
        address={"city": "Boise", "region": "ID", "postcode": "83702", "country": "US"}))
    check.normaliser.walk(idaho.json)
    check("moderation_queue", "get", "/api/v1/moderation/queue", headers=auth)
    base = f"/api/v1/moderation/listings/{first.json['id']}"
    check("moderation_detail", "get", base, headers=auth)
    check("moderation_detail_second", "get",
          f"/api/v1/moderation/listings/{second.json['id']}", headers=auth)
    check("moderation_detail_idaho", "get",
          f"/api/v1/moderation/listings/{idaho.json['id']}", headers=auth)
    check("moderation_no_token", "post", f"{base}/approve")
    check("moderation_wrong_token", "get", "/api/v1/moderation/queue",
          headers={"Authorization": "Bearer wrong"})
    check("moderation_missing", "get", "/api/v1/moderation/listings/999999999", headers=auth)
    check("moderation_missing_events", "get",
          "/api/v1/moderation/listings/999999999/events", headers=auth)
    check("moderation_bad_revision", "post", f"{base}/approve", json={"revision": "x"},
          headers=auth)
    check("moderation_bad_body", "post", f"{base}/approve", data="[1",
          content_type="application/json", headers=auth)
    check("moderation_reject_no_reason", "post", f"{base}/reject", json={}, headers=auth)
    check("moderation_approved", "post", f"{base}/approve", json={"revision": None},
          headers=auth)
    check("moderation_late_reject", "post", f"{base}/reject", json={"reason": "late"},
          headers=auth)
    token = first.json["edit_url"].rsplit("/", 1)[1]
    client.put(f"/api/v1/listings/edit/{token}", json=fixed_listing(phone="+1 303-555-0199"))
    check("moderation_detail_revision", "get", base, headers=auth)
    check("moderation_queue_revision", "get", "/api/v1/moderation/queue", headers=auth)
    check("moderation_stale_revision", "post", f"{base}/approve", json={"revision": 1},
          headers=auth)
    check("moderation_rejected", "post", f"{base}/reject",
          json={"reason": "Not a real phone number."}, headers=auth)
    check("moderation_events", "get", f"{base}/events", headers=auth)
    check("moderation_second_rejected", "post",
          f"/api/v1/moderation/listings/{second.json['id']}/reject",
          json={"reason": "Duplicate."}, headers=auth)
