"""The crisis line and emergency number shown with every list of results, by country."""
import functools
import tomllib
from pathlib import Path

from finder.access.messages import translated

CRISIS_FILE = Path(__file__).with_name("crisis.toml")


@functools.cache
def _data() -> dict:
    return tomllib.loads(CRISIS_FILE.read_text(encoding="utf-8"))


def crisis(country: str | None) -> dict:
    """Return ``{country, line, emergency}`` for ``country``: ``line`` is the crisis line
    (name, how, tel, url, checked) or None where finder has none; ``emergency`` the
    local emergency number, or None where finder does not know it."""
    data = _data()
    code = (country or "").upper()
    line = data["lines"].get(code)
    emergency = data["emergency"].get(code)
    if emergency is None and code in data["eu"]["countries"]:
        emergency = data["emergency"]["EU"]
    return {
        "country": code or None,
        "line": None if line is None else {
            "name": translated(line["name"]), "how": translated(line["how"]), "tel": line["tel"],
            "url": line.get("url"), "checked": line["checked"].isoformat()},
        "emergency": translated(emergency),
    }
