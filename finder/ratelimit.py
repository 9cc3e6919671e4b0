"""Per-client rate limits written as Flask-Limiter writes them ("5 per hour").

Counters live in Redis when ``REDIS_URL`` is set, so every web process counts together;
otherwise in this process's memory. The ``limits`` library (Flask-Limiter's engine)
keeps a moving window, so a burst at the turn of an hour gets no second allowance.
"""
import logging
import math
import time

from flask import current_app
from limits import parse
from limits.storage import storage_from_string
from limits.strategies import MovingWindowRateLimiter

from finder.config import ConfigError
from finder.errors import RateLimited

log = logging.getLogger(__name__)
EXTENSION = "finder.ratelimit"
LIMIT_SETTINGS = ("SUBMISSION_RATE_LIMIT", "SIGN_IN_RATE_LIMIT")


def init_app(app) -> None:
    """Create ``app``'s counters and check the limit settings parse."""
    for key in LIMIT_SETTINGS:
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


def hit(name: str, limit: str, key: str) -> None:
    """Count one request by ``key`` against ``limit``.

    Raises:
        RateLimited: the limit is spent; ``retry_after`` says for how many seconds.
    """
    item = parse(limit)
    ids = (current_app.config["RATELIMIT_KEY_PREFIX"], name, key)
    strategies = current_app.extensions[EXTENSION]
    strategy = strategies["shared"]
    try:
        allowed = strategy.hit(item, *ids)
    except Exception as err:  # Redis unreachable: limit each process rather than nobody
        log.warning("rate-limit storage unreachable (%s); counting in memory", err)
        strategy = strategies["memory"]
        allowed = strategy.hit(item, *ids)
    if not allowed:
        reset, _ = strategy.get_window_stats(item, *ids)
        log.info("rate limit %s reached for %s", name, key)
        raise RateLimited(max(1, math.ceil(reset - time.time())))
