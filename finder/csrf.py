"""CSRF protection for every HTML form (Flask-WTF); the token lives in the session cookie.

Every POST, PUT, PATCH and DELETE is checked unless its view is marked ``@csrf.exempt``:
only the JSON API views are, because no browser sends them credentials on its own (the
listing API is anonymous, the moderation API takes a bearer token, never the cookie).
"""
from flask_wtf.csrf import CSRFError  # noqa: F401  (re-exported for error handlers)
from flask_wtf.csrf import CSRFProtect

csrf = CSRFProtect()


def init_app(app) -> None:
    """Check CSRF tokens on ``app``'s form posts and offer ``csrf_token()`` to templates."""
    csrf.init_app(app)
