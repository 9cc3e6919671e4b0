"""The OpenAPI document is valid, and its schemas and examples match real responses."""
import uuid

import pytest
from openapi_schema_validator import OAS31Validator
from openapi_spec_validator import validate
from sqlalchemy import text

from finder.moderation.auth import create_moderator
from finder.moderation.auth import issue_api_token
from tests.factories import listing_payload
from tests.factories import make_provider
from tests.helpers import make_app


@pytest.fixture
def app(session):
    return make_app(session)


@pytest.fixture
def doc(client):
    return client.get("/api/v1/openapi.json").json


@pytest.fixture
def auth(session):
    create_moderator(session, "olivia", "correct horse battery staple")
    token = issue_api_token(session, "olivia")
    session.commit()
    return {"Authorization": f"Bearer {token}"}


def schema_validator(doc, ref):
    """Return a validator for a component schema, able to follow $refs."""
    schema = {"$ref": f"#/components/schemas/{ref}", "components": doc["components"]}
    return OAS31Validator(schema)


def same_shape(example, real, path="$"):
    """Assert an example has the keys a real response has, level by level."""
    if isinstance(example, dict) and isinstance(real, dict):
        assert set(example) == set(real), f"{path}: {set(example) ^ set(real)}"
        for key in example:
            same_shape(example[key], real[key], f"{path}.{key}")
    elif isinstance(example, list) and isinstance(real, list) and example and real:
        same_shape(example[0], real[0], f"{path}[0]")


def conforms(doc, path, method, response):
    """Assert ``response`` is documented for the operation and its body fits the schema."""
    responses = doc["paths"][path][method]["responses"]
    status = str(response.status_code)
    assert status in responses, f"{method.upper()} {path} does not document {status}"
    documented = responses[status]
    for header, spec in documented.get("headers", {}).items():
        assert not spec.get("required") or header in response.headers, header
    media = documented["content"][response.mimetype]
    OAS31Validator({**media["schema"], "components": doc["components"]}).validate(response.json)
    return media.get("example")


def test_document_is_valid_openapi(doc):
    validate(doc)
    assert doc["openapi"].startswith("3.")
    assert {"/search", "/providers/{provider_id}", "/providers.geojson", "/modalities",
            "/listings", "/listings/edit/{token}", "/moderation/queue",
            "/moderation/listings/{provider_id}", "/moderation/listings/{provider_id}/approve",
            "/moderation/listings/{provider_id}/reject",
            "/moderation/listings/{provider_id}/events"} <= set(doc["paths"])


def test_every_json_route_under_api_v1_is_documented(app, doc):
    documented = {(method, "/api/v1" + path.replace("{", "<").replace("}", ">"))
                  for path, operations in doc["paths"].items() for method in operations}
    for rule in app.url_map.iter_rules():
        if not rule.rule.startswith("/api/v1/") or rule.rule == "/api/v1/openapi.json":
            continue
        route = rule.rule.replace("<int:", "<")
        for method in rule.methods - {"HEAD", "OPTIONS"}:
            assert (method.lower(), route) in documented, f"{method} {rule.rule} undocumented"


def test_every_operation_documents_its_errors(doc):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            errors = [c for c in operation["responses"] if c.startswith(("4", "5"))]
            assert errors, f"{method.upper()} {path} documents no error response"
            for code in errors:
                schema = operation["responses"][code]["content"]["application/json"]["schema"]
                assert schema == {"$ref": "#/components/schemas/Error"}


def test_moderation_operations_take_a_bearer_token(doc):
    assert doc["components"]["securitySchemes"]["bearerAuth"]["scheme"] == "bearer"
    for path, operations in doc["paths"].items():
        for operation in operations.values():
            secured = operation.get("security") == [{"bearerAuth": []}]
            assert secured == path.startswith("/moderation/"), path
            assert ("401" in operation["responses"]) == secured, path


def test_listing_vocabularies_match_the_database(doc, session):
    listing = doc["components"]["schemas"]["ListingInput"]["properties"]
    assert set(listing["modalities"]["items"]["enum"]) == set(
        session.scalars(text("SELECT slug FROM modalities")))
    assert set(listing["provider_type"]["enum"]) == set(
        session.scalars(text("SELECT slug FROM provider_types")))


def test_the_document_lists_the_vocabularies_stored_when_it_is_asked_for(client, session):
    session.execute(text("INSERT INTO modalities (slug, label, family, family_label) "
                         "VALUES ('ibogaine', 'Ibogaine', 'ibogaine', 'Ibogaine')"))
    listing = client.get("/api/v1/openapi.json").json["components"]["schemas"]["ListingInput"]
    assert "ibogaine" in listing["properties"]["modalities"]["items"]["enum"]


