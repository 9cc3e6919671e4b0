"""The public read API: search, one provider, every provider as GeoJSON, modalities."""
from flask import Blueprint
from flask import Response
from flask import current_app
from flask import jsonify
from flask import request
from flask import send_file
from flask import stream_with_context
from flask_babel import force_locale

from finder import ratelimit
from finder.database import read
from finder.database import read_stream
from finder.errors import NotFound
from finder.i18n import gettext as _
from finder.providers import export_file
from finder.providers import exporting
from finder.providers.public import confirmed_since
from finder.providers.public import hidden_sources
from finder.search import service

GEOJSON = "application/geo+json"

bp = Blueprint("search", __name__, url_prefix="/api/v1")


def wants_geojson() -> bool:
    """Tell whether the client asked for GeoJSON (``format=geojson`` or Accept)."""
    if request.args.get("format") == "geojson":
        return True
    # Parsing Accept costs more than the rest of this check: only when it could say so.
    return GEOJSON in request.headers.get("Accept", "") and \
        request.accept_mimetypes.best == GEOJSON


@bp.get("/search")
@ratelimit.count_as_search
def search():
    """Find the nearest approved providers to a postcode, place or coordinates."""
    answer = read(lambda db: service.search(db, request.args, request.url_root))
    if wants_geojson():
        return current_app.response_class(
            current_app.json.dumps(service.as_geojson(answer)), mimetype=GEOJSON)
    return jsonify(answer)


@bp.get("/providers/<int:provider_id>")
def provider(provider_id):
    """Return one approved provider's public record."""
    record = read(lambda db: service.get_public_provider(db, provider_id, request.url_root))
    if record is None:
        raise NotFound(_("No provider %(id)s is listed.", id=provider_id), field="id")
    return jsonify(record)


@bp.get("/providers.geojson")
@ratelimit.count_as_search
def providers_geojson():
    """Stream every approved provider as a GeoJSON Feature, without holding them all;
    ``HEAD`` and byte ranges, which GIS clients ask for, are answered from a file of it."""
    hidden = hidden_sources(current_app.config)
    since = confirmed_since(current_app.config)
    base = request.url_root

    def url(row):
        return service.profile_url(service.public_record(row)["slug"], base)

    if request.method == "HEAD" or request.range is not None:
        return _geojson_file(hidden, since, base, url)
    # The stream has a connection of its own (the replica's, if any): the request's is
    # closed when the view returns, before the body is sent. The statement runs here, so
    # an outage is a 503, not a 200 cut short.
    session, rows = read_stream(lambda db: exporting.approved_rows(db, hidden, since))

    def finish():
        rows.close()
        session.close()

    def chunks():
        try:
            with force_locale("en"):   # open data: the same English words for every client
                yield from exporting.geojson_chunks(rows, url)
        finally:
            finish()
    response = Response(stream_with_context(chunks()), mimetype=GEOJSON)
    response.call_on_close(finish)   # also when the body is never read
    return response


def _geojson_file(hidden, since, base, url):
    """Answer from the export's file (finder.providers.export_file): its length, its
    ranges (206), and 304 to a matching If-None-Match, by werkzeug's send_file."""
    def write(fh):
        session, rows = read_stream(lambda db: exporting.approved_rows(db, hidden, since))
        try:
            with force_locale("en"):
                for chunk in exporting.geojson_chunks(rows, url):
                    fh.write(chunk)
        finally:
            rows.close()
            session.close()
    config = current_app.config
    path = export_file.current(config["EXPORT_CACHE_DIR"], config["CACHE_MAX_AGE_S"],
                               (sorted(hidden), since.date().isoformat(), base), write)
    return send_file(path, mimetype=GEOJSON, conditional=True, etag=True)


@bp.get("/modalities")
def modalities():
    """List the modalities a search can filter on, grouped in families."""
    return jsonify(read(service.modalities))


@bp.get("/countries")
def countries():
    """List the countries with place data, each with its distance unit."""
    return jsonify(read(service.countries))
