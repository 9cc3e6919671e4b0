"""CORS: the public API, reports, the widget and the OpenAPI document; nothing else."""
import pytest

from tests.factories import make_provider
from tests.helpers import make_app

ORIGIN = "https://publisher.example"


def preflight(client, path, method, headers=""):
    asks = {"Origin": ORIGIN, "Access-Control-Request-Method": method}
    if headers:
        asks["Access-Control-Request-Headers"] = headers
    return client.open(path, method="OPTIONS", headers=asks)


def test_a_preflight_for_the_read_api_allows_get_from_any_origin(client):
    answer = preflight(client, "/api/v1/search?near=80202&country=US", "GET", "Accept")
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == "GET, OPTIONS"
    assert answer.headers["Access-Control-Allow-Headers"] == "Accept"


def test_a_preflight_for_a_report_allows_posting_json(client, session):
    provider = make_provider(session)
    answer = preflight(client, f"/api/v1/providers/{provider}/reports", "POST", "content-type")
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == "POST, OPTIONS"
    assert answer.headers["Access-Control-Allow-Headers"].lower() == "content-type"


@pytest.mark.parametrize("path", ["/widget.js", "/widget/messages/es.json",
                                  "/api/v1/openapi.json"])
def test_the_widget_and_the_openapi_document_allow_any_origin(session, path):
    # even where the API allows only a list of origins
    client = make_app(session, CORS_ORIGINS="https://a.example").test_client()
    with client.get(path, headers={"Origin": ORIGIN}) as answer:
        assert answer.status_code == 200
        assert answer.headers["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize("path", ["/api/v1/moderation/queue", "/api/v1/listings",
                                  "/get-listed", "/"])
def test_listings_moderation_and_the_pages_have_no_cors_headers(client, path):
    for answer in (client.get(path, headers={"Origin": ORIGIN}),
                   preflight(client, path, "POST", "content-type")):
        assert not [h for h in answer.headers.keys() if h.startswith("Access-Control-")], path


def test_with_one_listed_origin_only_it_is_echoed_and_the_answer_varies(session):
    client = make_app(session, CORS_ORIGINS="https://a.example").test_client()
    allowed = client.get("/api/v1/countries", headers={"Origin": "https://a.example"})
    assert allowed.headers["Access-Control-Allow-Origin"] == "https://a.example"
    assert "Origin" in allowed.headers["Vary"]
    for headers in ({"Origin": "https://b.example"}, {}):
        refused = client.get("/api/v1/countries", headers=headers)
        assert "Access-Control-Allow-Origin" not in refused.headers
        # Cached, this answer must not reach a page of an allowed origin: it varies too.
        assert refused.headers.getlist("Vary") == ["Origin"]
    assert allowed.headers.getlist("Vary") == ["Origin"]   # said once, not beside Flask-CORS's
    # An origin is matched exactly as written, never as a pattern.
    loose = make_app(session, CORS_ORIGINS="https://a.example, https://*.example").test_client()
    answer = loose.get("/api/v1/countries", headers={"Origin": "https://b.example"})
    assert "Access-Control-Allow-Origin" not in answer.headers


def test_with_listed_origins_a_report_answer_varies_on_origin_once(session):
    provider = make_provider(session)
    client = make_app(session, CORS_ORIGINS="https://a.example").test_client()
    for headers in ({"Origin": "https://a.example"}, {"Origin": "https://b.example"}, {}):
        answer = client.post(f"/api/v1/providers/{provider}/reports", json={}, headers=headers)
        assert answer.status_code < 500
        assert answer.headers.getlist("Vary") == ["Origin"], headers
    assert "Origin" not in client.get("/get-listed").headers.get("Vary", "")   # not a CORS path
