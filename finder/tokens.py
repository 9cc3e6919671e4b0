"""Random secrets shown once and stored only as hashes: edit links, API tokens, sign-ins."""
import hashlib
import secrets


def new_token() -> str:
    """Return a fresh URL-safe secret with 256 bits of randomness."""
    return secrets.token_urlsafe(32)


def hash_token(token: str) -> str:
    """Return the stored form of ``token``.

    A fast hash is enough here (unlike passwords): the tokens are random, so there is
    nothing to guess, and a deterministic hash lets the database find a row by its index.
    """
    return hashlib.sha256(token.encode()).hexdigest()
