"""The crisis line and emergency number shown with every list of results, by country."""
import functools
import tomllib
from pathlib import Path

from finder.access.messages import translated
from finder.names import ui_locale

CRISIS_FILE = Path(__file__).with_name("crisis.toml")


@functools.cache
def _data() -> dict:
    return tomllib.loads(CRISIS_FILE.read_text(encoding="utf-8"))


def crisis(country: str | None) -> dict:
    """Return ``{country, line, emergency}`` for ``country``: ``line`` is the crisis line
    (name, how, tel, url, checked) or None where finder has none; ``emergency`` the
    local emergency number, or None where finder does not know it. Worked out once per
    country and language (every search answer carries it), so shared: never changed."""
    return _crisis((country or "").upper(), ui_locale())


@functools.lru_cache(maxsize=1024)
def _crisis(code: str, _locale: str) -> dict:
    data = _data()
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
