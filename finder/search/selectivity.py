"""How many providers a search's filters match, estimated from PostgreSQL's statistics.

A nearest-neighbour walk with filters that match few providers visits most of the
index before it finds them (2.6 s for a filter that matches nothing).
Every filterable value is also a facet (``providers.facets``, GIN-indexed: ``t:clinic``,
``l:es``, ``tele:true``); when the wanted facets are rare together, fetching their
providers through that index and sorting them by distance costs at most ``RARE_ROWS``
rows. ``pg_stats`` (kept by ANALYZE) lists common facets with their frequencies; a facet
it doesn't list is rarer than every listed one.
"""
from dataclasses import dataclass

from sqlalchemy import text
from sqlalchemy.orm import Session

# Fetch-and-sort beats the walk when the filters match at most this many providers
# (each costs a random heap read; a walk reads neighbours that share pages).
RARE_ROWS = 3_000
# Facets held by more providers than this are checked row by row, not through the index.
UNCOMMON = 0.10


@dataclass(frozen=True)
class Stats:
    """Providers (estimated), and the fraction of them holding each common facet."""

    rows: float
    common: dict[str, float]
    floor: float            # at most this fraction for a facet not listed


def load(session: Session) -> Stats:
    """Read the facet statistics ANALYZE keeps (one statement)."""
    row = session.execute(text("""
        SELECT c.reltuples, s.most_common_elems::text::text[] AS elems,
               s.most_common_elem_freqs AS freqs
        FROM pg_class c
        LEFT JOIN pg_stats s ON s.schemaname = current_schema() AND s.tablename = 'providers'
                            AND s.attname = 'facets'
        WHERE c.relname = 'providers' AND c.relnamespace = current_schema()::regnamespace
    """)).one_or_none()
    if row is None or row.elems is None:
        return Stats(0.0, {}, 0.0)
    freqs = list(row.freqs[:len(row.elems)])
    return Stats(max(float(row.reltuples), 0.0), dict(zip(row.elems, freqs)),
                 min(freqs, default=0.0))


def frequency(stats: Stats, facet: str) -> float:
    """Return the fraction of providers holding ``facet``."""
    return stats.common.get(facet, stats.floor)


def fetch_facets(stats: Stats, every: list[str], some: list[str]) -> tuple[list, list]:
    """Choose the facets to fetch providers by, or ([], []) to walk the spatial index.

    Only uncommon facets go to the GIN index: intersecting "offers telehealth" (40 % of
    providers) costs more than checking it on the few rows the rare facets leave. The
    fetch is chosen when those rows are at most ``RARE_ROWS``.
    """
    if stats.rows <= 0:
        return [], []   # never analysed: no basis to leave the walk
    chosen = [f for f in every if frequency(stats, f) <= UNCOMMON]
    some_fraction = min(1.0, sum(frequency(stats, f) for f in some)) if some else 1.0
    chosen_some = list(some) if some and some_fraction <= UNCOMMON else []
    fraction = some_fraction if chosen_some else 1.0
    for facet in chosen:
        fraction *= frequency(stats, facet)
    if not (chosen or chosen_some) or fraction * stats.rows > RARE_ROWS:
        return [], []
    return chosen, chosen_some