def example_of(doc, path, status="200", method="get"):
    return doc["paths"][path][method]["responses"][status]["content"]["application/json"][
        "example"]


def test_search_example_matches_a_real_response(doc, client, session):
    # The documented example: psilocybin from Austin, with a trial site there and a
    # licensed healing centre in Colorado.
    make_provider(session, lat=30.2711, lon=-97.7437, modalities=["psilocybin"], region="TX",
                  city="Austin", postcode="78701", phone="+1 512-555-0142")
    make_provider(session, lat=39.7424, lon=-104.9876, modalities=["psilocybin", "integration"],
                  region="CO", city="Denver", postcode="80202")
    real = client.get("/api/v1/search?near=78701&country=US&modality=psilocybin").json
    example = example_of(doc, "/search")
    assert real["access"][0]["summary"] == example["access"][0]["summary"]
    assert real["elsewhere"][0]["access"]["summary"] == example["elsewhere"][0]["access"][
        "summary"]
    assert real["elsewhere"][0]["distance_km"] == example["elsewhere"][0]["distance_km"]
    validator = schema_validator(doc, "SearchResults")
    validator.validate(real)
    validator.validate(example_of(doc, "/search"))
    same_shape(example_of(doc, "/search"), real)


def test_provider_example_matches_a_real_response(doc, client, session):
    pid = make_provider(session)
    real = client.get(f"/api/v1/providers/{pid}").json
    schema_validator(doc, "Provider").validate(real)
    same_shape(example_of(doc, "/providers/{provider_id}"), real)


def test_modalities_example_matches_a_real_response(doc, client):
    real = client.get("/api/v1/modalities").json
    schema_validator(doc, "Modalities").validate(real)
    same_shape(example_of(doc, "/modalities"), real)


def test_geojson_responses_match_the_schema(doc, client, session):
    make_provider(session, lat=39.7424, lon=-104.9876)
    search = client.get("/api/v1/search?near=80202&format=geojson")
    schema_validator(doc, "SearchFeatureCollection").validate(search.json)
    with client.get("/api/v1/providers.geojson") as export:
        schema_validator(doc, "FeatureCollection").validate(export.json)


def test_every_field_of_a_search_answer_is_described_in_json_and_geojson(doc, client, session):
    # Psilocybin from Austin: trials-only in Texas, so the answer also has `elsewhere`.
    make_provider(session, name="Denver Healing Centre", lat=39.7392, lon=-104.9903,
                  modalities=["psilocybin"], region="CO", city="Denver")
    url = "/api/v1/search?near=78701&modality=psilocybin"
    for name, response in (("SearchResults", client.get(url)),
                           ("SearchFeatureCollection", client.get(url + "&format=geojson"))):
        assert "elsewhere" in response.json and "access" in response.json
        conforms(doc, "/search", "get", response)
        schema = doc["components"]["schemas"][name]
        assert set(response.json) <= set(schema["properties"]), name


def test_listing_examples_match_real_responses(doc, client):
    body = doc["paths"]["/listings"]["post"]["requestBody"]["content"]["application/json"]
    schema_validator(doc, "ListingInput").validate(body["example"])
    created = client.post("/api/v1/listings", json=body["example"])
    same_shape(conforms(doc, "/listings", "post", created), created.json)
    again = client.post("/api/v1/listings", json=body["example"])
    assert again.status_code == 200
    same_shape(conforms(doc, "/listings", "post", again), again.json)

    edit = "/api/v1/listings/edit/" + created.json["edit_url"].rsplit("/", 1)[1]
    shown = client.get(edit)
    same_shape(conforms(doc, "/listings/edit/{token}", "get", shown), shown.json)
    changed = client.put(edit, json={**body["example"], "phone": "+1 303-555-0199"})
    same_shape(conforms(doc, "/listings/edit/{token}", "put", changed), changed.json)
    assert client.get(edit).json["pending_revision"] == changed.json["pending_revision"]


