"""Moderation: moderators sign in, review the queue and approve or reject listings."""
from flask import Blueprint

bp = Blueprint("moderation", __name__)

from finder.moderation import api  # noqa: E402,F401
from finder.moderation import views  # noqa: E402,F401
