"""Helpers shared by the listing and moderation tests."""
import re
import tempfile

from finder import create_app
from tests.conftest import TEST_DATABASE_URL


def make_app(session, **config):
    """Build a test app on the test's session; the submission and search limits stay out
    of the way (tests/security checks them)."""
    return create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL,
                       "SESSION_FACTORY": lambda: session,
                       "SUBMISSION_RATE_LIMIT": "1000 per hour",
                       "SEARCH_RATE_LIMIT": "10000 per minute",
                       # an export file of this test's data only, never another test's
                       "EXPORT_CACHE_DIR": tempfile.mkdtemp(prefix="finder-export-"),
                       **config})


def csrf_token(html: str) -> str:
    """Return the CSRF token a page's form carries."""
    return re.search(r'name="csrf_token" value="([^"]+)"', html).group(1)
