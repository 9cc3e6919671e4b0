"""The public pages: the search page, provider profiles and the demo article."""
from flask import Blueprint

bp = Blueprint("pages", __name__)

from finder.pages import present  # noqa: E402
from finder.pages import views  # noqa: E402,F401

bp.record_once(lambda state: present.register(state.app))
