"""GET /widget.js (the script publishers include), GET /widget/messages/<lang>.json (its
messages in a language) and GET /embed (the widget as a page)."""
import re
from pathlib import Path

from flask import Blueprint
from flask import current_app
from flask import jsonify
from flask import render_template
from flask import request
from flask import send_from_directory

from finder import blueprints
from finder import i18n
from finder.errors import NotFound
from finder.i18n import gettext

bp = Blueprint("widget", __name__)


SCRIPT_MAX_AGE_S = 300
STATIC = Path(__file__).resolve().parent / "static"
SCRIPT = STATIC / "finder-widget.js"
WIDGET_SCRIPT = "widget/static/finder-widget.js"   # as finder.i18n reads scripts


@bp.get("/widget.js")
def script():
    """Serve the widget script to pages on any origin."""
    response = send_from_directory(STATIC, SCRIPT.name,
                                   mimetype="text/javascript", max_age=SCRIPT_MAX_AGE_S)
    return _for_any_origin(response)


@bp.get("/widget/messages/<lang>.json")
def messages(lang):
    """Serve the widget's messages in ``lang`` as ``{msgid: msgstr}``; a message with a
    plural has its singular as the key and ``[form for 1, form for other counts]``.

    A message the catalog has not translated yet comes back as written (English).
    """
    if lang not in i18n.LOCALES:
        error = NotFound(gettext("The widget speaks %(languages)s, not %(lang)s.",
                                 languages=", ".join(i18n.LOCALES), lang=lang[:20]),
                         field="lang")
        return _for_any_origin(jsonify(error.to_dict())), error.status
    return _for_any_origin(jsonify(i18n.script_catalog((WIDGET_SCRIPT,), lang)))


def script_messages() -> tuple:
    """Return the messages the widget script marks (see ``finder.i18n.script_messages``)."""
    return i18n.script_messages(WIDGET_SCRIPT)


def _for_any_origin(response):
    # Any site may embed the widget: this lets it load under COEP, and the CORS header
    # (finder.cors) with crossorigin="anonymous".
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response


@bp.get("/embed")
def embed():
    """Show the widget alone, for sites that can only embed an iframe."""
    modality = request.args.get("modality", "")
    country = request.args.get("country", current_app.config["DEFAULT_COUNTRY"]).upper()
    # Only plain slugs and codes reach the page; the widget checks them with the API.
    modality = modality.lower() if re.fullmatch(r"[a-zA-Z-]{1,40}", modality) else ""
    country = country if re.fullmatch(r"[A-Z]{2}", country) else "US"
    # The one page other sites may frame (finder.security, EMBED_FRAME_ANCESTORS).
    return render_template("widget/embed.html", modality=modality, country=country)


blueprints.frameable(f"{bp.name}.{embed.__name__}")
