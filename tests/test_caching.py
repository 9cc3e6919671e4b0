"""HTTP caching: public answers are cacheable with a strong ETag and 304; private ones never."""
import re

import pytest

from finder import create_app
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_provider
from tests.helpers import make_app

SEARCH = "/api/v1/search?near=80202&country=US&modality=ketamine"
CACHE_CONTROL = "public, max-age=60, stale-while-revalidate=60"


@pytest.fixture
def provider(session):
    return make_provider(session, name="Cached Clinic")


@pytest.fixture
def app(session):
    return make_app(session)


@pytest.fixture
def client(app):
    return app.test_client()


def get(client, path, **kwargs):
    """GET ``path`` and read the whole answer (a file sent by send_file is then closed)."""
    response = client.get(path, **kwargs)
    response.get_data()
    response.close()
    return response


def public_paths(provider_id):
    return [SEARCH, SEARCH + "&format=geojson", f"/api/v1/providers/{provider_id}",
            "/api/v1/modalities", "/widget.js", "/embed?modality=ketamine&country=US"]


def test_public_answers_are_cacheable_with_a_strong_etag(client, provider):
    for path in public_paths(provider):
        response = get(client, path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == CACHE_CONTROL, path
        etag = response.headers["ETag"]
        assert re.fullmatch(r'"[^"]+"', etag), (path, etag)   # strong: no W/
        assert "Set-Cookie" not in response.headers, path
        assert "Cookie" not in response.headers.get("Vary", ""), path
        # The same answer again has the same ETag (it is the body's, not the moment's).
        assert get(client, path).headers["ETag"] == etag, path


def test_a_matching_if_none_match_gets_304_with_the_same_headers(client, provider):
    for path in public_paths(provider):
        first = get(client, path)
        again = get(client, path, headers={"If-None-Match": first.headers["ETag"]})
        assert again.status_code == 304, path
        assert again.data == b""
        assert again.headers["ETag"] == first.headers["ETag"]
        assert again.headers["Cache-Control"] == CACHE_CONTROL
        assert again.headers.get("Vary") == first.headers.get("Vary"), path
        other = get(client, path, headers={"If-None-Match": '"something-else"'})
        assert other.status_code == 200 and other.data == first.data


def test_a_change_changes_the_etag(client, session, provider):
    before = get(client, SEARCH)
    make_provider(session, name="Newly Approved Clinic")
    after = get(client, SEARCH, headers={"If-None-Match": before.headers["ETag"]})
    assert after.status_code == 200
    assert after.headers["ETag"] != before.headers["ETag"]


def test_vary_names_exactly_what_changes_the_answer(client, provider):
    # Words in the answers follow Accept-Language, unless ?lang= chose the language.
    assert get(client, SEARCH).headers["Vary"] == "Accept, Accept-Language"
    assert get(client, SEARCH + "&lang=es").headers["Vary"] == "Accept"
    geojson = get(client, SEARCH + "&lang=en", headers={"Accept": "application/geo+json"})
    assert geojson.mimetype == "application/geo+json" and geojson.headers["Vary"] == "Accept"
    assert geojson.headers["ETag"] != get(client, SEARCH + "&lang=en").headers["ETag"]
    translated = public_paths(provider)[2:4] + public_paths(provider)[5:]
    for path in translated:
        assert get(client, path).headers["Vary"] == "Accept-Language", path
        lang = "&" if "?" in path else "?"
        assert "Vary" not in get(client, path + lang + "lang=es").headers, path
    assert "Vary" not in get(client, "/widget.js").headers   # the same bytes in every language


def test_vary_says_origin_when_cors_allows_a_list_of_origins(session, provider):
    client = make_app(session, CORS_ORIGINS="https://a.example, https://b.example").test_client()
    for origin in ("https://a.example", "https://elsewhere.example", None):
        headers = {"Origin": origin} if origin else {}
        response = get(client, SEARCH, headers=headers)
        assert set(re.split(r",\s*", response.headers["Vary"])) == \
            {"Accept", "Accept-Language", "Origin"}
        assert set(re.split(r",\s*", get(client, "/api/v1/modalities?lang=en", headers=headers)
                            .headers["Vary"])) == {"Origin"}
    assert "Vary" not in get(client, "/widget.js").headers   # any origin may load it


def test_the_settings_set_max_age_and_stale_while_revalidate(session, provider):
    client = make_app(session, CACHE_MAX_AGE_S=5, CACHE_STALE_WHILE_REVALIDATE_S=120)\
        .test_client()
    assert get(client, SEARCH).headers["Cache-Control"] == \
        "public, max-age=5, stale-while-revalidate=120"


def test_errors_are_not_made_cacheable(client):
    for path in ("/api/v1/search?near=", "/api/v1/providers/999999999"):
        response = get(client, path)
        assert response.status_code in (400, 404)
        assert "ETag" not in response.headers
        assert "public" not in response.headers.get("Cache-Control", "")


def test_bad_if_none_match_headers_never_give_a_500(client, provider):
    for value in ("", "*", "garbage", 'W/"x"', '"unterminated', ",,,", "\u00e9"):
        response = get(client, SEARCH, headers={"If-None-Match": value})
        assert response.status_code in (200, 304), value


def test_private_pages_are_never_stored(client, session, provider):
    form = get(client, "/get-listed")
    assert form.headers["Cache-Control"] == "no-store" and "ETag" not in form.headers
    submitted = client.post("/api/v1/listings", json={
        "name": "Dr. Private Link", "provider_type": "therapist", "email": "p@example.org",
        "modalities": ["psilocybin"], "address": {"postcode": "80202", "country": "US"}})
    assert submitted.status_code == 201 and submitted.headers["Cache-Control"] == "no-store"
    edit_path = re.sub(r"^https?://[^/]+", "", submitted.json["edit_url"])
    token = edit_path.rsplit("/", 1)[1]
    for path in (edit_path, f"/api/v1/listings/edit/{token}", "/moderation/sign-in",
                 "/moderation/", "/api/v1/moderation/queue"):
        response = get(client, path)
        assert response.headers.get("Cache-Control") == "no-store", (path, response.status_code)
        assert "ETag" not in response.headers, path


def test_the_geojson_export_answers_head_with_what_gis_clients_need(client, provider):
    head = client.head("/api/v1/providers.geojson")
    head.close()   # as a server does once the headers are sent: the export's cursor too
    assert head.status_code == 200 and head.data == b""
    assert head.mimetype == "application/geo+json"
    assert head.headers["Cache-Control"] == CACHE_CONTROL
    assert head.headers["Access-Control-Allow-Origin"] == "*"
    body = get(client, "/api/v1/providers.geojson")
    assert body.status_code == 200 and body.mimetype == "application/geo+json"
    assert body.headers["Cache-Control"] == CACHE_CONTROL
    assert any(f["id"] == provider for f in body.json["features"])


def test_an_app_without_a_database_session_injected_still_sets_the_headers():
    # The real wiring (no injected session): the hook is registered by create_app itself.
    app = create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL})
    response = get(app.test_client(), "/widget.js")
    assert response.status_code == 200 and response.headers["Cache-Control"] == CACHE_CONTROL


