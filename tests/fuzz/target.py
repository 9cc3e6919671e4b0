"""The app the fuzz tests aim at, built once at collection (schemathesis needs its document).

Its sessions are whichever test session is current, so everything a fuzz test writes is
rolled back with that test; ``seed`` makes rows for generated ids and edit links to hit.
"""
import uuid

from flask.testing import FlaskClient
from sqlalchemy import text

from finder import create_app
from finder.moderation.auth import create_moderator
from finder.moderation.auth import issue_api_token
from tests.conftest import TEST_DATABASE_URL
from tests.factories import listing_payload
from tests.factories import make_provider


class Target:
    """What the current fuzz test runs against."""

    session = None
    token = ""
    ids: list[int] = []
    tokens: list[str] = []
    reports: list[int] = []


TARGET = Target()


def build_app():
    """Return the app, with rate limits out of the way so that validation gets fuzzed."""
    app = create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL,
                      "SUBMISSION_RATE_LIMIT": "100000 per hour", "SEARCH_RATE_LIMIT": "",
                      "REPORT_RATE_LIMIT": "100000 per hour",
                      "RATELIMIT_KEY_PREFIX": f"fuzz-{uuid.uuid4().hex}"})
    # The test's session; before any test (schemathesis loading the document, which reads
    # the vocabularies), a session of the app's own.
    own = app.config["SESSION_FACTORY"]
    app.config["SESSION_FACTORY"] = lambda: TARGET.session or own()
    return app


class BufferedClient(FlaskClient):
    """A test client that reads each body whole and closes it, as a WSGI server would.

    Schemathesis reads a streamed body without closing it, so the stream's clean-up
    (closing its session: here, the test's) would run whenever the garbage collector
    gets to it, in the middle of a later request.
    """

    def open(self, *args, **kwargs):
        """Send a request; answer with the body read and the stream closed."""
        return super().open(*args, **{**kwargs, "buffered": True})


def seed(app, session) -> None:
    """Make a moderator and listings in every state, and aim ``TARGET`` at them.

    Pending listings, an approved one with an edit waiting and two open reports, a
    rejected one, and an imported provider without private fields.
    """
    # A fuzz test keeps its transaction open for minutes. Another run on the same database
    # (someone else's `make test`) must not queue behind its rows and advisory locks: names
    # are unique, and a lock waited on for 3 s gives up (the API answers 503, documented).
    session.bind.execute(text("SET LOCAL lock_timeout = '3s'"))
    TARGET.session = session
    run = uuid.uuid4().hex[:12]
    create_moderator(session, f"fuzzer-{run}", "correct horse battery staple")
    TARGET.token = issue_api_token(session, f"fuzzer-{run}")
    session.commit()
    client = app.test_client()
    auth = {"Authorization": f"Bearer {TARGET.token}"}
    receipts = [client.post("/api/v1/listings", json=listing_payload(
        email=f"seed{i}-{run}@example.org")).json for i in range(4)]
    approved, rejected = receipts[0]["id"], receipts[1]["id"]
    client.post(f"/api/v1/moderation/listings/{approved}/approve", json={"revision": None},
                headers=auth)
    client.post(f"/api/v1/moderation/listings/{rejected}/reject", json={"reason": "test"},
                headers=auth)
    TARGET.tokens = [r["edit_url"].rsplit("/", 1)[1] for r in receipts]
    client.put(f"/api/v1/listings/edit/{TARGET.tokens[0]}",
               json=listing_payload(email=f"seed0-{run}@example.org", phone="+1 720 555 0101"))
    TARGET.ids = [r["id"] for r in receipts] + [make_provider(session)]
    TARGET.reports = [client.post(f"/api/v1/providers/{approved}/reports",
                                  json={"reason": reason}).json["id"]
                      for reason in ("wrong-contact", "conduct")]
