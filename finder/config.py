"""Settings, read from environment variables in one place.

Every key has a working default for a local checkout; ``create_app`` applies test
overrides on top of what ``load_config`` returns.
"""
import datetime as dt
import os
from pathlib import Path
from urllib.parse import urlsplit

PROJECT_ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret"
DEFAULT_DATABASE_URL = "postgresql+psycopg://finder:finder@127.0.0.1:5432/finder"
DEFAULT_TEST_DATABASE_URL = "postgresql+psycopg://finder:finder@127.0.0.1:5432/finder_test"


class ConfigError(RuntimeError):
    """A setting is missing or not acceptable."""


def _bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def _int(environ, key: str, default: int) -> int:
    raw = environ.get(key)
    if raw in (None, ""):
        return default
    try:
        return int(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a whole number, got {raw!r}") from None


def _float(environ, key: str, default: float) -> float:
    raw = environ.get(key)
    if raw in (None, ""):
        return default
    try:
        return float(raw)
    except ValueError:
        raise ConfigError(f"{key} must be a number, got {raw!r}") from None


def _normalise_db_url(url: str) -> str:
    """Accept plain postgres:// URLs and use the psycopg 3 driver for them."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def _base_url(environ) -> str:
    """Read ``PUBLIC_BASE_URL``: an http(s) origin with an optional path, no trailing slash."""
    url = environ.get("PUBLIC_BASE_URL", "").strip().rstrip("/")
    if url:
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or \
                parts.fragment or parts.username or parts.password:
            raise ConfigError("PUBLIC_BASE_URL must look like https://finder.example (an "
                              f"http(s) address with no query), got {url!r}")
    return url


def _trusted_hosts(environ, env: str, base_url: str) -> list[str] | None:
    """Read ``TRUSTED_HOSTS`` (comma list); in production it defaults to the public host."""
    raw = environ.get("TRUSTED_HOSTS")
    if raw is not None:
        hosts = [h.strip() for h in raw.split(",") if h.strip()]
        return hosts or None
    if env == "production" and base_url:
        return [urlsplit(base_url).hostname]
    return None


def default_postcode_dir() -> str:
    """Return the offline GeoNames folder beside the checkout, or "" to download."""
    shared = PROJECT_ROOT.parent / "shared" / "geonames"
    return str(shared) if shared.is_dir() else ""


def load_config(environ=None) -> dict:
    """Build the settings mapping from ``environ`` (default: ``os.environ``)."""
    environ = os.environ if environ is None else environ
    env = environ.get("FINDER_ENV", "development")
    postcode_dir = environ.get("POSTCODE_DATA_DIR", default_postcode_dir())
    countries = environ.get("POSTCODE_COUNTRIES", "")
    base_url = _base_url(environ)
    config = {
        "FINDER_ENV": env,
        "SECRET_KEY": environ.get("SECRET_KEY", DEV_SECRET_KEY),
        "DATABASE_URL": _normalise_db_url(environ.get("DATABASE_URL", DEFAULT_DATABASE_URL)),
        "TEST_DATABASE_URL": _normalise_db_url(
            environ.get("TEST_DATABASE_URL", DEFAULT_TEST_DATABASE_URL)),
        "DATABASE_REPLICA_URL": _normalise_db_url(environ.get("DATABASE_REPLICA_URL", "")),
        "DB_CONNECT_TIMEOUT_S": _int(environ, "DB_CONNECT_TIMEOUT_S", 2),
        "DB_STATEMENT_TIMEOUT_MS": _int(environ, "DB_STATEMENT_TIMEOUT_MS", 5000),
        "DB_POOL_SIZE": _int(environ, "DB_POOL_SIZE", 5),
        "DB_POOL_TIMEOUT_S": _int(environ, "DB_POOL_TIMEOUT_S", 5),
        "POSTCODE_DATA_DIR": postcode_dir,
        "POSTCODE_CACHE_DIR": environ.get(
            "POSTCODE_CACHE_DIR", str(PROJECT_ROOT / ".cache" / "pgeocode")),
        "POSTCODE_COUNTRIES": [c.strip().upper() for c in countries.split(",") if c.strip()],
        "DEFAULT_COUNTRY": environ.get("DEFAULT_COUNTRY", "US").upper(),
        "DEMO_PROVIDERS": _int(environ, "DEMO_PROVIDERS", 20000),
        "SHOW_DEMO_PROVIDERS": _bool(
            environ.get("SHOW_DEMO_PROVIDERS", "false" if env == "production" else "true")),
        "SAMHSA_DIR": environ.get("SAMHSA_DIR", str(PROJECT_ROOT.parent / "shared" / "samhsa")),
        "SEARCH_DEFAULT_RADIUS_KM": _float(environ, "SEARCH_DEFAULT_RADIUS_KM", 50.0),
        "SEARCH_MAX_RADIUS_KM": _float(environ, "SEARCH_MAX_RADIUS_KM", 500.0),
        "CORS_ORIGINS": environ.get("CORS_ORIGINS", "*"),
        # Map tiles come from a tile server the operator picks; the list works without them.
        "MAP_TILE_URL": environ.get("MAP_TILE_URL",
                                    "https://tile.openstreetmap.org/{z}/{x}/{y}.png"),
        "MAP_TILE_ATTRIBUTION": environ.get(
            "MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors"),
        "NODE_MODULES_DIR": environ.get("NODE_MODULES_DIR", str(PROJECT_ROOT / "node_modules")),
        "PORT": _int(environ, "PORT", 5000),
        "REDIS_URL": environ.get("REDIS_URL", ""),
        # The day access rules are resolved for (YYYY-MM-DD; unset = today), to preview a
        # change in the law before it takes effect.
        "ACCESS_DATE": environ.get("ACCESS_DATE") or None,
        # The day freshness and licence expiry are counted from (YYYY-MM-DD; unset = today).
        "TODAY": environ.get("TODAY") or None,
        # Listings and moderation.
        "SUBMISSION_RATE_LIMIT": environ.get("SUBMISSION_RATE_LIMIT", "5 per hour"),
        "REPORT_RATE_LIMIT": environ.get("REPORT_RATE_LIMIT", "10 per hour"),
        # Freshness: a reminder to confirm after this many days, at most one per
        # REMIND_REPEAT_DAYS; out of search and exports after STALE_AFTER_DAYS.
        "REMIND_AFTER_DAYS": _int(environ, "REMIND_AFTER_DAYS", 180),
        "REMIND_REPEAT_DAYS": _int(environ, "REMIND_REPEAT_DAYS", 30),
        "STALE_AFTER_DAYS": _int(environ, "STALE_AFTER_DAYS", 365),
        "SIGN_IN_RATE_LIMIT": environ.get("SIGN_IN_RATE_LIMIT", "10 per 15 minutes"),
        # Hardening: failed sign-ins per moderator name, searches per address ("" = none),
        # and the sites allowed to frame /embed (CSP frame-ancestors sources).
        "SIGN_IN_FAILURE_LIMIT": environ.get("SIGN_IN_FAILURE_LIMIT", "5 per 15 minutes"),
        "SEARCH_RATE_LIMIT": environ.get("SEARCH_RATE_LIMIT", "120 per minute"),
        "EMBED_FRAME_ANCESTORS": environ.get("EMBED_FRAME_ANCESTORS", "*"),
        "RATELIMIT_KEY_PREFIX": environ.get("RATELIMIT_KEY_PREFIX", "finder"),
        "LISTING_MAX_BYTES": _int(environ, "LISTING_MAX_BYTES", 64 * 1024),
        "PROXY_COUNT": _int(environ, "PROXY_COUNT", 0),
        # Absolute links (edit links, profile links, in emails too) start with this, never
        # with the Host header; other hosts are refused with 400 (Flask's TRUSTED_HOSTS).
        "PUBLIC_BASE_URL": base_url,
        "TRUSTED_HOSTS": _trusted_hosts(environ, env, base_url),
        "MODERATION_SESSION_HOURS": _int(environ, "MODERATION_SESSION_HOURS", 12),
        "SMTP_URL": environ.get("SMTP_URL", ""),
        "MAIL_FROM": environ.get("MAIL_FROM", "finder <no-reply@localhost>"),
        "MODERATION_DIGEST_TO": [a.strip() for a in environ.get("MODERATION_DIGEST_TO", "")
                                 .split(",") if a.strip()],
        # Flask's own session cookie carries the CSRF token and the moderator's sign-in.
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": _bool(
            environ.get("SESSION_COOKIE_SECURE", "true" if env == "production" else "false")),
        # Read replicas: /readyz answers 503 while the replica is further behind than this;
        # after a replica fails, reads go to the primary for this long before retrying it.
        "REPLICA_MAX_LAG_S": _float(environ, "REPLICA_MAX_LAG_S", 30.0),
        "REPLICA_RETRY_S": _float(environ, "REPLICA_RETRY_S", 5.0),
        # HTTP caching of public answers (finder.caching): fresh for max-age seconds, then
        # served stale for up to stale-while-revalidate seconds while a cache revalidates.
        "CACHE_MAX_AGE_S": _int(environ, "CACHE_MAX_AGE_S", 60),
        "CACHE_STALE_WHILE_REVALIDATE_S": _int(environ, "CACHE_STALE_WHILE_REVALIDATE_S", 60),
        # Place names already looked up, remembered by each web process
        # (finder.geo.place_cache): how many, and for how long.
        "PLACE_CACHE_SIZE": _int(environ, "PLACE_CACHE_SIZE", 10000),
        "PLACE_CACHE_TTL_S": _int(environ, "PLACE_CACHE_TTL_S", 3600),
        # Where the GeoJSON export is written for clients that read it by byte ranges
        # (finder.providers.export_file); each web process must be able to write there.
        "EXPORT_CACHE_DIR": environ.get(
            "EXPORT_CACHE_DIR", str(PROJECT_ROOT / ".cache" / "exports")),
    }
    return config


def check_config(config) -> None:
    """Refuse settings that are unsafe for the environment the app runs in."""
    if config["FINDER_ENV"] == "production" and config["SECRET_KEY"] == DEV_SECRET_KEY:
        raise ConfigError("SECRET_KEY must be set when FINDER_ENV=production")
    if config["FINDER_ENV"] == "production" and not config["PUBLIC_BASE_URL"]:
        raise ConfigError("PUBLIC_BASE_URL must be set when FINDER_ENV=production (such as "
                          "https://finder.example): links in emails are built from it")
    if config["TODAY"] and not isinstance(config["TODAY"], dt.date):
        try:
            dt.date.fromisoformat(str(config["TODAY"]))
        except ValueError:
            raise ConfigError(f"TODAY must be a date such as 2027-06-01, got "
                              f"{config['TODAY']!r}") from None
    for key in ("REMIND_AFTER_DAYS", "REMIND_REPEAT_DAYS", "STALE_AFTER_DAYS"):
        if config[key] < 1:
            raise ConfigError(f"{key} must be 1 or more")
    if config["PROXY_COUNT"] < 0:
        raise ConfigError("PROXY_COUNT must be 0 or more")
