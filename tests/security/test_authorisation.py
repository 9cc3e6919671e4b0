"""Who may call what: every moderation route and method, under every kind of credential.

``ROUTES`` is the matrix. It must name every rule under /moderation/ and /api/v1/moderation/
(and every endpoint of the moderation blueprint) with each method it answers; a new route
fails ``test_the_matrix_covers_every_moderation_route`` until it is added here with the
answers expected of it.
"""
import functools

import pytest
from sqlalchemy import text

from finder import create_app
from finder.models import Moderator
from finder.moderation.auth import hash_password
from tests.conftest import TEST_DATABASE_URL
from tests.factories import listing_payload
from tests.factories import make_provider
from tests.helpers import csrf_token
from tests.moderation.conftest import PASSWORD
from tests.moderation.conftest import ModeratorActions

REASON = "We could not verify the license or credentials."
# (rule, method) -> what it is: how it is called, and what each caller must get.
ROUTES = {
    ("/moderation/sign-in", "GET"): "public page",
    ("/moderation/sign-in", "POST"): "sign-in",
    ("/moderation/sign-out", "POST"): "sign-out",
    ("/moderation/", "GET"): "page",
    ("/moderation/listings/<int:provider_id>", "GET"): "page",
    ("/moderation/listings/<int:provider_id>/approve", "POST"): "page decision",
    ("/moderation/listings/<int:provider_id>/reject", "POST"): "page decision",
    ("/api/v1/moderation/queue", "GET"): "api",
    ("/api/v1/moderation/listings/<int:provider_id>", "GET"): "api",
    ("/api/v1/moderation/listings/<int:provider_id>/events", "GET"): "api",
    ("/api/v1/moderation/listings/<int:provider_id>/approve", "POST"): "api decision",
    ("/api/v1/moderation/listings/<int:provider_id>/reject", "POST"): "api decision",
    ("/moderation/listings/<int:provider_id>/verification", "POST"): "page verification",
    ("/moderation/reports/<int:report_id>", "GET"): "page",
    ("/moderation/reports/<int:report_id>/resolve", "POST"): "page resolution",
    ("/api/v1/moderation/listings/<int:provider_id>/verification", "POST"): "api verification",
    ("/api/v1/moderation/reports/<int:report_id>", "GET"): "api",
    ("/api/v1/moderation/reports/<int:report_id>/resolve", "POST"): "api resolution",
}
VERIFICATION = {"registry": "Medical Board of California", "status": "active",
                "lookup_url": "https://search.dca.ca.gov/", "checked_on": "2026-11-30"}
# Flask answers HEAD like GET (without the body) and OPTIONS itself, for every rule.
CASES = sorted({**ROUTES, **{(rule, "HEAD"): kind for (rule, method), kind in ROUTES.items()
                             if method == "GET"},
                **{(rule, "OPTIONS"): "options" for rule, _ in ROUTES}}.items())
CALLERS = ["anonymous", "wrong", "revoked", "other-kind", "moderator"]


@functools.cache
def password_hash() -> str:
    return hash_password(PASSWORD)


def moderation_rules(app) -> set[tuple[str, str]]:
    rules = set()
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith(("/moderation/", "/api/v1/moderation/")) or \
                rule.endpoint.startswith("moderation."):
            rules |= {(rule.rule, method) for method in rule.methods}
    return rules


def test_the_matrix_covers_every_moderation_route():
    app = create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL,
                      "SESSION_FACTORY": lambda: None})
    routes = moderation_rules(app)
    missing = routes - {case for case, _ in CASES}
    assert not missing, f"add these to ROUTES with what each caller should get: {missing}"
    assert not {case for case, _ in CASES} - routes, "ROUTES names a route that is gone"


class Caller:
    """One kind of caller, set up on ``client``: cookies for pages, a header for the API."""

    def __init__(self, client, runner, session, kind):
        self.client, self.kind = client, kind
        # Stored straight away with a hash made once: Argon2 is slow on purpose.
        session.add_all([Moderator(name=name, password_hash=password_hash(), active=True)
                         for name in ("alice", "bob")])
        session.commit()
        self.actions = ModeratorActions(client, runner)
        self.token = self.actions.token("alice")
        self.revoked = self.actions.token("bob")
        assert runner.invoke(args=["moderator", "revoke", "bob"]).exit_code == 0

    def page_setup(self):
        """Put this caller's cookie (if any) in the client; return headers to send."""
        if self.kind == "wrong":
            with self.client.session_transaction() as cookie:
                cookie["moderator_session"] = "forged-session-token"
        elif self.kind == "revoked":   # a copy of the cookie of a session that signed out
            self.actions.sign_in("alice")
            copied = self.client.get_cookie("session").value
            page = self.client.get("/moderation/")
            self.client.post("/moderation/sign-out", data={"csrf_token": csrf_token(page.text)})
            self.client.set_cookie("session", copied)
        elif self.kind == "other-kind":   # a valid API token does not open the pages
            return {"Authorization": f"Bearer {self.token}"}
        elif self.kind == "moderator":
            assert self.actions.sign_in("alice").status_code == 302
        return {}

    def api_headers(self):
        """Return the Authorization header (if any) this caller sends to the API."""
        if self.kind == "other-kind":   # a signed-in browser's cookie does not open the API
            assert self.actions.sign_in("alice").status_code == 302
        token = {"wrong": "not-a-real-token", "revoked": self.revoked,
                 "moderator": self.token}.get(self.kind)
        return {"Authorization": f"Bearer {token}"} if token else {}


