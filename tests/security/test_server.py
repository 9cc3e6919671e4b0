"""gunicorn as `make run` starts it: forwarded headers and oversized requests.

One server on a free port of this machine, against the test database, for the module.
"""
import http.client
import json
import socket

import pytest

from bench.server import Gunicorn
from tests.conftest import TEST_DATABASE_URL


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    port = free_port()
    env = {"DATABASE_URL": TEST_DATABASE_URL, "SEARCH_RATE_LIMIT": "", "PROXY_COUNT": "0",
           "FORWARDED_ALLOW_IPS": "127.0.0.1,::1"}   # gunicorn's default, spelt out
    with Gunicorn(port, folder=tmp_path_factory.mktemp("gunicorn"), env=env, workers=1):
        yield port


def get(port, path, headers=None):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    try:
        conn.request("GET", path, headers=headers or {})
        response = conn.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        conn.close()


def test_a_forged_forwarded_proto_from_a_local_client_is_not_believed(server):
    forged = {"X-Forwarded-Proto": "https", "X-Forwarded-Ssl": "on"}
    status, headers, _ = get(server, "/get-listed", forged)
    assert status == 200
    assert "session=" in headers["Set-Cookie"]
    assert "Secure" not in headers["Set-Cookie"]
    status, _, body = get(server, "/api/v1/openapi.json", forged)
    assert json.loads(body)["servers"][0]["url"].startswith("http://127.0.0.1")


def test_a_request_line_over_the_limit_is_a_json_414(server):
    status, headers, body = get(server, "/api/v1/search?near=" + "9" * 9000)
    assert status == 414
    assert headers["Content-Type"] == "application/json"
    assert json.loads(body)["error"] == {"status": 414, "code": "uri_too_long",
                                         "message": "The request line is too long: at most "
                                                    "8190 bytes."}


@pytest.mark.parametrize("headers", [{f"X-Many-{i}": "1" for i in range(60)},
                                     {"X-Large": "x" * 9000}])
def test_too_many_or_too_large_headers_are_a_json_431(server, headers):
    status, response_headers, body = get(server, "/api/v1/modalities", headers)
    assert status == 431
    assert response_headers["Content-Type"] == "application/json"
    error = json.loads(body)["error"]
    assert (error["status"], error["code"]) == (431, "request_header_fields_too_large")
