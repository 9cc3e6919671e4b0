"""Per-client rate limits, counted by Flask-Limiter over a moving window ("5 per hour").

Counters live in Redis when ``REDIS_URL`` is set, so every web process counts together;
otherwise in this process's memory. While Redis cannot be reached, each process counts in
its own memory (Flask-Limiter's in-memory fallback) and tries Redis again now and then.

A view declares what it counts against with ``@limit(...)``; ``init_app`` hands those to
the app's own Flask-Limiter. ``count_by`` counts under a key of the view's choosing (the
address a listing would mail), and ``check``, ``hit`` and ``clear`` keep the moderators'
per-name sign-in lockout, which asks the counters things Flask-Limiter does not. A spent
limit is answered as ``finder.errors.RateLimited``: the one error shape, with Retry-After.

A client is its address as ``request.remote_addr`` gives it: the socket's peer, or the
address the trusted proxies report when ``PROXY_COUNT`` is set (``ProxyFix``), never an
``X-Forwarded-For`` the client wrote itself. IPv6 clients count by their /64 network,
since one subscriber is usually given a whole /64 to pick addresses from.
"""
import functools
import ipaddress
import logging
import math
import time
from collections import namedtuple
from types import SimpleNamespace

from flask import current_app
from flask import g
from flask import request
from flask_limiter import Limiter
from flask_limiter import RateLimitExceeded
from limits import parse
from limits.storage import MemoryStorage
from limits.strategies import MovingWindowRateLimiter

from finder.config import ConfigError
from finder.errors import RateLimited

log = logging.getLogger(__name__)
EXTENSION = "finder.ratelimit"
LIMIT_SETTINGS = ("SUBMISSION_RATE_LIMIT", "REPORT_RATE_LIMIT", "SIGN_IN_RATE_LIMIT",
                  "SIGN_IN_FAILURE_LIMIT")
OPTIONAL_LIMIT_SETTINGS = ("SEARCH_RATE_LIMIT",)   # "" turns the limit off
SEARCHES = "Too many searches from your address. Please try again in {wait}."
# Short timeouts: a Redis that does not answer must not hold up a request.
REDIS_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}
Declared = namedtuple("Declared", "scope setting methods message exempt_when")


def limit(scope: str, setting: str, methods=None, message: str | None = None,
          exempt_when=None):
    """Count each request to the decorated view against the limit ``setting`` names, by
    client address, in the counter ``scope`` (views that name the same scope share it).

    Args:
        methods: only requests with these methods count (all of them if not given).
        message: what the 429 says; ``{wait}`` becomes "5 minutes" or the like.
        exempt_when: returns true for a request that does not count.
    """
    def declare(view):
        view.rate_limits = getattr(view, "rate_limits", ()) + (
            Declared(scope, setting, methods, message, exempt_when),)
        return view
    return declare


# Searches and exports: every request to the view counts.
count_as_search = limit("search", "SEARCH_RATE_LIMIT", message=SEARCHES)


def init_app(app) -> None:
    """Check the limit settings parse and give ``app`` a Flask-Limiter that counts what
    its views declare; call it once every blueprint is registered."""
    for key in LIMIT_SETTINGS + OPTIONAL_LIMIT_SETTINGS:
        if key in OPTIONAL_LIMIT_SETTINGS and not app.config[key]:
            continue
        try:
            parse(app.config[key])
        except ValueError:
            raise ConfigError(f"{key} must read like '5 per hour', got {app.config[key]!r}")
    if not app.config.get("RATELIMIT_ENABLED", True):
        # Flask-Limiter's own switch would also turn off the sign-in lockout, and finder's
        # counters would have no storage to ask.
        raise ConfigError("RATELIMIT_ENABLED is not a finder setting: each limit has its "
                          "own, and an empty SEARCH_RATE_LIMIT turns the search limit off")
    url = app.config["REDIS_URL"]
    limiter = Limiter(client_address, app=app, strategy="moving-window",
                      storage_uri=url or "memory://", storage_options=REDIS_OPTIONS if url else {},
                      in_memory_fallback_enabled=bool(url),
                      key_prefix=app.config["RATELIMIT_KEY_PREFIX"])
    # Every limit is on its view, where Flask-Limiter checks it; its before_request checks
    # only application-wide and default limits, which finder has none of. Dropped, it saves
    # about 0.08 ms a request; Flask-Limiter and Flask-CORS together then add about 0.1 ms a
    # search (0.09-0.10 ms) to the hand-written counting and CORS they replaced (interleaved
    # A/B of GET /api/v1/search through the test client, 3,000 each in rounds of 100,
    # medians, 2-core AMD EPYC).
    app.before_request_funcs[None].remove(limiter._check_request_limit)
    state = SimpleNamespace(limiter=limiter, shared=limiter.limiter, in_memory=False, keyed={},
                            memory=MovingWindowRateLimiter(MemoryStorage()))
    app.extensions[EXTENSION] = state
    for endpoint, view in list(app.view_functions.items()):
        declared = [d for d in getattr(view, "rate_limits", ()) if app.config[d.setting]]
        if declared:
            app.view_functions[endpoint] = _limited(state, view, declared, app.config)


