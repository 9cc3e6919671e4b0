"""The OpenAPI document is valid, and its schemas and examples match real responses."""
import pytest
from openapi_schema_validator import OAS30Validator
from openapi_spec_validator import validate

from tests.factories import make_provider


@pytest.fixture
def doc(client):
    return client.get("/api/v1/openapi.json").json


def schema_validator(doc, ref):
    """Return a validator for a component schema, able to follow $refs."""
    schema = {"$ref": f"#/components/schemas/{ref}", "components": doc["components"]}
    return OAS30Validator(schema)


def same_shape(example, real, path="$"):
    """Assert an example has the keys a real response has, level by level."""
    if isinstance(example, dict) and isinstance(real, dict):
        assert set(example) == set(real), f"{path}: {set(example) ^ set(real)}"
        for key in example:
            same_shape(example[key], real[key], f"{path}.{key}")
    elif isinstance(example, list) and isinstance(real, list) and example and real:
        same_shape(example[0], real[0], f"{path}[0]")


def test_document_is_valid_openapi(doc):
    validate(doc)
    assert doc["openapi"].startswith("3.")
    assert {"/search", "/providers/{provider_id}", "/providers.geojson", "/modalities"} <= \
        set(doc["paths"])


def test_every_operation_documents_its_errors(doc):
    for path, operations in doc["paths"].items():
        for method, operation in operations.items():
            errors = [c for c in operation["responses"] if c.startswith(("4", "5"))]
            assert errors, f"{method.upper()} {path} documents no error response"


def example_of(doc, path, ref_status="200"):
    return doc["paths"][path]["get"]["responses"][ref_status]["content"]["application/json"][
        "example"]


def test_search_example_matches_a_real_response(doc, client, session):
    make_provider(session, lat=39.7424, lon=-104.9876, modalities=["ketamine-infusion"])
    real = client.get("/api/v1/search?near=80202&modality=ketamine").json
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
    validator = schema_validator(doc, "FeatureCollection")
    validator.validate(client.get("/api/v1/search?near=80202&format=geojson").json)


@pytest.mark.parametrize("url", ["/api/v1/search?near=99999", "/api/v1/search?lat=100&lon=0",
                                 "/api/v1/providers/999999999", "/api/v1/nowhere"])
def test_error_responses_match_the_error_schema(doc, client, url):
    response = client.get(url)
    assert response.status_code in (400, 404)
    schema_validator(doc, "Error").validate(response.json)