def status_of(session, provider_id) -> str:
    return session.scalar(text("SELECT status FROM providers WHERE id = :id"), {"id": provider_id})


@pytest.mark.parametrize("caller", CALLERS)
@pytest.mark.parametrize("case, kind", CASES, ids=[f"{m} {r}" for (r, m), _ in CASES])
def test_every_moderation_route_answers_each_caller_as_it_should(client, runner, session,
                                                                  case, kind, caller):
    rule, method = case
    listing = client.post("/api/v1/listings", json=listing_payload()).json["id"]
    public = make_provider(session)
    report = client.post(f"/api/v1/providers/{public}/reports",
                         json={"reason": "wrong-contact"}).json["id"]
    path = rule.replace("<int:provider_id>", str(listing)).replace("<int:report_id>",
                                                                  str(report))
    who = Caller(client, runner, session, caller)
    allowed = caller == "moderator"
    if kind == "options":
        response = client.open(path, method="OPTIONS", headers=who.api_headers())
        assert response.status_code == 200 and response.data == b""   # methods only, no data
        assert "OPTIONS" in response.headers["Allow"]
    elif rule.startswith("/api/"):
        body = {"json": {"reason": REASON}} if rule.endswith("/reject") else \
            {"json": {"revision": None}} if rule.endswith("/approve") else \
            {"json": VERIFICATION} if rule.endswith("/verification") else \
            {"json": {"action": "dismiss"}} if rule.endswith("/resolve") else {}
        response = client.open(path, method=method, headers=who.api_headers(), **body)
        if allowed:
            assert response.status_code == 200, response.text
            assert method == "HEAD" or response.is_json
        else:
            assert response.status_code == 401, response.text
            assert response.headers["WWW-Authenticate"].startswith("Bearer")
            if method != "HEAD":
                assert response.json["error"]["code"] == "unauthorized"
    else:
        headers = who.page_setup()
        data = None
        if method == "POST":
            form = client.get("/moderation/sign-in")   # a CSRF token for this very cookie
            data = {"csrf_token": csrf_token(form.text), "revision": "", "preset": REASON,
                    "action": "dismiss", **VERIFICATION}
            if kind == "sign-in":
                data.update(name="alice", password=PASSWORD if allowed else "a wrong password")
        response = client.open(path, method=method, data=data, headers=headers)
        check_page(kind, allowed, response, method)
    assert "Access-Control-Allow-Origin" not in response.headers   # never readable cross-site
    decided = status_of(session, listing) != "pending"
    assert decided == (allowed and kind.endswith("decision")), status_of(session, listing)
    verified = session.scalar(text("SELECT verified_on IS NOT NULL FROM providers "
                                   "WHERE id = :id"), {"id": listing})
    assert verified == (allowed and kind.endswith("verification"))
    resolved = session.scalar(text("SELECT status FROM reports WHERE id = :id"),
                              {"id": report}) == "closed"
    assert resolved == (allowed and kind.endswith("resolution"))


def check_page(kind, allowed, response, method):
    """Assert what a moderation page answered (``allowed``: a signed-in moderator asked)."""
    location = response.headers.get("Location", "")
    if kind == "public page":
        assert response.status_code == 200
    elif kind == "sign-in":
        assert response.status_code == (302 if allowed else 401)
    elif kind == "sign-out":
        assert response.status_code == 302 and location == "/moderation/sign-in"
    elif allowed and kind == "page":
        assert response.status_code == 200
        assert method == "HEAD" or "Signed in as <strong>alice</strong>" in response.text
    elif allowed and kind == "page verification":   # recorded: back to the listing
        assert response.status_code == 302 and location.startswith("/moderation/listings/")
    elif allowed:   # a decision made: back to the queue
        assert response.status_code == 302 and location == "/moderation/"
    else:
        assert response.status_code == 302, response.text
        assert location.startswith("/moderation/sign-in?next=")