def _limited(state, view, declared, config):
    """Wrap ``view`` in Flask-Limiter's limits for ``declared``, refused as finder refuses."""
    limited = view
    for d in declared:
        limited = state.limiter.shared_limit(
            config[d.setting], d.scope, methods=d.methods, error_message=d.message,
            exempt_when=d.exempt_when)(limited)

    @functools.wraps(view)
    def refuse_as_finder(*args, **kwargs):
        try:
            return limited(*args, **kwargs)
        except RateLimitExceeded as err:
            raise _refusal(state, err) from None
        finally:
            _say_where_counted(state)
    return refuse_as_finder


def count_by(key: str, scope: str, setting: str) -> None:
    """Count this request under ``key`` rather than the client's address, against the
    limit ``setting`` names in the counter ``scope``.

    Raises:
        RateLimited: the limit is spent; ``retry_after`` says for how many seconds.
    """
    state = current_app.extensions[EXTENSION]
    if (scope, setting) not in state.keyed:
        state.keyed[scope, setting] = state.limiter.shared_limit(
            current_app.config[setting], scope, key_func=lambda: g.rate_limit_key)
    g.rate_limit_key = key
    try:
        with state.keyed[scope, setting]:   # Flask-Limiter counts a block as it enters it
            pass
    except RateLimitExceeded as err:
        raise _refusal(state, err) from None
    finally:
        _say_where_counted(state)


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


def hit(name: str, limit: str, key: str, message: str | None = None) -> None:
    """Count one request by ``key`` against ``limit``, on the app's Flask-Limiter counters.

    Args:
        message: what the 429 says; ``{wait}`` becomes "5 minutes" or the like.

    Raises:
        RateLimited: the limit is spent; ``retry_after`` says for how many seconds.
    """
    item, ids, strategy, allowed = _call("hit", limit, key, name)
    if not allowed:
        log.info("rate limit %s reached for %s", name, key)
        raise RateLimited(*_wait(strategy, item, ids, message))


def check(name: str, limit: str, key: str, message: str | None = None) -> None:
    """Refuse with 429 if ``key`` has spent ``limit``, without counting this request.

    Raises:
        RateLimited: the limit is spent.
    """
    item, ids, strategy, allowed = _call("test", limit, key, name)
    if not allowed:
        raise RateLimited(*_wait(strategy, item, ids, message))


def clear(name: str, limit: str, key: str) -> None:
    """Forget what ``key`` has counted against ``limit``."""
    _call("clear", limit, key, name)


def _call(method: str, limit: str, key: str, name: str):
    """Run the strategy's ``method`` on ``limit``'s counter for ``key`` (identifiers as
    Flask-Limiter orders them: prefix, key, scope) where Flask-Limiter counts now (Redis, or
    memory); should Redis fail in between, in this process's memory.

    Returns:
        the item, the identifiers, the strategy that answered, and its answer.
    """
    state = current_app.extensions[EXTENSION]
    prefix = current_app.config["RATELIMIT_KEY_PREFIX"]
    item, ids = parse(limit), (prefix, key, name) if prefix else (key, name)
    strategy = state.limiter.limiter
    try:
        return item, ids, strategy, getattr(strategy, method)(item, *ids)
    except Exception as err:  # Redis gone since Flask-Limiter last looked: never a 500
        log.warning("rate-limit storage unreachable (%s); counting in memory", err)
        strategy = state.memory
        return item, ids, strategy, getattr(strategy, method)(item, *ids)


def _refusal(state, err: RateLimitExceeded) -> RateLimited:
    """Say Flask-Limiter's refusal as finder's, with the breached limit's wait."""
    breached = state.limiter.current_limit
    log.info("rate limit %s reached for %s", err.limit.scope, err.limit.key_func())
    return RateLimited(*_wait(state.limiter.limiter, breached.limit, breached.request_args,
                              err.limit.error_message))


def _wait(strategy, item, ids, message: str | None) -> tuple[int, str | None]:
    """Return the seconds until ``item`` allows the next request, and ``message`` saying so."""
    reset, _ = strategy.get_window_stats(item, *ids)
    retry_after = max(1, math.ceil(reset - time.time()))
    return retry_after, message.format(wait=wait_words(retry_after)) if message else None


def _say_where_counted(state) -> None:
    """Log when Flask-Limiter starts counting in memory because Redis is unreachable."""
    in_memory = state.limiter.limiter is not state.shared
    if in_memory and not state.in_memory:
        log.warning("rate-limit storage unreachable; counting in memory")
    state.in_memory = in_memory


def wait_words(seconds: int) -> str:
    """Say how long ``seconds`` is, rounded up: "40 seconds", "1 minute", "15 minutes"."""
    if seconds < 60:
        return f"{seconds} second{'s' if seconds != 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes != 1 else ''}"
