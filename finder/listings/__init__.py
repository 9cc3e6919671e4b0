"""Listings: providers submit and later edit their own listing, by form or JSON API."""
from flask import Blueprint

bp = Blueprint("listings", __name__)

from finder.listings import views  # noqa: E402,F401
