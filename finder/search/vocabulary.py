"""Vocabularies the search validates against, cached per process.

They change only by migration or data load, and reading them on every search would
cost a database round trip; a short time-to-live keeps several processes in step.
"""
import time
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.search import selectivity

TTL_SECONDS = 300
_cache: dict = {}


@dataclass(frozen=True)
class Vocabulary:
    """Modalities (with families), provider types and countries with postcode data."""

    modalities: dict[str, dict]
    families: dict[str, list[str]]
    family_labels: dict[str, str]
    provider_types: dict[str, str]
    countries: frozenset[str]
    service_tags: frozenset[str]
    stats: selectivity.Stats


def load(session: Session) -> Vocabulary:
    """Read the vocabularies and filter statistics from the database."""
    row = session.execute(text("""
        SELECT (SELECT json_agg(m ORDER BY m.position) FROM modalities m) AS modalities,
               (SELECT json_agg(t ORDER BY t.position) FROM provider_types t) AS types,
               (SELECT array_agg(DISTINCT country) FROM regions) AS countries,
               (SELECT array_agg(slug) FROM service_tags) AS tags""")).one()
    modalities = {m["slug"]: m for m in row.modalities or []}
    families: dict[str, list[str]] = {}
    labels = {}
    for m in modalities.values():
        families.setdefault(m["family"], []).append(m["slug"])
        labels[m["family"]] = m["family_label"]
    return Vocabulary(modalities, families, labels,
                      {t["slug"]: t["label"] for t in row.types or []},
                      frozenset(c.strip() for c in row.countries or []),
                      frozenset(row.tags or []), selectivity.load(session))


def get(session: Session, key: str = "default") -> Vocabulary:
    """Return the cached vocabulary, reading it again after ``TTL_SECONDS``."""
    entry = _cache.get(key)
    if entry is None or entry[0] < time.monotonic():
        vocab = load(session)
        _cache[key] = (time.monotonic() + TTL_SECONDS, vocab)
        return vocab
    return entry[1]


def clear() -> None:
    """Forget the cached vocabularies (after loading data)."""
    _cache.clear()
