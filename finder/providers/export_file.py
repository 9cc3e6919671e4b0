"""The GeoJSON export as a file, for clients that read it by byte ranges.

GIS clients that open a URL (GDAL's ``/vsicurl/``, which QGIS' "add layer from URL" uses)
ask for its size with ``HEAD`` and then read byte ranges of it. A streamed answer has
neither a length nor ranges, so ``HEAD`` and ranged ``GET`` requests are answered from a
file of the same export instead: written at most once every ``CACHE_MAX_AGE_S`` (the age
any cache may already serve the streamed answer at) for each set of hidden sources, cut-off
for stale listings and public address, so a moderator's decision reaches it within that age, as it reaches every
cache. The file is written beside its final name and renamed into place: a reader never
sees half of one, whichever web process wrote it.
"""
import hashlib
import os
import tempfile
import time
from pathlib import Path


def path_for(folder: str, what: tuple) -> Path:
    """Return the file of the export described by ``what`` (what it leaves out, where it
    links to)."""
    key = hashlib.sha1(repr(what).encode()).hexdigest()[:16]
    return Path(folder) / f"providers-{key}.geojson"


def current(folder: str, max_age_s: int, what: tuple, write) -> Path:
    """Return the export's file, first written again by ``write(text_file)`` when it is
    missing or older than ``max_age_s`` seconds."""
    path = path_for(folder, what)
    try:
        if time.time() - path.stat().st_mtime < max_age_s:
            return path
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, part = tempfile.mkstemp(dir=path.parent, prefix=path.name + ".", suffix=".part")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            write(fh)
        os.replace(part, path)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise
    return path
