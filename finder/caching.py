"""HTTP caching of public answers, the way the web does it, set in this one place.

Public GET answers (search, one provider, modalities, GeoJSON, the widget script and
``/embed``) say ``Cache-Control: public, max-age=CACHE_MAX_AGE_S,
stale-while-revalidate=CACHE_STALE_WHILE_REVALIDATE_S``, carry a strong ``ETag`` (a hash
of the body, the same in every web process) and answer ``304`` to a matching
``If-None-Match``. ``Vary`` names exactly what changes an answer: ``Accept`` where it picks
GeoJSON over JSON, ``Accept-Language`` unless ``?lang=`` chose the language (finder.cors adds
``Origin`` where ``CORS_ORIGINS`` is a list, since the allowed origin is echoed). A
moderator's decision reaches every cache within ``max-age`` (plus, for a cache that serves
stale answers while it revalidates, one revalidation).

Nothing private is cacheable: listings and moderation are ``no-store`` (finder.security),
and none of the public endpoints reads or writes the cookie (which would add
``Vary: Cookie``; tests/test_caching.py checks that none does).
"""
import hashlib

from flask import current_app
from flask import request

from finder import i18n

# Endpoints whose answers are public, and whether Accept changes them.
PUBLIC_ENDPOINTS = {
    "search.search": True,   # JSON, or GeoJSON for Accept: application/geo+json
    "search.provider": False,
    "search.modalities": False,
    "search.providers_geojson": False,
    "widget.script": False,
    "widget.messages": False,
    "widget.embed": False,
}
# Answers with words in the visitor's language (labels, notices): they vary with
# Accept-Language unless ?lang= chose it. The script and the export file do not.
TRANSLATED_ENDPOINTS = {"search.search", "search.provider", "search.modalities", "widget.embed"}


def init_app(app) -> None:
    """Add the caching headers to ``app``'s public answers."""
    config = app.config
    app.extensions["finder.cache_control"] = (
        f"public, max-age={config['CACHE_MAX_AGE_S']}, "
        f"stale-while-revalidate={config['CACHE_STALE_WHILE_REVALIDATE_S']}")
    app.after_request(add_caching_headers)


def add_caching_headers(response):
    """Make a public GET answer cacheable, with a strong ETag and 304 on a match."""
    endpoint = request.endpoint
    accept_varies = PUBLIC_ENDPOINTS.get(endpoint)
    # 304: send_file's own answer to If-None-Match (the widget script, the export file),
    # headers as its 200; 206: a byte range of the export file.
    if accept_varies is None or response.status_code not in (200, 206, 304) or \
            request.method not in ("GET", "HEAD"):
        return response
    app = current_app._get_current_object()
    headers = response.headers
    headers["Cache-Control"] = app.extensions["finder.cache_control"]
    vary = ["Accept"] if accept_varies else []
    if endpoint in TRANSLATED_ENDPOINTS and i18n.depends_on_accept_language():
        vary.append("Accept-Language")
    if vary:
        vary.extend(v.strip() for v in headers.get("Vary", "").split(",") if v.strip())
        headers["Vary"] = ", ".join(dict.fromkeys(vary))
    if response.status_code == 200 and not response.is_streamed:
        # sha1 is the quickest of hashlib's here: about 4 µs for an 8 kB search answer.
        # Not a security measure: a fingerprint of bytes finder itself wrote.
        headers["ETag"] = f'"{hashlib.sha1(response.get_data()).hexdigest()}"'
    # send_file's answers (the widget script) already carry a strong ETag of their own.
    if "HTTP_IF_NONE_MATCH" in request.environ and "ETag" in headers:
        response.make_conditional(request)
    return response