def test_the_geojson_export_gives_gis_clients_its_length_and_byte_ranges(client, provider):
    """GDAL's /vsicurl/ (QGIS' "add layer from URL") asks HEAD for the length, then reads
    ranges: they are cut from one file of the export, the same bytes as the stream."""
    whole = get(client, "/api/v1/providers.geojson").get_data()
    head = client.head("/api/v1/providers.geojson")
    head.close()
    assert head.status_code == 200
    assert int(head.headers["Content-Length"]) == len(whole)
    assert head.headers["Accept-Ranges"] == "bytes"
    assert head.headers["Cache-Control"] == CACHE_CONTROL
    etag = head.headers["ETag"]
    pieces, start = [], 0
    while start < len(whole):
        end = min(start + 999, len(whole) - 1)
        part = get(client, "/api/v1/providers.geojson",
                   headers={"Range": f"bytes={start}-{end}"})
        assert part.status_code == 206
        assert part.headers["Content-Range"] == f"bytes {start}-{end}/{len(whole)}"
        assert part.headers["ETag"] == etag and part.headers["Cache-Control"] == CACHE_CONTROL
        pieces.append(part.get_data())
        start = end + 1
    assert b"".join(pieces) == whole
    unchanged = get(client, "/api/v1/providers.geojson",
                    headers={"Range": "bytes=0-9", "If-None-Match": etag})
    assert unchanged.status_code == 304
    beyond = get(client, "/api/v1/providers.geojson",
                 headers={"Range": f"bytes={len(whole) + 10}-"})
    assert beyond.status_code == 416


def test_the_export_file_is_written_again_once_it_is_older_than_max_age(session, provider,
                                                                        tmp_path):
    app = make_app(session, CACHE_MAX_AGE_S=0, EXPORT_CACHE_DIR=str(tmp_path))
    client = app.test_client()
    first = client.head("/api/v1/providers.geojson")
    first.close()
    make_provider(session, name="Approved Just Now")
    again = client.head("/api/v1/providers.geojson")
    again.close()
    assert int(again.headers["Content-Length"]) > int(first.headers["Content-Length"])
    assert [p.name for p in tmp_path.iterdir() if p.suffix == ".part"] == []
