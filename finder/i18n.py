"""The visitor's language: English or Spanish, chosen once per request, said in one place.

The locale is, in order: ``?lang=`` in the URL (the language switch sets it, so a shared
link keeps it, and every link ``url_for`` builds carries it on), then the request's
``Accept-Language``, then English. Messages are gettext catalogs in
``finder/translations/`` (``make translations`` compiles them; ``babel.cfg`` says what
``pybabel extract`` reads). Dates, numbers and distances are formatted for the locale
with Babel (``flask_babel.format_decimal`` and friends).

Outside a request (the CLI, the CSV import) messages are English.
"""
import datetime as dt
import functools
from types import SimpleNamespace
from urllib.parse import urlencode
from pathlib import Path

from babel import Locale
from babel.messages.extract import extract
from flask import g
from flask.globals import _cv_app
from flask.globals import _cv_request
from flask import has_request_context
from flask import request
from flask import url_for
from flask_babel import Babel
from flask_babel import force_locale
from flask_babel import format_date
from flask_babel import get_translations
from werkzeug.datastructures import LanguageAccept
from werkzeug.http import parse_accept_header

from finder.names import best_locale
from finder.names import locales
from finder.names import ui_locale

LOCALES = ("en", "es")
DEFAULT = "en"
# What the language switch shows, each in its own language.
NATIVE_NAMES = {"en": "English", "es": "Español"}
# Endpoints whose links must not carry ?lang= (files whose bytes do not change with it).
UNTRANSLATED = ("static", "pages.leaflet")


def init_app(app) -> None:
    """Install Flask-Babel with finder's locale rule, and carry ``?lang=`` on every link."""
    Babel(app, locale_selector=select_locale, default_translation_directories="translations")
    # Templates translate through the quick lookup below too (a page makes about a hundred).
    app.jinja_env.install_gettext_callables(
        lambda message: translations().ugettext(message),
        lambda singular, plural, n: translations().ungettext(singular, plural, n),
        newstyle=True)
    app.url_defaults(_keep_lang)
    app.context_processor(lambda: {"lang": current(), "lang_links": language_links,
                                   "lang_field": lang_in_url(), "js_messages": js_messages})


def translations():
    """Return this request's catalog, as ``flask_babel.get_translations`` does, looked up
    once per request and locale. Flask-Babel's own way there costs about 30 µs on a
    request's first word (its context, domain and locale, each through a proxy) and 8 µs
    on each later one, and a search answer asks for a few words per provider. Here the
    app context's ``g`` is read directly; the locale is set where ``get_locale`` would set
    it, by the same selector; each locale's catalog is Flask-Babel's, kept per app.
    ``force_locale`` sets a new locale: a new lookup."""
    context = _cv_app.get(None)
    if context is None:
        return get_translations()
    names = context.g.__dict__
    state = names.get("_flask_babel")
    if state is None:
        state = names["_flask_babel"] = SimpleNamespace()   # as Flask-Babel makes it
    kept = state.__dict__
    locale = kept.get("babel_locale")
    if locale is None:
        locale = state.babel_locale = select_locale()   # what flask_babel.get_locale sets
    found = kept.get("finder_translations")
    if found is not None and found[0] is locale:
        return found[1]
    catalogs = context.app.extensions.setdefault("finder.catalogs", {})
    catalog = catalogs.get(locale)
    if catalog is None:
        catalog = catalogs[locale] = get_translations()
    state.finder_translations = (locale, catalog)
    return catalog


def gettext(message: str, **variables) -> str:
    """Translate ``message`` and fill in its ``%(name)s`` (``flask_babel.gettext``'s rule)."""
    words = translations().ugettext(message)
    return words % variables if variables else words


def ngettext(singular: str, plural: str, num: int, **variables) -> str:
    """Translate a message with a count, ``%(num)s`` filled in (``flask_babel.ngettext``)."""
    variables.setdefault("num", num)
    return translations().ungettext(singular, plural, num) % variables


def long_date(value) -> str:
    """Return an ISO date (or a date) as the visitor reads it: "June 30, 2026", "30 de junio
    de 2026"; anything else as given."""
    if isinstance(value, str):
        try:
            value = dt.date.fromisoformat(value[:10])
        except ValueError:
            return value
    return format_date(value, "long") if isinstance(value, dt.date) else value


def select_locale() -> Locale:
    """Return the locale for this request (``en`` outside one)."""
    if not has_request_context():
        return parsed(DEFAULT)
    return locale_for(lang_in_url(), request.headers.get("Accept-Language", ""))


