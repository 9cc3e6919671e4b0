"""Place names already looked up, remembered by each web process.

What a place name finds (its best match and the close others) depends only on the
gazetteer, which changes only when ``flask postcodes load`` runs, never on the providers.
So each process keeps what the last ``PLACE_CACHE_SIZE`` names found, for
``PLACE_CACHE_TTL_S`` seconds, and a search for a name it has seen starts its statement from
that (``geocode.remembered_origin``) instead of looking the name up again: still one round
trip, without the gazetteer's part of it (on the bench: 0.3 ms of a name with many
namesakes such as "Springfield", 15 ms of a near spelling such as "Pheonix"). A gazetteer
loaded again reaches every process within the TTL. Only names that found an origin are
kept: one that found none is looked up each time.
"""
import json
import threading
import time
from collections import OrderedDict

from finder.geo.geocode import REMEMBERED
from finder.geo.geocode import OriginQuery
from finder.geo.geocode import remembered_origin

_lock = threading.Lock()
_entries: OrderedDict = OrderedDict()   # key -> (stored at, best candidate, others' JSON)


def _key(origin: OriginQuery) -> tuple | None:
    """Return what the lookup of ``origin`` depends on, or None when it is not a place
    name looked up in the gazetteer."""
    if origin.kind != "place" or origin.remembered:
        return None
    p = origin.params
    return (tuple(p["o_countries"]), tuple(p["o_names"]), tuple(p["o_regions"]),
            tuple(p["o_fuzzy_names"]), tuple(p["o_fuzzy_regions"]))


def recall(origin: OriginQuery, config) -> OriginQuery:
    """Return ``origin`` started from what the same name found before, if remembered."""
    key = _key(origin)
    if key is None or not config.get("PLACE_CACHE_SIZE"):
        return origin
    with _lock:
        entry = _entries.get(key)
        if entry is None:
            return origin
        if time.monotonic() - entry[0] >= config.get("PLACE_CACHE_TTL_S", 0):
            del _entries[key]
            return origin
        _entries.move_to_end(key)
    return remembered_origin(origin, entry[1], entry[2])


def remember(origin: OriginQuery, first_row, config) -> None:
    """Keep what looking ``origin`` up found: the best candidate, from the answer's first
    row, and the others (``first_row.candidates``); nothing when no origin was found."""
    key = _key(origin)
    if key is None or not config.get("PLACE_CACHE_SIZE") or first_row.origin_lat is None:
        return
    best = {name: getattr(first_row, f"origin_{name}") for name in REMEMBERED}
    others = None if first_row.candidates is None else json.dumps(first_row.candidates)
    with _lock:
        _entries[key] = (time.monotonic(), best, others)
        _entries.move_to_end(key)
        while len(_entries) > config["PLACE_CACHE_SIZE"]:
            _entries.popitem(last=False)


def clear() -> None:
    """Forget every remembered place (tests, and after loading the gazetteer here)."""
    with _lock:
        _entries.clear()
