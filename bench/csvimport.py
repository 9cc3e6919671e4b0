"""CSV import speed: a generated file through ``flask providers import``, then removed again."""
import csv
import random
import re

from bench import dbfloor
from bench.database import Postcode
from bench.flaskcli import command_line
from bench.flaskcli import run_flask
from bench.server import DATA
from finder.providers.fields import LIMITS

SOURCE = "bench-import"
COLUMNS = ["external_id", "name", "credentials", "practice_name", "provider_type",
           "modalities", "telehealth", "accepting_new_clients", "languages", "phone",
           "website", "bio", "street", "city", "region", "postcode", "country", "lat", "lon"]
TYPES = ["psychiatrist", "physician", "nurse-practitioner", "psychologist", "therapist",
         "clinic", "facilitator"]
MODALITIES = ["ketamine-assisted-therapy", "ketamine-infusion", "esketamine", "psilocybin",
              "mdma-assisted-therapy", "integration"]
REPORT = re.compile(r"read (\d+) rows: (\d+) added, (\d+) updated, (\d+) unchanged, "
                    r"(\d+) rejected")


def row(i: int, place: Postcode, rng: random.Random) -> dict:
    """Return CSV row ``i``: even rows placed by lat/lon, odd rows by postcode."""
    by_coordinates = i % 2 == 0
    return {
        "external_id": f"bench-{i:06d}", "name": f"Bench Import {i} (bench)",
        "credentials": "LCSW", "practice_name": "Bench Practice (bench)",
        "provider_type": rng.choice(TYPES),
        "modalities": ";".join(rng.sample(MODALITIES, rng.randint(1, 3))),
        "telehealth": rng.choice(["true", "false"]),
        "accepting_new_clients": rng.choice(["yes", "no"]), "languages": "en;es",
        "phone": "+1 303-555-0100", "website": "example.org/bench",
        "bio": "A generated row for make bench's import measurement.",
        "street": f"{i} Bench Street", "city": "Benchville", "region": "",
        "postcode": place.code, "country": place.country,
        "lat": f"{place.lat + rng.uniform(-0.01, 0.01):.6f}" if by_coordinates else "",
        "lon": f"{place.lon + rng.uniform(-0.01, 0.01):.6f}" if by_coordinates else "",
    }


def write_csv(frame: list[Postcode], n: int, seed: int):
    """Write ``n`` rows on random postcodes (the demo data's weighting) under bench/data/."""
    DATA.mkdir(parents=True, exist_ok=True)
    # Every row valid, so the figure is the speed of loading rows: no postcode longer than
    # the import's field rule takes.
    frame = [p for p in frame if len(p.code) <= LIMITS["postcode"]]
    path = DATA / f"import-{n}.csv"
    rng = random.Random(seed)
    with open(path, "w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, COLUMNS)
        writer.writeheader()
        for i in range(n):
            writer.writerow(row(i, rng.choice(frame), rng))
    return path


def delete_imported(conn) -> int:
    """Remove the rows this measurement imported, so the bench keeps its 1,000,000 demo rows."""
    return conn.execute("DELETE FROM providers WHERE source = %s", (SOURCE,)).rowcount


def import_speed(conn, frame: list[Postcode], n: int, seed: int) -> dict:
    """Time importing ``n`` generated rows; always delete them afterwards."""
    path = write_csv(frame, n, seed)
    delete_imported(conn)   # left over from an interrupted run: the import must insert
    args = ("providers", "import", str(path.relative_to(DATA.parent.parent)),
            "--source", SOURCE)
    try:
        seconds, result = run_flask(*args, capture=True)
        # The floor: the same rows, as the import stored them, by a bare COPY.
        floor = dbfloor.import_floor(conn, SOURCE)
    finally:
        deleted = delete_imported(conn)
    match = REPORT.search(result.stdout)
    read, added, updated, unchanged, rejected = map(int, match.groups()) if match else [0] * 5
    return {"rows": n, "seconds": seconds, "rows_per_s": n / seconds, "read": read,
            "added": added, "updated": updated, "unchanged": unchanged, "rejected": rejected,
            "deleted_afterwards": deleted, "command": command_line(*args),
            "copy_floor": floor,
            "first_rejections": [l for l in result.stderr.splitlines()
                                 if l.startswith("line ")][:5]}
