"""Units and radius choices are set once (finder.units); the scripts read them."""
import html
import json
import re
from pathlib import Path

from finder import units

FINDER = Path(__file__).resolve().parents[2] / "finder"
SCRIPTS = [FINDER / "widget" / "static" / "finder-widget.js", FINDER / "static" / "js" / "site.js"]


def test_the_country_list_gives_each_unit_and_its_radius_choices(client):
    body = client.get("/api/v1/countries").json
    assert body["units"] == units.choices()
    assert body["units"]["mi"] == {"radii": [10, 25, 50, 100, 250], "default": 25,
                                   "km_per_unit": 1.609344}
    assert {c["code"]: c["unit"] for c in body["countries"]}["US"] == "mi"


def test_the_search_page_gives_its_script_the_same_choices(client):
    page = client.get("/").get_data(as_text=True)
    found = re.search(r"id=\"radius\" name=\"radius_km\" data-units='([^']*)'", page)
    assert json.loads(html.unescape(found.group(1))) == units.choices()


def test_no_script_keeps_its_own_copy():
    for script in SCRIPTS:
        source = script.read_text(encoding="utf-8")
        assert "1.609" not in source, script.name
        assert "250, 500" not in source, script.name
        assert "'GU'" not in source, script.name
