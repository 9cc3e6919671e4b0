"""Per-client rate limits written as Flask-Limiter writes them ("5 per hour").

Counters live in Redis when ``REDIS_URL`` is set, so every web process counts together;
otherwise in this process's memory. The ``limits`` library (Flask-Limiter's engine)
keeps a moving window, so a burst at the turn of an hour gets no second allowance.

A client is its address as ``request.remote_addr`` gives it: the socket's peer, or the
address the trusted proxies report when ``PROXY_COUNT`` is set (``ProxyFix``), never an
``X-Forwarded-For`` the client wrote itself. IPv6 clients count by their /64 network,
since one subscriber is usually given a whole /64 to pick addresses from.
"""
import ipaddress
import logging
import math
import time

from flask import current_app
from flask import request
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from finder.config import ConfigError
from finder.errors import RateLimited

log = logging.getLogger(__name__)
EXTENSION = "finder.ratelimit"
LIMIT_SETTINGS = ("SUBMISSION_RATE_LIMIT", "REPORT_RATE_LIMIT", "SIGN_IN_RATE_LIMIT",
                  "SIGN_IN_FAILURE_LIMIT")
OPTIONAL_LIMIT_SETTINGS = ("SEARCH_RATE_LIMIT",)   # "" turns the limit off
SEARCHES = "Too many searches from your address. Please try again in {wait}."
# Endpoints that run a search or an export: every request to them counts...
SEARCH_ENDPOINTS = {"search.search", "search.providers_geojson"}
# ...and the search page counts when it searches (a location is given), not when it shows
# the empty form.
SEARCH_PAGE = "pages.search"


def init_app(app) -> None:
    """Create ``app``'s counters, check the limit settings parse, count searches."""
    for key in LIMIT_SETTINGS + OPTIONAL_LIMIT_SETTINGS:
        if key in OPTIONAL_LIMIT_SETTINGS and not app.config[key]:
            continue
        try:
            parse(app.config[key])
        except ValueError:
            raise ConfigError(f"{key} must read like '5 per hour', got {app.config[key]!r}")
    memory = MovingWindowRateLimiter(storage_from_string("memory://"))
    url = app.config["REDIS_URL"]
    # Short timeouts: a Redis that does not answer must not hold up a submission.
    shared = MovingWindowRateLimiter(storage_from_string(
        url, socket_connect_timeout=0.5, socket_timeout=0.5)) if url else memory
    app.extensions[EXTENSION] = {"shared": shared, "memory": memory}
    app.before_request(limit_searches)


def client_address() -> str:
    """Return the key this request's client is counted under (an IPv6 client: its /64)."""
    address = request.remote_addr or "unknown"
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        if ip.ipv4_mapped:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def limit_searches() -> None:
    """Count a search against ``SEARCH_RATE_LIMIT`` (an app-level before_request)."""
    limit = current_app.config["SEARCH_RATE_LIMIT"]
    if not limit or request.method not in ("GET", "HEAD"):
        return
    if request.endpoint in SEARCH_ENDPOINTS or (
            request.endpoint == SEARCH_PAGE and
            any(request.args.get(name) for name in ("near", "lat", "lon"))):
        hit("search", limit, client_address(), message=SEARCHES)


def hit(name: str, limit: str, key: str, message: str | None = None) -> None:
    """Count one request by ``key`` against ``limit``.

    Args:
        message: what the 429 says; ``{wait}`` becomes "5 minutes" or the like.

    Raises:
        RateLimited: the limit is spent; ``retry_after`` says for how many seconds.
    """
    item = parse(limit)
    ids = _ids(name, key)
    strategy, allowed = _call("hit", item, ids)
    if not allowed:
        log.info("rate limit %s reached for %s", name, key)
        raise _refusal(strategy, item, ids, message)


def check(name: str, limit: str, key: str, message: str | None = None) -> None:
    """Refuse with 429 if ``key`` has spent ``limit``, without counting this request.

    Raises:
        RateLimited: the limit is spent.
    """
    item = parse(limit)
    ids = _ids(name, key)
    strategy, allowed = _call("test", item, ids)
    if not allowed:
        raise _refusal(strategy, item, ids, message)


def clear(name: str, limit: str, key: str) -> None:
    """Forget what ``key`` has counted against ``limit``."""
    _call("clear", parse(limit), _ids(name, key))


def _ids(name: str, key: str) -> tuple[str, ...]:
    return current_app.config["RATELIMIT_KEY_PREFIX"], name, key


def _call(method: str, item, ids):
    """Run ``method`` on the shared counters, or this process's when Redis is unreachable."""
    strategies = current_app.extensions[EXTENSION]
    strategy = strategies["shared"]
    try:
        return strategy, getattr(strategy, method)(item, *ids)
    except Exception as err:  # Redis unreachable: limit each process rather than nobody
        log.warning("rate-limit storage unreachable (%s); counting in memory", err)
        strategy = strategies["memory"]
        return strategy, getattr(strategy, method)(item, *ids)


def _refusal(strategy, item, ids, message: str | None) -> RateLimited:
    reset, _ = strategy.get_window_stats(item, *ids)
    retry_after = max(1, math.ceil(reset - time.time()))
    return RateLimited(retry_after, message.format(wait=wait_words(retry_after))
                       if message else None)


def wait_words(seconds: int) -> str:
    """Say how long ``seconds`` is, rounded up: "40 seconds", "1 minute", "15 minutes"."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
