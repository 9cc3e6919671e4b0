"""What the app treats specially about a blueprint, said by the blueprint itself.

A package marks its own blueprint or endpoint here, so nothing else names it: the body
cap and ``finder.security``'s headers read these sets.
"""
from flask import current_app
from flask import request

# Blueprints whose requests carry private data (listings, moderation): a smaller body cap,
# no caching, same-origin referrers.
PRIVATE: set[str] = set()
# Endpoints other sites may show in a frame (the widget's embed page).
FRAMEABLE: set[str] = set()


def private(bp):
    """Mark ``bp`` as private; return it."""
    PRIVATE.add(bp.name)
    return bp


def frameable(endpoint: str) -> str:
    """Mark ``endpoint`` as one other sites may frame; return it."""
    FRAMEABLE.add(endpoint)
    return endpoint


def limit_body_size():
    """Cap request bodies sent to private blueprints (an app-level before_request, so the
    cap holds before CSRF reads a form)."""
    if request.blueprint in PRIVATE:
        request.max_content_length = current_app.config["LISTING_MAX_BYTES"]
