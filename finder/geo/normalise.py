"""Turn what people type into the keys GeoNames holds.

GeoNames stores outward codes for GB (``SW1A``), forward sortation areas for CA
(``K1A``), routing keys for IE (``D02``) and four digits for NL (``1012``); people type
full postcodes, ZIP+4, lower case and stray spaces. Each function here is pure.
"""
import re
import unicodedata

from finder.schemas.search import LENGTHS

MAX_QUERY_LENGTH = LENGTHS["near"]
# GeoNames' longest codes are French overseas CEDEX codes such as "97391 CEDEX 2".
MAX_POSTCODE_LENGTH = 16

# GeoNames files U.S. territories under their own country codes; a visitor typing a
# Puerto Rico ZIP with country=US still means it.
US_TERRITORIES = ("PR", "GU", "VI", "AS", "MP")
# The ZIP codes' first three digits USPS gives each territory: any other ZIP is not
# looked up there (and the search knows it is in the states).
TERRITORY_ZIP_PREFIXES = {"PR": ("006", "007", "009"), "VI": ("008",), "GU": ("969",),
                          "AS": ("967",), "MP": ("969",)}
_BRITISH = ("GB", "JE", "GG", "IM")
_PREFIXED = {"LU": "L-", "LV": "LV-", "MD": "MD-"}
_SPACED_5 = ("CZ", "SK", "SE", "GR")   # "100 00"
# Abbreviations in place names, as GeoNames writes them out.
ABBREVIATIONS = {"st": "saint", "ste": "sainte", "mt": "mount", "ft": "fort", "pt": "point"}
# Postcode shapes that tell the country, matched against ``clean(text)``.
POSTCODE_SHAPES = {
    "GB": re.compile(r"(?!JE|GY|IM)[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}"),
    "CA": re.compile(r"[ABCEGHJ-NPRSTVXY]\d[A-Z] ?\d[A-Z]\d"),
    "NL": re.compile(r"[1-9]\d{3} ?[A-Z]{2}"),
    "IE": re.compile(r"[AC-FHKNPRTV-Y]\d{2}[\dW]? ?[\dAC-FHKNPRTV-Y]{4}"),
    "US": re.compile(r"\d{5}-\d{4}"),
    "PL": re.compile(r"\d{2}-\d{3}"),
    "PT": re.compile(r"\d{4}-\d{3}"),
    "JP": re.compile(r"\d{3}-\d{4}"),
    "BR": re.compile(r"\d{5}-\d{3}"),
}
# What a postcode or place name may hold: letters of any script, digits, spaces and
# a little punctuation ("St. John's", "Stratford-upon-Avon", "Kitchener (Ontario)").
_PLAUSIBLE = re.compile(r"[\w\s.,'’()/&#-]+")
# Letters that Unicode does not decompose into a base letter plus an accent.
_UNDECOMPOSABLE = str.maketrans({"ß": "ss", "ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe",
                                 "ı": "i", "þ": "th"})


def index_safe(lat: float, lon: float) -> tuple[float, float]:
    """Round a point to 6 decimals (11 cm), keeping it off the antimeridian seam and the poles.

    PostGIS's geography index misorders nearest-neighbour scans for points exactly on
    longitude ±180 ("index returned tuples in wrong order"), and for subnormal values
    such as 1e-38; moving such points by 11 cm keeps every answer exact to the metre.
    """
    lat = min(max(round(lat, 6), -89.999999), 89.999999)
    lon = min(max(round(lon, 6), -179.999999), 179.999999)
    return lat, lon


def lookup_countries(country: str) -> list[str]:
    """Return the GeoNames country files a search in ``country`` should consult."""
    country = country.upper()
    return [country, *US_TERRITORIES] if country == "US" else [country]


def clean(text: str) -> str:
    """Collapse whitespace and upper-case."""
    return " ".join(text.split()).upper()


def looks_like_postcode(text: str) -> bool:
    """Tell whether the input is a postcode rather than a place name (it has a digit)."""
    return any(ch.isdigit() for ch in text) and len(text.strip()) <= MAX_POSTCODE_LENGTH


def plausible_place(text: str) -> bool:
    """Tell whether ``text`` could be a postcode or place name (no markup, some letter or digit)."""
    return bool(_PLAUSIBLE.fullmatch(text)) and any(ch.isalnum() for ch in text)


