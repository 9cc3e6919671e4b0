"""Synthetic demo providers, marked ``source = 'demo'`` and saying so in their text.

They sit on real postcode centroids (with a small random offset), spread over the
loaded countries in proportion to how many postcodes each has, so a search anywhere
in a loaded country finds someone. Rows go in with COPY: a million load in about a minute.
"""
import math

import numpy as np
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.geo.normalise import index_safe
from finder.providers.fictional import demo_phone
from finder.providers.public import DEMO_SOURCE

SOURCE = DEMO_SOURCE
FIRST = ("Avery Jordan Riley Morgan Casey Quinn Rowan Sage Taylor Alex Jamie Robin Emerson "
         "Harper Logan Parker Reese Skyler Dakota Hayden Maria Ana Lena Omar Yusuf Priya Wei "
         "Kenji Noor Sofia Mateo Elena Luca Ingrid Tomas").split()
LAST = ("Chen Garcia Novak Okafor Patel Rivera Schmidt Silva Tanaka Walsh Nguyen Kowalski "
        "Haddad Jensen Moreau Rossi Larsen Murphy Fischer Costa Brennan Adeyemi Lindqvist "
        "Horvat Petrov Alvarez Kim Singh Dubois Keller").split()
# slug, share of providers, credentials to pick from
TYPES = [("psychiatrist", 0.15, ("MD", "DO")), ("physician", 0.10, ("MD", "DO")),
         ("nurse-practitioner", 0.12, ("PMHNP-BC", "APRN")), ("psychologist", 0.13, ("PhD", "PsyD")),
         ("therapist", 0.30, ("LCSW", "LMFT", "LPC", "MA")), ("clinic", 0.12, ("",)),
         ("facilitator", 0.08, ("",))]
# Each modality is held independently with this probability; MDMA stays rare (~5 %).
MODALITIES = [("ketamine-assisted-therapy", 0.30), ("ketamine-infusion", 0.18),
              ("esketamine", 0.12), ("psilocybin", 0.22), ("mdma-assisted-therapy", 0.05),
              ("integration", 0.35)]
LANGUAGES = {"US": "es", "CA": "fr", "DE": "de", "NL": "nl", "ES": "es", "IT": "it", "BR": "pt",
             "AT": "de", "CH": "de", "BE": "nl", "SE": "sv", "NO": "no", "DK": "da", "FI": "fi"}
# How often a demo provider takes each way of paying (synthetic, as everything here is).
PAYMENT = [("medicaid", 0.30), ("medicare", 0.25), ("private-insurance", 0.55),
           ("self-pay", 0.70), ("sliding-fee", 0.15), ("payment-assistance", 0.08)]
COLUMNS = ["source", "status", "name", "credentials", "practice_name", "provider_type",
           "modalities", "telehealth", "accepting_new_clients", "languages", "payment", "phone",
           "website", "bio", "city", "region", "postcode", "country", "location",
           "location_precision"]
BIO = ("This is a synthetic demo listing, not a real provider. It shows how finder presents "
       "a {type} offering {mods}.")
MAX_OFFSET_KM = 3.0


def count(session: Session) -> int:
    """Return how many demo providers exist."""
    return session.scalar(text("SELECT count(*) FROM providers WHERE source = :s"), {"s": SOURCE})


def delete(session: Session) -> int:
    """Remove every demo provider; return how many."""
    return session.execute(text("DELETE FROM providers WHERE source = :s"), {"s": SOURCE}).rowcount


def _postcodes(session: Session):
    rows = session.execute(text(
        "SELECT country, code, split_part(place, ', ', 1), coalesce(admin1_code, admin1_name, ''), "
        "ST_Y(location::geometry), ST_X(location::geometry) FROM postcodes ORDER BY country, code"
    )).all()
    if not rows:
        raise RuntimeError("no postcodes loaded: run 'flask postcodes load' first")
    return rows


def generate(postcodes, n: int, seed: int = 42):
    """Yield ``n`` demo rows (lists in ``COLUMNS`` order) placed around ``postcodes``.

    Rows come out grouped by postcode (country, then code), as a bulk load should come:
    neighbours share heap pages, and the spatial indexes, grown one row at a time, get
    tight boxes. Loaded in random order, the same million rows made searches up to three
    times slower, by a factor that changed from one seed to the next (GiST breaks ties
    at random, so a randomly ordered load gives a different index each time).
    """
    rng = np.random.default_rng(seed)
    picks = rng.integers(0, len(postcodes), n)
    dist = MAX_OFFSET_KM * np.sqrt(rng.random(n))
    bearing = rng.random(n) * 2 * math.pi
    type_idx = rng.choice(len(TYPES), n, p=[t[1] for t in TYPES])
    held = rng.random((n, len(MODALITIES))) < np.array([m[1] for m in MODALITIES])
    flags = rng.random((n, 3))
    names = rng.integers(0, [len(FIRST), len(LAST), 1000, 10], (n, 4))
    origin = np.array([(p[4], p[5]) for p in postcodes], dtype=float)[picks]
    lats = origin[:, 0] + dist * np.cos(bearing) / 111.32
    lons = origin[:, 1] + dist * np.sin(bearing) / (
        111.32 * np.maximum(np.cos(np.radians(origin[:, 0])), 0.01))
    lons = (lons + 180.0) % 360.0 - 180.0
    # Drawn after everything above, so the rest of each row is what it always was.
    pays = rng.random((n, len(PAYMENT))) < np.array([p[1] for p in PAYMENT])
    for i in np.argsort(picks, kind="stable"):
        country, code, place, region, _, _ = postcodes[picks[i]]
        lat2, lon2 = index_safe(float(lats[i]), float(lons[i]))
        slug, _, creds = TYPES[type_idx[i]]
        mods = [m[0] for m, h in zip(MODALITIES, held[i]) if h] or [MODALITIES[names[i, 3] % 6][0]]
        first, last = FIRST[names[i, 0]], LAST[names[i, 1]]
        if slug == "clinic":
            name, practice = f"{last} Wellness Clinic (demo)", None
        else:
            name, practice = f"{first} {last} (demo)", f"{place or last} Psychedelic Care (demo)"
        lang = ["en"] + ([LANGUAGES[country]] if country in LANGUAGES and flags[i, 2] < 0.3 else [])
        yield [SOURCE, "approved", name, creds[names[i, 3] % len(creds)] or None, practice, slug,
               mods, bool(flags[i, 0] < 0.4), bool(flags[i, 1] < 0.8), lang,
               [p[0] for p, held_p in zip(PAYMENT, pays[i]) if held_p],
               demo_phone(country, int(names[i, 2])), "https://example.org/demo",
               BIO.format(type=slug.replace("-", " "), mods=", ".join(mods)),
               place or None, region or None, code, country,
               f"SRID=4326;POINT({lon2:.6f} {lat2:.6f})", "exact"]


def seed(session: Session, n: int, seed: int = 42, progress=None) -> int:
    """Insert ``n`` demo providers with COPY; return how many were written."""
    rows = generate(_postcodes(session), n, seed)
    cursor = session.connection().connection.driver_connection.cursor()
    written = 0
    with cursor.copy(f"COPY providers ({', '.join(COLUMNS)}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)
            written += 1
            if progress and written % 10000 == 0:
                progress(10000)
    if progress:
        progress(written % 10000)
    return written