def test_moderation_examples_match_real_responses(doc, client, auth):
    listing = "/moderation/listings/{provider_id}"
    payload = listing_payload(email="same@example.org", phone="+1 303-555-0100")
    first = client.post("/api/v1/listings", json=payload).json
    client.post("/api/v1/listings", json=listing_payload(email="same@example.org"))
    queue = client.get("/api/v1/moderation/queue", headers=auth)
    same_shape(conforms(doc, "/moderation/queue", "get", queue), queue.json)

    base = f"/api/v1/moderation/listings/{first['id']}"
    approved = client.post(f"{base}/approve", json={"revision": None}, headers=auth)
    same_shape(conforms(doc, f"{listing}/approve", "post", approved), approved.json)
    token = first["edit_url"].rsplit("/", 1)[1]
    client.put(f"/api/v1/listings/edit/{token}",
               json={**payload, "phone": "+1 303-555-0199"})
    detail = client.get(base, headers=auth)
    assert detail.json["pending_revision"] and detail.json["duplicates"]
    same_shape(conforms(doc, listing, "get", detail), detail.json)

    rejected = client.post(f"{base}/reject", json={"reason": "Not a real phone number."},
                           headers=auth)
    same_shape(conforms(doc, f"{listing}/reject", "post", rejected), rejected.json)
    events = client.get(f"{base}/events", headers=auth)
    same_shape(conforms(doc, f"{listing}/events", "get", events), events.json)


@pytest.mark.parametrize("url", ["/api/v1/search?near=99999", "/api/v1/search?lat=100&lon=0",
                                 "/api/v1/providers/999999999", "/api/v1/nowhere"])
def test_error_responses_match_the_error_schema(doc, client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    schema_validator(doc, "Error").validate(response.json)


def test_listing_errors_are_documented(doc, client, session):
    cases = [
        (400, dict(data="{nope", content_type="application/json")),
        (415, dict(data="name=x", content_type="application/x-www-form-urlencoded")),
        (413, dict(json={"bio": "x" * 70_000})),
        (422, dict(json=listing_payload(email="not an email", address={"country": "US"}))),
    ]
    for status, request in cases:
        response = client.post("/api/v1/listings", **request)
        assert response.status_code == status, response.text
        conforms(doc, "/listings", "post", response)
    assert response.json["error"]["fields"].keys() == {"email", "address.postcode"}
    for method in ("get", "put"):
        missing = getattr(client, method)("/api/v1/listings/edit/unknown", json=listing_payload())
        assert missing.status_code == 404
        conforms(doc, "/listings/edit/{token}", method, missing)
    limited = make_app(session, SUBMISSION_RATE_LIMIT="1 per hour",
                       RATELIMIT_KEY_PREFIX=f"doc-{uuid.uuid4().hex}").test_client()
    statuses = [limited.post("/api/v1/listings", json={}) for _ in range(2)]
    assert [r.status_code for r in statuses] == [422, 429]
    conforms(doc, "/listings", "post", statuses[1])


def test_moderation_errors_are_documented(doc, client, auth):
    listing = "/moderation/listings/{provider_id}"
    pending = client.post("/api/v1/listings", json=listing_payload()).json["id"]
    base = f"/api/v1/moderation/listings/{pending}"
    checks = [
        (401, f"{listing}/approve", client.post(f"{base}/approve")),
        (401, "/moderation/queue", client.get("/api/v1/moderation/queue",
                                              headers={"Authorization": "Bearer wrong"})),
        (404, f"{listing}/events", client.get("/api/v1/moderation/listings/999999999/events",
                                              headers=auth)),
        (400, f"{listing}/approve", client.post(f"{base}/approve", json={"revision": "x"},
                                                headers=auth)),
        (422, f"{listing}/reject", client.post(f"{base}/reject", json={}, headers=auth)),
        (200, f"{listing}/approve", client.post(f"{base}/approve", json={"revision": None},
                                                headers=auth)),
        (409, f"{listing}/reject", client.post(f"{base}/reject", json={"reason": "late"},
                                               headers=auth)),
    ]
    for status, path, response in checks:
        assert response.status_code == status, (path, response.text)
        conforms(doc, path, "post" if path.endswith(("approve", "reject")) else "get", response)


def test_search_rate_limits_are_documented(doc, session):
    client = make_app(session, SEARCH_RATE_LIMIT="1 per minute",
                      RATELIMIT_KEY_PREFIX=f"doc-{uuid.uuid4().hex}").test_client()
    assert client.get("/api/v1/providers.geojson", buffered=True).status_code == 200
    for path, url in (("/providers.geojson", "/api/v1/providers.geojson"),
                      ("/search", "/api/v1/search?near=80202")):
        response = client.get(url, buffered=True)
        assert response.status_code == 429
        conforms(doc, path, "get", response)


def test_every_component_schema_is_generated_from_a_declared_model(doc):
    """finder/openapi holds the paths and examples; each shape is a model in finder.schemas."""
    import importlib
    import pkgutil

    import finder.schemas
    from pydantic import BaseModel
    models = set()
    for module in pkgutil.iter_modules(finder.schemas.__path__):
        loaded = importlib.import_module(f"finder.schemas.{module.name}")
        models |= {name for name, value in vars(loaded).items()
                   if isinstance(value, type) and issubclass(value, BaseModel)}
    assert set(doc["components"]["schemas"]) <= models
