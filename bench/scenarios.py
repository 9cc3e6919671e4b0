"""What the bench asks: the measured searches and the worst cases, as request arguments."""
from dataclasses import dataclass
from urllib.parse import urlencode

from bench.database import Postcode

SEARCH_PATH = "/api/v1/search"
RARE_MODALITY = "mdma-assisted-therapy"   # held by ~5 % of demo providers
# The most selective filters at the largest radius: few or no providers match them all.
SELECTIVE = {"radius_km": "500", "modality": RARE_MODALITY, "provider_type": "facilitator",
             "language": "fi", "accepting_new_clients": "false", "telehealth": "true"}


@dataclass(frozen=True)
class Scenario:
    """A kind of search measured over every query point."""

    name: str
    what: str
    args: object   # Postcode -> dict of request arguments


def coordinates(point: Postcode) -> dict:
    """Search from a point's coordinates."""
    return {"lat": f"{point.lat:.6f}", "lon": f"{point.lon:.6f}"}


def postcode(point: Postcode) -> dict:
    """Search from a point's postcode, as a visitor types it (geocoded by the statement)."""
    return {"near": point.code, "country": point.country}


SCENARIOS = [
    Scenario("search", "near=<postcode>&country=<cc>&modality=ketamine, as the widget asks",
             lambda p: {**postcode(p), "modality": "ketamine"}),
    Scenario("coordinates", "lat=<lat>&lon=<lon>", coordinates),
    Scenario("postcode", "near=<postcode>&country=<cc>", postcode),
    Scenario("rare modality", f"lat/lon&modality={RARE_MODALITY}",
             lambda p: {**coordinates(p), "modality": RARE_MODALITY}),
    # Psilocybin is trials-only in most states: the statement also finds the nearest
    # providers where it is legally offered (Oregon, Colorado, other countries).
    Scenario("not offered here", "near=<postcode>&country=<cc>&modality=psilocybin",
             lambda p: {**postcode(p), "modality": "psilocybin"}),
    # Payment: one way of paying that 15 % of the demo providers take (any of several values
    # may be asked for; one is the widget's and the search page's common case).
    Scenario("payment", "near=<postcode>&country=<cc>&payment=sliding-fee",
             lambda p: {**postcode(p), "payment": "sliding-fee"}),
    # The cursor comes from each point's page 1, fetched through the API before timing.
    Scenario("page 2", "lat/lon&cursor=<next_cursor of page 1>", coordinates),
    Scenario("geojson", "lat/lon&format=geojson",
             lambda p: {**coordinates(p), "format": "geojson"}),
]


def worst_cases(service_tag: str | None) -> list[tuple[str, dict]]:
    """Return (label, arguments) for searches that make the index walk far."""
    new_york = {"near": "10001", "country": "US"}
    cases = []
    if service_tag:
        cases.append((f"no match: service={service_tag}, New York 10001",
                      {**new_york, "service": service_tag}))
    cases += [
        ("no match: language=zu, New York 10001", {**new_york, "language": "zu"}),
        ("no match: source=none, New York 10001", {**new_york, "source": "none"}),
        ("rare modality, mid-Atlantic lat=0 lon=-30",
         {"lat": "0", "lon": "-30", "modality": RARE_MODALITY}),
        ("rare modality, South Pacific lat=-45 lon=-140",
         {"lat": "-45", "lon": "-140", "modality": RARE_MODALITY}),
        ("not offered anywhere near: psilocybin, mid-Atlantic lat=0 lon=-30",
         {"lat": "0", "lon": "-30", "modality": "psilocybin"}),
        ("radius 500 + selective filters, Frankfurt DE 60311",
         {"near": "60311", "country": "DE", **SELECTIVE}),
        ("radius 500 + selective filters, Amsterdam NL 1012",
         {"near": "1012", "country": "NL", **SELECTIVE}),
        ("radius 500 + selective filters, Los Angeles US 90012",
         {"near": "90012", "country": "US", **SELECTIVE}),
        ("telehealth=true radius_km=1, Los Angeles US 90012",
         {"near": "90012", "country": "US", "telehealth": "true", "radius_km": "1"}),
        (f"telehealth=true radius_km=1 + {RARE_MODALITY}, Cheyenne US 82001",
         {"near": "82001", "country": "US", "telehealth": "true", "radius_km": "1",
          "modality": RARE_MODALITY}),
        # Place names: many namesakes (ranked by population), another name, a near spelling.
        # Each web process remembers a name it has looked up (finder.geo.place_cache): the
        # API's p50 is a name searched again, its max includes the first lookup; the SQL
        # floor looks the name up every time.
        ("place name with namesakes: Springfield, US", {"near": "Springfield", "country": "US"}),
        ("alternate name: NYC, US", {"near": "NYC", "country": "US"}),
        ("near spelling: Pheonix, US", {"near": "Pheonix", "country": "US"}),
    ]
    return cases


def path(args: dict) -> str:
    """Return the request path of a search with ``args``."""
    return f"{SEARCH_PATH}?{urlencode(args)}"
