"""GET / (search), /providers/<slug> (profile), /demo/ketamine, and Leaflet's files."""
from pathlib import Path

from flask import Blueprint
from flask import current_app
from flask import redirect
from flask import render_template
from flask import request
from flask import send_from_directory
from flask import url_for

from finder import ratelimit
from finder.database import read
from finder.errors import NotFound
from finder.pages import present
from finder.pages import profile as profile_page
from finder import i18n
from finder.i18n import gettext as _
from finder.pages import search_page
from finder.providers.public import slug_id
from finder.search.service import get_public_provider

VENDOR_MAX_AGE_S = 86400

bp = Blueprint("pages", __name__)
bp.record_once(lambda state: present.register(state.app))


def showing_the_form() -> bool:
    """Tell whether the search page shows its empty form (no location given), which does
    not count against ``SEARCH_RATE_LIMIT`` as a search does."""
    return not any(request.args.get(name) for name in ("near", "lat", "lon"))


@bp.get("/")
@ratelimit.limit("search", "SEARCH_RATE_LIMIT", message=ratelimit.SEARCHES,
                 exempt_when=showing_the_form)
def search():
    """Show the search form and, when a place is given, the nearest providers."""
    locale = i18n.names_locale()
    page = read(lambda db: search_page.build(db, request.args, request.url_root,
                                             current_app.config, locale))
    body = render_template("pages/search.html", page=page, map_data=search_page.map_data(page),
                           tiles=tile_settings())
    return body, page.status, {"Vary": "Accept-Language"}


@bp.get("/providers/<slug>")
def profile(slug):
    """Show everything public about an approved provider."""
    provider_id = slug_id(slug)

    def load(db):
        record = get_public_provider(db, provider_id, request.url_root) if provider_id else None
        return record, record and profile_page.profile_context(db, record, locale)
    locale = i18n.names_locale()
    record, context = read(load)
    if record is None:
        raise NotFound(_("No provider is listed at this address. It may have been removed."))
    if slug != record["slug"]:   # the name changed, or only the id was given
        return redirect(url_for(".profile", slug=record["slug"]), 301)
    return render_template("pages/profile.html", tiles=tile_settings(), **context), \
        {"Vary": "Accept-Language"}


@bp.get("/demo/ketamine")
def demo_ketamine():
    """Show a demo article that embeds the widget as a publisher would."""
    return render_template("pages/demo_ketamine.html")


@bp.get("/vendor/leaflet/<path:filename>")
def leaflet(filename):
    """Serve Leaflet's built files from the npm install (``make`` runs ``npm ci``)."""
    folder = Path(current_app.config["NODE_MODULES_DIR"]) / "leaflet" / "dist"
    return send_from_directory(folder, filename, max_age=VENDOR_MAX_AGE_S)


def tile_settings() -> dict:
    """Return the map tile settings the page passes to its script."""
    return {"url": current_app.config["MAP_TILE_URL"],
            "attribution": current_app.config["MAP_TILE_ATTRIBUTION"]}
