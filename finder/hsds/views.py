"""The read-only HSDS 3.0 API under ``/hsds/``: approved public providers only.

Lists answer with the specification's paging object; ``format=ndjson`` streams every
matching record, one JSON document a line, without paging.
"""
import datetime as dt
import math

import orjson
from flask import Blueprint
from flask import Response
from flask import current_app
from flask import jsonify
from flask import request
from flask import stream_with_context
from sqlalchemy import text

from finder import formats
from finder.database import read
from finder.database import read_stream
from finder.errors import InvalidInput
from finder.errors import NotFound
from finder.geo.geocode import postcode_origin
from finder.hsds import mapping
from finder.hsds import queries
from finder.providers.payment import PAYMENT
from finder.providers.public import confirmed_since
from finder.providers.public import hidden_sources
from finder.search import vocabulary

bp = Blueprint("hsds", __name__, url_prefix="/hsds")
MAX_PER_PAGE = 200
MAX_PROXIMITY_M = 500_000
CREDIT = ("Human Services Data Specification 3.0 by Open Referral, licensed under CC BY-SA 4.0 "
          "(https://openreferral.org/)")


@bp.get("/")
def index():
    """Say which HSDS version and profile this is, and where its API description is."""
    return jsonify({"version": "3.0.1", "profile": "https://openreferral.org/",
                    "openapi_url": "https://raw.githubusercontent.com/openreferral/specification"
                                   "/3.0.1/schema/openapi.json",
                    "attribution": CREDIT})


def _number(name: str, default: int, high: int) -> int:
    raw = (request.args.get(name) or "").strip()
    if not raw:
        return default
    try:
        value = formats.whole(raw)
    except ValueError:
        value = 0
    if not 1 <= value <= high:
        raise InvalidInput(f"{name} must be a whole number from 1 to {high}.", field=name)
    return value


def _after():
    raw = (request.args.get("modified_after") or "").strip()
    if not raw:
        return None
    try:
        when = dt.datetime.fromisoformat(raw.replace("Z", "+00:00"))
    except ValueError:
        raise InvalidInput("modified_after must be an ISO 8601 date or date-time such as "
                           "2026-01-31T00:00:00Z.", field="modified_after") from None
    return when if when.tzinfo else when.replace(tzinfo=dt.timezone.utc)


def _term(db):
    wanted = (request.args.get("taxonomy_term_id") or "").strip()
    if not wanted:
        return None
    found = {t["id"]: (slug, t["code"]) for slug, t in all_terms(db)}
    if wanted not in found:
        raise InvalidInput("taxonomy_term_id is not one of /hsds/taxonomy_terms.",
                           field="taxonomy_term_id")
    return found[wanted]


def _near(db):
    postcode = (request.args.get("postcode") or "").strip()
    proximity = (request.args.get("proximity") or "").strip()
    if not postcode:
        if proximity:
            raise InvalidInput("proximity goes with postcode.", field="proximity")
        return None
    metres = _number("proximity", 50_000, MAX_PROXIMITY_M)
    country = (request.args.get("country") or current_app.config["DEFAULT_COUNTRY"]).upper()
    if len(postcode) > 16 or not formats.is_plain_text(postcode):
        raise InvalidInput("postcode must be a postcode such as 90210.", field="postcode")
    origin = postcode_origin(country, postcode)
    found = db.execute(text(origin.sql), origin.params).first()
    centre = (found.lat, found.lon) if found else None
    if centre is None:
        raise NotFound(f"No postcode {postcode!r} was found in {country}.", field="postcode")
    return (*centre, metres)


def query(db, provider_id=None, nearest=False) -> queries.Query:
    """Read the list parameters into a checked ``Query`` (400 naming the field)."""
    fmt = request.args.get("format") or "json"
    if fmt not in ("json", "ndjson"):
        raise InvalidInput("format must be json or ndjson.", field="format")
    search = (request.args.get("search") or "").strip() or None
    if search and (len(search) > 100 or not formats.is_plain_text(search)):
        raise InvalidInput("search must be plain text of at most 100 characters.",
                           field="search")
    return queries.Query(
        hidden=hidden_sources(current_app.config),
        confirmed_since=confirmed_since(current_app.config), page=_number("page", 1, 10**6),
        per_page=None if fmt == "ndjson" else _number("per_page", 50, MAX_PER_PAGE),
        modified_after=_after(), search=search, term=_term(db), provider_id=provider_id,
        near=_near(db) if nearest else None)


