"""Security headers on every response, set in this one place.

- ``Content-Security-Policy``: every HTML page allows no inline script (each script is a
  file from this origin); other responses (JSON, scripts, images) get ``default-src 'none'``.
- Framing: only ``/embed`` may be framed, by the sites in ``EMBED_FRAME_ANCESTORS``
  (``*`` = any site); every other response says ``frame-ancestors 'none'`` and
  ``X-Frame-Options: DENY``.
- ``X-Content-Type-Options: nosniff`` everywhere.
- ``Referrer-Policy: strict-origin-when-cross-origin``: other sites (map tile servers, a
  provider's website) learn only finder's origin, never a path or a query with a postcode;
  OpenStreetMap's tile servers refuse requests with no Referer at all, so nothing stricter
  on the pages with maps. Listings and moderation are ``same-origin`` and ``no-store``:
  their forms post back with a Referer (Flask-WTF checks it over HTTPS), but no other site
  ever learns an edit link, and no cache keeps private fields.
- The session cookie is ``Secure`` whenever the request came over HTTPS.
- Absolute links come from ``PUBLIC_BASE_URL`` when it is set (``request.url_root``,
  ``request.host_url`` and ``url_for(..., _external=True)`` alike), never from the Host
  header a client wrote; ``TRUSTED_HOSTS`` refuses other hosts with 400.
- Forwarded headers: only ``ProxyFix``, with ``PROXY_COUNT`` proxies, reads them;
  gunicorn is told to believe none (``gunicorn.conf.py``), so a client's own
  ``X-Forwarded-Proto`` never makes a plain-HTTP request look like HTTPS.
"""
import re
from urllib.parse import urlsplit

from flask import Request as FlaskRequest
from flask import current_app
from flask import has_request_context
from flask import request
from flask.globals import request_ctx
from flask.sessions import SecureCookieSessionInterface
from werkzeug.datastructures import ImmutableMultiDict

from finder import blueprints
from finder.config import ConfigError

FRAMEABLE_ENDPOINTS = blueprints.FRAMEABLE   # each package marks its own (finder.blueprints)
PRIVATE_BLUEPRINTS = blueprints.PRIVATE
NOT_A_PAGE_POLICY = "default-src 'none'; frame-ancestors 'none'"
SOURCE_RE = re.compile(r"\*|'self'|https?:|(https?://)?(\*\.)?[A-Za-z0-9.-]+(:(\d+|\*))?"
                       r"(/[^\s;,']*)?")


class SessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session whose cookie is Secure whenever the request is HTTPS.

    ``SESSION_COOKIE_SECURE`` (true in production) makes it Secure always. Otherwise a
    request counts as HTTPS when ``wsgi.url_scheme`` says so or when a trusted proxy
    (``PROXY_COUNT``) forwarded ``X-Forwarded-Proto: https``; a client's own header is
    not believed, because without ``PROXY_COUNT`` nothing reads it.
    """

    def open_session(self, app, request):
        """Open the session; without a cookie, skip building the signer (most API calls)."""
        if app.secret_key and not request.cookies.get(self.get_cookie_name(app)):
            return self.session_class()
        return super().open_session(app, request)

    def save_session(self, app, session, response) -> None:
        """Save the session; one never touched and still empty has nothing to write."""
        if session or session.modified or session.accessed:
            super().save_session(app, session, response)

    def get_cookie_secure(self, app) -> bool:
        """Tell whether to mark the session cookie Secure for this response."""
        return super().get_cookie_secure(app) or (has_request_context() and request.is_secure)


class Args(ImmutableMultiDict):
    """The query string's and form's values, as werkzeug keeps them, with a ``get`` that
    asks the dict first: werkzeug's builds a ``BadRequestKeyError`` for each absent key
    (about 2 µs; a search asks for about twenty absent parameters)."""

    def get(self, key, default=None, type=None):
        if key not in self:
            return default
        return super().get(key, default, type)


class Request(FlaskRequest):
    """Flask's request whose own address is ``PUBLIC_BASE_URL``, when that is set."""

    parameter_storage_class = Args

    @property
    def root_url(self) -> str:
        """The public address the app is reached at, with a trailing slash."""
        base = current_app.config["PUBLIC_BASE_URL"]
        return base + "/" if base else super().root_url

    @property
    def host_url(self) -> str:
        """The public address's scheme and host, with a trailing slash."""
        base = current_app.config["PUBLIC_BASE_URL"]
        if not base:
            return super().host_url
        parts = urlsplit(base)
        return f"{parts.scheme}://{parts.netloc}/"


def build_public_urls() -> None:
    """Make ``url_for(..., _external=True)`` build on ``PUBLIC_BASE_URL`` (a before_request).

    The request is already routed; only building links changes.
    """
    parts = urlsplit(current_app.config["PUBLIC_BASE_URL"])
    request_ctx.url_adapter = current_app.url_map.bind(
        parts.netloc, script_name=parts.path or "/", url_scheme=parts.scheme)


def init_app(app) -> None:
    """Check the framing setting and add the headers to every response of ``app``."""
    frame_ancestors(app.config["EMBED_FRAME_ANCESTORS"])
    app.session_interface = SessionInterface()
    app.request_class = Request
    if app.config["PUBLIC_BASE_URL"]:
        app.before_request(build_public_urls)
    app.after_request(add_security_headers)


def add_security_headers(response):
    """Set the CSP, framing, sniffing, referrer and caching headers (an app after_request)."""
    config = current_app.config
    headers = response.headers
    frameable = request.endpoint in FRAMEABLE_ENDPOINTS
    if response.mimetype == "text/html":
        ancestors = frame_ancestors(config["EMBED_FRAME_ANCESTORS"]) if frameable else "'none'"
        headers["Content-Security-Policy"] = content_security_policy(config, ancestors)
    else:
        headers["Content-Security-Policy"] = NOT_A_PAGE_POLICY
    if not frameable:
        headers["X-Frame-Options"] = "DENY"
    headers["X-Content-Type-Options"] = "nosniff"
    if request.blueprint in PRIVATE_BLUEPRINTS:
        headers["Referrer-Policy"] = "same-origin"
        headers["Cache-Control"] = "no-store"
    else:
        headers["Referrer-Policy"] = "strict-origin-when-cross-origin"
    return response


def content_security_policy(config, ancestors: str = "'none'") -> str:
    """Return a page policy with no inline script: every script is a file from this origin."""
    images = " ".join(filter(None, ["'self'", "data:", tile_source(config["MAP_TILE_URL"])]))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {images}",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        f"frame-ancestors {ancestors}",
    ])


def tile_source(tile_url: str) -> str:
    """Return the CSP source for a map tile URL template ({s} becomes a wildcard)."""
    parts = urlsplit(tile_url.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def frame_ancestors(setting: str) -> str:
    """Return the ``frame-ancestors`` sources of ``EMBED_FRAME_ANCESTORS`` ("" = nobody).

    Raises:
        ConfigError: a source is not a host, an origin, ``*`` or ``'self'``.
    """
    sources = setting.replace(",", " ").split()
    for source in sources:
        if not SOURCE_RE.fullmatch(source):
            raise ConfigError("EMBED_FRAME_ANCESTORS must list sites such as "
                              f"'https://news.example *.blog.example' or '*', got {source!r}")
    return " ".join(sources) or "'none'"