def other_postcode_countries(country: str, text: str) -> list[str]:
    """Return the other countries whose postcodes have the shape of ``text`` ("SW1A 1AA": GB).

    Only shapes that name one country count: five digits are a postcode in dozens.
    """
    s = clean(text)
    home = set(lookup_countries(country))
    return [c for c, shape in POSTCODE_SHAPES.items() if c not in home and shape.fullmatch(s)]


def postcode_candidates(country: str, text: str) -> list[str]:
    """Return the GeoNames keys ``text`` may stand for in ``country``, best first."""
    s = clean(text)
    compact = s.replace(" ", "")
    alnum = re.sub(r"[^0-9A-Z]", "", s)
    digits = re.sub(r"[^0-9]", "", s)
    country = country.upper()
    out: list[str] = []
    if country == "US" or country in US_TERRITORIES:
        if re.fullmatch(r"\d{5}(-?\d{4})?", compact):
            out.append(compact[:5])
        elif re.fullmatch(r"\d{4}", compact):   # a leading zero lost in a spreadsheet
            out.append(compact.zfill(5))
        if country in US_TERRITORIES:   # five digits, in the territory's ranges
            return [code for code in out if code.startswith(TERRITORY_ZIP_PREFIXES[country])]
    elif country in _BRITISH:
        # The inward code is always digit + two letters; GeoNames holds the outward part.
        if len(alnum) >= 5 and re.fullmatch(r"\d[A-Z]{2}", alnum[-3:]):
            out.append(alnum[:-3])
        out.append(s.split(" ")[0])
    elif country in ("CA", "IE"):
        out.append(alnum[:3])
    elif country == "NL":
        if re.fullmatch(r"\d{4}(\s?[A-Z]{2})?", s):
            out.append(s[:4])
    elif country in _SPACED_5 and len(digits) == 5:
        out.append(f"{digits[:3]} {digits[3:]}")
    elif country in _PREFIXED:
        prefix = _PREFIXED[country]
        out.append(prefix + digits)
    elif country == "AZ" and digits:
        out.append(f"AZ {digits}")
    elif country == "BR" and len(digits) == 8:
        out += [f"{digits[:5]}-{digits[5:]}", f"{digits[:5]}-000"]
    elif country == "BR" and len(digits) == 5:
        out.append(f"{digits}-000")
    elif country == "MT":
        out.append(re.match(r"[A-Z]*", alnum).group(0))
    out += [s, compact, s.replace("-", "")]
    return [c for i, c in enumerate(out) if c and c not in out[:i]]


def name_key(text: str) -> str:
    """Fold a place name for matching: no accents, lower case, words of letters and digits."""
    decomposed = unicodedata.normalize("NFKD", text or "")
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch)).lower()
    plain = plain.translate(_UNDECOMPOSABLE)
    return " ".join(re.sub(r"[^0-9a-z]+", " ", plain).split())


def place_candidates(text: str) -> list[tuple[str, str | None]]:
    """Split ``Denver, CO`` or ``Denver Colorado`` into (place, region) guesses, best first.

    Each guess is followed by its spelling with abbreviations written out ("St. Louis":
    "saint louis", "Mt Vernon": "mount vernon") and German umlauts typed as two letters
    folded as the names hold them ("Muenchen": "munchen").
    """
    out: list[tuple[str, str | None]] = []
    if "," in text:
        name, _, region = text.partition(",")
        if name_key(name):
            out.append((name_key(name), name_key(region) or None))
    whole = name_key(text)
    if whole:
        out.append((whole, None))
    words = whole.split()
    for k in (1, 2):
        if len(words) > k:
            out.append((" ".join(words[:-k]), " ".join(words[-k:])))
    out = [variant for guess in out for variant in _spellings(guess)]
    return [c for i, c in enumerate(out) if c not in out[:i]]


def fuzzy_candidates(text: str) -> list[tuple[str, str | None]]:
    """Return the guesses a search for near spellings tries: abbreviations written out.

    Fewer than ``place_candidates``: each costs a trigram index scan.
    """
    out = [_spellings(guess)[1] for guess in place_candidates(text)]
    return [c for i, c in enumerate(out) if c not in out[:i]]


def _spellings(guess: tuple[str, str | None]) -> list[tuple[str, str | None]]:
    name, region = guess
    written = " ".join(ABBREVIATIONS.get(w, w) for w in name.split())
    folded = re.sub(r"(?<=[a-z])(ae|oe|ue)", lambda m: m.group(1)[0], written)
    return [(name, region), (written, region), (folded, region)]
