"""GET /widget.js (the script publishers include) and GET /embed (the widget as a page)."""
import re
from pathlib import Path

from flask import Blueprint
from flask import current_app
from flask import render_template
from flask import request
from flask import send_from_directory

from finder import blueprints

bp = Blueprint("widget", __name__)


SCRIPT_MAX_AGE_S = 300
STATIC = Path(__file__).resolve().parent / "static"


@bp.get("/widget.js")
def script():
    """Serve the widget script to pages on any origin."""
    response = send_from_directory(STATIC, "finder-widget.js",
                                   mimetype="text/javascript", max_age=SCRIPT_MAX_AGE_S)
    # Any site may embed the widget; these let it load with crossorigin="anonymous" or COEP.
    response.headers["Access-Control-Allow-Origin"] = "*"
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
