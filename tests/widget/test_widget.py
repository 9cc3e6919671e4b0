"""The widget script and the embed page, as served (the browser tests drive them)."""
import gzip
import re

import pytest

from finder.schemas.trust import REASON_LABELS
from finder.schemas.trust import ReportInput
from finder.widget.views import STATIC

WIDGET = STATIC / "finder-widget.js"
MAX_GZIPPED_BYTES = 15 * 1024


def test_widget_is_at_most_15_kb_gzipped():
    size = len(gzip.compress(WIDGET.read_bytes(), compresslevel=9))
    assert size <= MAX_GZIPPED_BYTES, f"widget.js is {size} bytes gzipped"


def test_widget_never_parses_text_as_html():
    source = WIDGET.read_text()
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function"):
        assert sink not in source


def test_widget_makes_no_third_party_requests():
    # Every address it builds is relative to its own src; no hard-coded host is fetched.
    source = WIDGET.read_text()
    assert re.findall(r"fetch\(\s*['\"`]https?:", source) == []
    assert "import(" not in source


def test_widget_script_is_served_to_any_origin(client):
    with client.get("/widget.js", headers={"Origin": "https://publisher.example"}) as response:
        assert response.status_code == 200
        assert response.mimetype == "text/javascript"
        assert response.headers["Access-Control-Allow-Origin"] == "*"
        assert response.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
        assert "max-age" in response.headers["Cache-Control"]
        assert response.data == WIDGET.read_bytes()


def test_embed_page_presets_the_widget(client):
    response = client.get("/embed?modality=ketamine&country=gb")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert 'data-provider-finder data-modality="ketamine" data-country="GB"' in html
    assert '<script src="/widget.js" defer></script>' in html
    # Any site may frame it (EMBED_FRAME_ANCESTORS defaults to "*"); no other page.
    assert "frame-ancestors *" in response.headers["Content-Security-Policy"]
    assert "X-Frame-Options" not in response.headers


@pytest.mark.parametrize("query", ["modality=%22%3E%3Cscript%3E&country=US",
                                   "modality=ketamine&country=%22onload%3D"])
def test_embed_page_drops_parameters_that_are_not_slugs(client, query):
    html = client.get(f"/embed?{query}").get_data(as_text=True)
    assert "<script>" not in html
    assert "onload" not in html
    assert re.search(r'data-modality="[a-z-]*" data-country="[A-Z]{2}"', html)


def test_the_widgets_report_reasons_are_finders():
    script = WIDGET.read_text(encoding="utf-8")
    block = script.split("const REPORT_REASONS = [", 1)[1].split("];", 1)[0]
    assert dict(re.findall(r"\['([^']+)', N_\('([^']+)'\)\]", block)) == REASON_LABELS


def test_the_report_forms_limits_are_the_ones_the_api_declares():
    """The widget's script is a static file: its maxlengths are checked against ReportInput."""
    script = WIDGET.read_text(encoding="utf-8")
    shown = dict(re.findall(r"name: '([a-z]+)'[^}]*?maxlength: '(\d+)'", script))
    declared = {name: next(m.max_length for m in field.metadata if hasattr(m, "max_length"))
                for name, field in ReportInput.model_fields.items() if name != "reason"}
    assert {k: int(v) for k, v in shown.items()} == declared
