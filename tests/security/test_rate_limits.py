"""Rate limits per client address: searches and submissions, behind proxies or not, in Redis."""
import pytest

from finder.config import ConfigError
from finder.config import load_config
from tests.factories import listing_payload
from tests.helpers import make_app

SEARCH = "/api/v1/search?near=80202&country=US"


def search(client, address="192.0.2.1", path=SEARCH, **headers):
    return client.get(path, environ_base={"REMOTE_ADDR": address}, headers=headers)


def test_the_default_search_limit_is_generous():
    assert load_config({})["SEARCH_RATE_LIMIT"] == "120 per minute"


def test_searches_are_limited_per_address_with_retry_after(session):
    client = make_app(session, SEARCH_RATE_LIMIT="3 per minute").test_client()
    assert [search(client).status_code for _ in range(3)] == [200, 200, 200]
    refused = search(client, headers={"Origin": "https://publisher.example"})
    assert refused.status_code == 429
    assert refused.json["error"]["code"] == "rate_limited"
    assert "Too many searches" in refused.json["error"]["message"]
    assert 1 <= int(refused.headers["Retry-After"]) <= 60
    # The widget on a publisher's page can still read why.
    assert refused.headers["Access-Control-Allow-Origin"] == "*"
    assert search(client, address="192.0.2.2").status_code == 200


def test_the_search_page_counts_searches_not_the_empty_form(session):
    client = make_app(session, SEARCH_RATE_LIMIT="2 per minute").test_client()
    for _ in range(3):
        assert client.get("/").status_code == 200
    assert client.get("/?near=80202&country=US").status_code == 200
    assert client.get("/?lat=39.74&lon=-104.99").status_code == 200
    refused = client.get("/?near=80202&country=US")
    assert refused.status_code == 429 and refused.mimetype == "text/html"
    assert "Too many searches from your address" in refused.text
    assert int(refused.headers["Retry-After"]) > 0


def test_the_geojson_export_counts_as_a_search(session):
    client = make_app(session, SEARCH_RATE_LIMIT="1 per minute").test_client()
    with client.get("/api/v1/providers.geojson") as first:
        assert first.status_code == 200 and first.get_data()
    assert client.get("/api/v1/providers.geojson").status_code == 429
    assert client.get(SEARCH).status_code == 429   # one allowance for both


def test_an_empty_setting_turns_the_search_limit_off(session):
    client = make_app(session, SEARCH_RATE_LIMIT="").test_client()
    assert all(search(client).status_code == 200 for _ in range(5))


@pytest.mark.parametrize("key", ["SEARCH_RATE_LIMIT", "SIGN_IN_FAILURE_LIMIT"])
def test_a_limit_that_does_not_parse_stops_the_app(session, key):
    with pytest.raises(ConfigError, match=key):
        make_app(session, **{key: "plenty"})


def test_flask_limiters_own_off_switch_is_refused_by_name(session):
    # It would turn every limit off at once, the moderators' sign-in lockout too; each
    # limit has its own setting instead.
    with pytest.raises(ConfigError, match="RATELIMIT_ENABLED.*SEARCH_RATE_LIMIT"):
        make_app(session, RATELIMIT_ENABLED=False)


def test_without_trusted_proxies_a_forged_forwarded_for_gets_no_fresh_quota(session):
    client = make_app(session, SEARCH_RATE_LIMIT="2 per minute", PROXY_COUNT=0).test_client()
    assert search(client).status_code == search(client).status_code == 200
    for forged in ("203.0.113.99", "198.51.100.1, 203.0.113.98"):
        assert search(client, **{"X-Forwarded-For": forged}).status_code == 429


def test_behind_one_proxy_the_forwarded_address_is_the_client(session):
    client = make_app(session, SEARCH_RATE_LIMIT="2 per minute", PROXY_COUNT=1).test_client()
    proxy = "10.0.0.5"   # every request arrives from the load balancer
    first = {"X-Forwarded-For": "198.51.100.7"}
    assert search(client, proxy, **first).status_code == 200
    assert search(client, proxy, **first).status_code == 200
    assert search(client, proxy, **first).status_code == 429
    # Another visitor behind the same proxy has a quota of their own...
    assert search(client, proxy, **{"X-Forwarded-For": "198.51.100.8"}).status_code == 200
    # ...and what the client wrote in front of the proxy's entry is not believed.
    spoofed = {"X-Forwarded-For": "203.0.113.1, 198.51.100.7"}
    assert search(client, proxy, **spoofed).status_code == 429


def test_submissions_behind_a_proxy_count_per_visitor(session):
    client = make_app(session, SUBMISSION_RATE_LIMIT="1 per hour", PROXY_COUNT=1).test_client()

    def submit(visitor):
        return client.post("/api/v1/listings", json=listing_payload(),
                           environ_base={"REMOTE_ADDR": "10.0.0.5"},
                           headers={"X-Forwarded-For": visitor})
    assert submit("198.51.100.7").status_code == 201
    refused = submit("198.51.100.7")
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 3000
    assert submit("198.51.100.8").status_code == 201


def test_ipv6_clients_count_by_their_64(session):
    client = make_app(session, SEARCH_RATE_LIMIT="2 per minute").test_client()
    assert search(client, "2001:db8:1:2::1").status_code == 200
    assert search(client, "2001:db8:1:2:ffff::9").status_code == 200
    assert search(client, "2001:db8:1:2::abcd").status_code == 429
    assert search(client, "2001:db8:1:3::1").status_code == 200


def test_web_processes_share_the_search_count_through_redis(session, redis_url, key_prefix,
                                                          redis_keys):
    # Two apps stand for two gunicorn workers (or machines): only Redis is shared.
    config = {"REDIS_URL": redis_url, "RATELIMIT_KEY_PREFIX": key_prefix,
              "SEARCH_RATE_LIMIT": "3 per minute"}
    one, two = (make_app(session, **config).test_client() for _ in range(2))
    assert search(one).status_code == 200
    assert search(two).status_code == 200
    assert search(one).status_code == 200
    assert search(two).status_code == 429
    assert search(one).status_code == 429
    assert search(two, address="192.0.2.50").status_code == 200
    assert any("search" in key for key in redis_keys())
    # A third app with another prefix (another deployment) counts on its own.
    other = make_app(session, **{**config, "RATELIMIT_KEY_PREFIX": key_prefix + "-x"})
    assert search(other.test_client()).status_code == 200
