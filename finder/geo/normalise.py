"""Turn what people type into the keys GeoNames holds.

GeoNames stores outward codes for GB (``SW1A``), forward sortation areas for CA
(``K1A``), routing keys for IE (``D02``) and four digits for NL (``1012``); people type
full postcodes, ZIP+4, lower case and stray spaces. Each function here is pure.
"""
import re
import unicodedata

MAX_QUERY_LENGTH = 100
# GeoNames' longest codes are French overseas CEDEX codes such as "97391 CEDEX 2".
MAX_POSTCODE_LENGTH = 16

# GeoNames files U.S. territories under their own country codes; a visitor typing a
# Puerto Rico ZIP with country=US still means it.
US_TERRITORIES = ("PR", "GU", "VI", "AS", "MP")
_BRITISH = ("GB", "JE", "GG", "IM")
_PREFIXED = {"LU": "L-", "LV": "LV-", "MD": "MD-"}
_SPACED_5 = ("CZ", "SK", "SE", "GR")   # "100 00"
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
    """Split ``Denver, CO`` or ``Denver Colorado`` into (place, region) guesses, best first."""
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
    return [c for i, c in enumerate(out) if c not in out[:i]]
