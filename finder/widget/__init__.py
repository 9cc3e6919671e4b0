"""The embeddable search widget: /widget.js for any site, /embed for iframes."""
from flask import Blueprint

bp = Blueprint("widget", __name__)

from finder.widget import views  # noqa: E402,F401
