"""Security tests: rate limits, accounts, headers, the authorisation matrix, log privacy."""
import uuid

import pytest

from tests.helpers import make_app
from tests.moderation.conftest import ModeratorActions


@pytest.fixture
def app(session):
    return make_app(session)


@pytest.fixture
def moderator(client, runner):
    return ModeratorActions(client, runner)


@pytest.fixture
def redis_url():
    """The local Redis (database 15), or skip when there is none."""
    redis = pytest.importorskip("redis")
    url = "redis://127.0.0.1:6379/15"
    try:
        with redis.Redis.from_url(url, socket_connect_timeout=0.5) as store:
            store.ping()
    except redis.exceptions.RedisError:
        pytest.skip("no Redis on 127.0.0.1:6379")
    return url


@pytest.fixture
def redis_keys(redis_url, key_prefix):
    """Return the keys this test wrote to Redis (as a function); delete them at the end."""
    import redis
    store = redis.Redis.from_url(redis_url)

    def keys():
        return [k.decode() for k in store.scan_iter(f"*{key_prefix}*")]
    yield keys
    for key in keys():
        store.delete(key)
    store.close()


@pytest.fixture
def key_prefix():
    """A rate-limit key prefix of this test's own, so runs never share counters."""
    return f"finder-test-{uuid.uuid4()}"