def listing(kind: str, nearest: bool = False):
    """Answer a list endpoint: a page in the paging object, or every record as ndjson."""
    if request.args.get("format") == "ndjson":
        return stream(kind, nearest)

    def work(db):
        q = query(db, nearest=nearest)
        labels, tags = queries.context(db)
        total = queries.count(db, q)
        contents = [queries.build(kind, row, labels, tags) for row in queries.rows(db, q)]
        return paged(contents, total, q.page, q.per_page)
    return jsonify(read(work))


def paged(contents: list, total: int, page: int, size: int) -> dict:
    """Return the specification's paging object around ``contents``."""
    pages = max(1, math.ceil(total / size))
    return {"total_items": total, "total_pages": pages, "page_number": page, "size": size,
            "first_page": page == 1, "last_page": page >= pages, "empty": not contents,
            "contents": contents}


def stream(kind: str, nearest: bool):
    """Stream every matching record, one JSON document a line."""
    def work(db):
        q = query(db, nearest=nearest)
        return q, queries.context(db), queries.rows(db, q)
    connection, (q, (labels, tags), rows) = read_stream(work)

    def finish():
        rows.close()
        connection.close()

    def lines():
        try:
            for row in rows:
                yield orjson.dumps(queries.build(kind, row, labels, tags)) + b"\n"
        finally:
            finish()
    response = Response(stream_with_context(lines()), mimetype="application/x-ndjson")
    response.call_on_close(finish)
    return response


def one(kind: str, value: str):
    """Answer ``/{kind}s/{id}``: the record, or a 404 naming the id."""
    provider_id = mapping.provider_of(kind, value)

    def work(db):
        if provider_id is None:
            return None
        labels, tags = queries.context(db)
        q = queries.Query(hidden=hidden_sources(current_app.config),
                          confirmed_since=confirmed_since(current_app.config), per_page=1,
                          provider_id=provider_id)
        found = [queries.build(kind, row, labels, tags) for row in queries.rows(db, q)]
        return found[0] if found else None
    record = read(work)
    if record is None:
        raise NotFound(f"No {kind.replace('_', ' ')} {value[:60]!r} is listed.", field="id")
    return jsonify(record)


@bp.get("/services")
def services():
    """List services (what each approved provider offers)."""
    return listing("service")


@bp.get("/services/<value>")
def service(value):
    """Return one service with its organization, languages, phones and costs."""
    return one("service", value)


@bp.get("/organizations")
def organizations():
    """List organizations (each provider's practice or clinic)."""
    return listing("organization")


@bp.get("/organizations/<value>")
def organization(value):
    """Return one organization."""
    return one("organization", value)


@bp.get("/service_at_locations")
def service_at_locations():
    """List services at their locations; with ``postcode``, nearest first within
    ``proximity`` metres."""
    return listing("service_at_location", nearest=True)


@bp.get("/service_at_locations/<value>")
def service_at_location(value):
    """Return one service at its location."""
    return one("service_at_location", value)


def all_terms(db) -> list[tuple[str, dict]]:
    """Return every taxonomy term finder uses, with its taxonomy's slug."""
    vocab = vocabulary.get(db)
    terms = [("finder-modalities", mapping.term("finder-modalities", slug, m["label"]))
             for slug, m in vocab.modalities.items()]
    terms += [("finder-payment", mapping.term("finder-payment", slug, label))
              for slug, label in PAYMENT.items()]
    tags = db.execute(text("SELECT slug, label FROM service_tags ORDER BY slug")).all()
    terms += [("samhsa-service-codes", mapping.term("samhsa-service-codes", s.upper(), label))
              for s, label in tags]
    return terms


@bp.get("/taxonomies")
def taxonomies():
    """List finder's taxonomies: its treatments, payment, and SAMHSA's service codes."""
    contents = [mapping.compact(mapping.taxonomy(slug)) for slug in mapping.TAXONOMIES]
    return jsonify(paged(contents, len(contents), 1, max(1, len(contents))))


@bp.get("/taxonomy_terms")
def taxonomy_terms():
    """List every taxonomy term, a page at a time."""
    page, size = _number("page", 1, 10**6), _number("per_page", 50, MAX_PER_PAGE)
    terms = [mapping.compact(t) for _, t in read(all_terms)]
    return jsonify(paged(terms[(page - 1) * size:page * size], len(terms), page, size))
