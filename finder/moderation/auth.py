"""Moderator accounts: password and token hashing, sign-in sessions, ``moderator_required``.

Passwords are hashed with Argon2id (argon2-cffi's defaults). API tokens and sign-in
session tokens are random, so they are stored as SHA-256 hashes (``finder.tokens``).
"""
import datetime as dt
import functools
import hashlib
import logging
import re

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError
from argon2.exceptions import VerificationError
from flask import g
from flask import redirect
from flask import request
from flask import session as cookie
from flask import url_for
from sqlalchemy import delete
from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy.orm import Session

from finder.database import get_session
from finder.errors import Unauthorized
from finder.models import Moderator
from finder.models import ModeratorSession
from finder.tokens import hash_token
from finder.tokens import new_token

log = logging.getLogger(__name__)
hasher = PasswordHasher()
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,59}$")
PASSWORD_MIN = 12
COOKIE_KEY = "moderator_session"


@functools.cache
def dummy_hash() -> str:
    """Return a hash to verify against when the name is unknown, so that a wrong name
    costs as long as a wrong password (made on first use: it takes a tenth of a second)."""
    return hasher.hash("not a real password")


class AccountError(ValueError):
    """A moderator name or password is not acceptable, or the name is taken."""


def hash_password(password: str) -> str:
    """Return the Argon2id hash of ``password``."""
    return hasher.hash(password)


def create_moderator(session: Session, name: str, password: str) -> Moderator:
    """Add an active moderator.

    Raises:
        AccountError: the name is malformed or taken, or the password too short.
    """
    if not NAME_RE.match(name):
        raise AccountError("a name is 1-60 letters, digits, '.', '_' or '-', starting with a "
                           "letter or digit")
    if len(password) < PASSWORD_MIN:
        raise AccountError(f"the password must be at least {PASSWORD_MIN} characters")
    if session.scalar(select(Moderator.id).where(Moderator.name == name)) is not None:
        raise AccountError(f"a moderator named {name!r} already exists")
    moderator = Moderator(name=name, password_hash=hash_password(password), active=True)
    session.add(moderator)
    session.flush()
    return moderator


def find_moderator(session: Session, name: str) -> Moderator:
    """Return the moderator called ``name``.

    Raises:
        AccountError: there is none.
    """
    moderator = session.scalar(select(Moderator).where(Moderator.name == name))
    if moderator is None:
        raise AccountError(f"no moderator named {name!r}")
    return moderator


def issue_api_token(session: Session, name: str) -> str:
    """Give ``name`` a new API token (the old one stops working) and return it."""
    moderator = find_moderator(session, name)
    token = new_token()
    moderator.api_token_hash = hash_token(token)
    return token


def revoke_api_token(session: Session, name: str) -> bool:
    """Make ``name``'s API token stop working; tell whether there was one."""
    moderator = find_moderator(session, name)
    had_token = moderator.api_token_hash is not None
    moderator.api_token_hash = None
    return had_token


def end_all_sessions(session: Session, name: str) -> int:
    """Sign ``name`` out of every browser; return how many sessions ended."""
    moderator = find_moderator(session, name)
    return session.execute(delete(ModeratorSession).where(
        ModeratorSession.moderator_id == moderator.id)).rowcount


def deactivate(session: Session, name: str) -> None:
    """Stop ``name`` from signing in or using the API, and end their sessions."""
    moderator = find_moderator(session, name)
    moderator.active = False
    moderator.api_token_hash = None
    session.execute(delete(ModeratorSession).where(ModeratorSession.moderator_id == moderator.id))


def authenticate(session: Session, name: str, password: str) -> Moderator | None:
    """Return the active moderator whose name and password these are, or None."""
    moderator = session.scalar(select(Moderator).where(Moderator.name == name))
    stored = moderator.password_hash if moderator is not None else dummy_hash()
    try:
        hasher.verify(stored, password)
    except (VerificationError, InvalidHashError):
        return None
    if moderator is None or not moderator.active:
        return None
    if hasher.check_needs_rehash(moderator.password_hash):
        moderator.password_hash = hash_password(password)
    return moderator


def throttle_key(name: str) -> str:
    """Return the key failed sign-ins with ``name`` are counted under.

    A hash, so neither Redis nor a log line holds what was typed as a name (people do
    type their password there).
    """
    return hashlib.sha256(name.encode()).hexdigest()[:32]


def start_session(session: Session, moderator: Moderator, hours: int) -> str:
    """Open a sign-in session for ``moderator``; return the token for the cookie."""
    session.execute(delete(ModeratorSession).where(
        ModeratorSession.moderator_id == moderator.id, ModeratorSession.expires_at < func.now()))
    token = new_token()
    expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(hours=hours)
    session.add(ModeratorSession(moderator_id=moderator.id, token_hash=hash_token(token),
                                 expires_at=expires))
    return token


def end_session(session: Session, token: str) -> None:
    """Close the sign-in session ``token`` belongs to."""
    session.execute(delete(ModeratorSession).where(
        ModeratorSession.token_hash == hash_token(token)))


def moderator_for_session(session: Session, token: str) -> Moderator | None:
    """Return the active moderator signed in with ``token``, unless the session expired."""
    return session.scalar(
        select(Moderator).join(ModeratorSession)
        .where(ModeratorSession.token_hash == hash_token(token),
               ModeratorSession.expires_at > func.now(), Moderator.active.is_(True)))


def moderator_for_api_token(session: Session, token: str) -> Moderator | None:
    """Return the active moderator whose API token this is."""
    return session.scalar(select(Moderator).where(
        Moderator.api_token_hash == hash_token(token), Moderator.active.is_(True)))


def current_moderator() -> Moderator | None:
    """Return who is making this request: a bearer token on the API, the cookie elsewhere."""
    if request.path.startswith("/api/"):
        scheme, _, token = request.headers.get("Authorization", "").partition(" ")
        if scheme.lower() != "bearer" or not token.strip():
            return None
        return moderator_for_api_token(get_session(), token.strip())
    token = cookie.get(COOKIE_KEY)
    return moderator_for_session(get_session(), token) if token else None


def moderator_required(view):
    """Let only signed-in moderators through: 401 on the API, the sign-in page otherwise."""
    @functools.wraps(view)
    def wrapped(*args, **kwargs):
        g.moderator = current_moderator()
        if g.moderator is None:
            if request.path.startswith("/api/"):
                raise Unauthorized()
            return redirect(url_for("moderation.sign_in", next=request.full_path))
        return view(*args, **kwargs)
    return wrapped