@functools.lru_cache(maxsize=64)
def parsed(tag: str) -> Locale:
    """Return Babel's ``Locale`` for ``tag``, parsed once (about 20 µs a request otherwise)."""
    return Locale.parse(tag)


@functools.lru_cache(maxsize=1024)
def locale_for(lang: str | None, accept_language: str) -> Locale:
    """Return the locale for ``?lang=`` (a supported one, or None) and an Accept-Language
    header: the language, and the visitor's own variety of it for numbers and dates
    ("es-US": 2.9 mi, "es-ES": 2,9 km) when the header names one; the messages are the
    same. Worked out once per pair: browsers send a handful of different headers, and
    parsing one costs about 35 µs a request."""
    accepted = parse_accept_header(accept_language, LanguageAccept)
    language = lang or accepted.best_match(LOCALES) or DEFAULT
    for tag, _quality in accepted:
        tag = tag.replace("-", "_")
        if tag.lower().startswith(language + "_") and tag in locales():
            return parsed(tag)
    return parsed(language)


def lang_in_url() -> str | None:
    """Return the supported ``?lang=`` of this request, if it has one (None outside one).
    Read once per request: the locale, the links and the caching headers all ask."""
    context = _cv_request.get(None)
    if context is None:
        return None
    kept = context.request.__dict__
    if "finder_lang" not in kept:
        value = context.request.args.get("lang", "").strip().lower()
        kept["finder_lang"] = value if value in LOCALES else None
    return kept["finder_lang"]


def current() -> str:
    """Return this request's locale as a language code (``en`` or ``es``)."""
    return ui_locale()


def names_locale() -> str:
    """Return the locale languages are named in: the page's when ``?lang=`` chose it, else
    the browser's own (a French browser reads "espagnol" on an English page)."""
    return current() if lang_in_url() else best_locale(request.accept_languages)


def depends_on_accept_language() -> bool:
    """Tell whether this answer's language came from ``Accept-Language`` (so caches must
    ``Vary`` on it) rather than from ``?lang=``."""
    return has_request_context() and lang_in_url() is None


def language_links() -> list[dict]:
    """Return this page in each language: ``{"code", "name", "url", "absolute",
    "current"}``, for the switch and the ``hreflang`` alternates (which want absolute URLs)."""
    here = current()
    args = request.args.to_dict(flat=False)
    links = []
    for code in LOCALES:   # the address as asked, only ?lang= changed (no url_for: any
        args["lang"] = [code]   # query key may come in, including url_for's own _external)
        url = f"{request.path}?{urlencode(args, doseq=True)}"
        links.append({"code": code, "name": NATIVE_NAMES[code], "url": url,
                      "absolute": request.host_url.rstrip("/") + url,
                      "current": code == here})
    return links


def _keep_lang(endpoint: str, values: dict) -> None:
    if endpoint in UNTRANSLATED or "lang" in values or not has_request_context():
        return
    if g.get("_lang_kept") is None:
        g._lang_kept = lang_in_url() or ""
    if g._lang_kept:
        values["lang"] = g._lang_kept


# The pages' own scripts, whose messages base.html hands them in the page's language.
PAGE_SCRIPTS = ("static/js/site.js", "static/js/listing.js")


@functools.cache
def script_messages(*paths: str) -> tuple:
    """Return the messages the scripts at ``paths`` (under ``finder/``) mark (``_``,
    ``N_``, ``ngettext``), as ``pybabel extract`` finds them: a msgid, or a
    ``(singular, plural)`` pair. Read once per process."""
    found = []
    for path in paths:
        with open(Path(__file__).parent / path, "rb") as script:
            found += [message for _line, message, _comments, _context in
                      extract("javascript", script)]
    return tuple(dict.fromkeys(found))


def script_catalog(paths, lang: str) -> dict:
    """Return the scripts' messages in ``lang`` as ``{msgid: msgstr}``; a message with a
    plural has its singular as the key and ``[form for 1, form for other counts]``. A
    message the catalog has not translated yet comes back as written (English)."""
    # The catalog's own gettext: flask_babel.gettext would fill in %(name)s (scripts do).
    with force_locale(lang):
        catalog = get_translations()
        found = {}
        for message in script_messages(*paths):
            if isinstance(message, str):
                found[message] = catalog.gettext(message)
            else:
                singular, plural = message
                found[singular] = [catalog.ngettext(singular, plural, 1),
                                   catalog.ngettext(singular, plural, 2)]
    return found


def js_messages() -> dict:
    """Return the pages' script messages in this request's language (none in English:
    the scripts' own words are English)."""
    lang = current()
    return {} if lang == DEFAULT else script_catalog(PAGE_SCRIPTS, lang)
