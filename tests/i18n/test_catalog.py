"""Every word a visitor reads is marked for translation, and the Spanish catalog has it.

- Templates: text between tags, and the attributes people read (``aria-label``,
  ``placeholder``, ``title``, ``alt``), must come from ``_()``/``{% trans %}``; what is left
  after taking the Jinja parts out is punctuation, names and markup only.
- Messages: extracting them afresh (as ``make messages`` does) finds nothing the Spanish
  catalog lacks, and nothing in it is fuzzy, empty, or has other placeholders than its
  English (``pybabel`` reads ``%(name)s`` formats and checks them).
- Vocabulary labels, stored by the migrations, are all among the marked ones.
"""
import html
import re
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from jinja2 import Environment
from sqlalchemy import text

from finder.config import PROJECT_ROOT
from finder.providers.vocabulary import LABELS

TEMPLATES = PROJECT_ROOT / "finder" / "templates"
CATALOG = PROJECT_ROOT / "finder" / "translations" / "es" / "LC_MESSAGES" / "messages.po"
READ_ATTRIBUTES = ("aria-label", "placeholder", "title", "alt")
# Macros that write ids and attributes, not words (listings/_macros.html).
ATTRIBUTE_MACROS = {"field_id", "target_id", "described"}
# Words that are the same in every language: names, and the languages' own names.
NAMES = {"finder", "GeoNames", "CC", "BY", "OpenStreetMap", "English", "Español", "SAMHSA",
         # HTML's boolean attributes, where a macro writes them outside a whole tag
         "required", "checked", "selected", "disabled", "hidden", "multiple", "autofocus"}


def unmarked_text(source: str) -> list[str]:
    """Return the words in a template that do not come from a translation call."""
    env = Environment(extensions=["jinja2.ext.i18n"])
    parts, inside, tag = [], None, []
    for _line, kind, value in env.lex(source):
        if kind == "block_begin":
            tag = []
        elif kind == "name" and len(tag) < 2:
            tag.append(value)
        elif kind == "block_end":
            if inside is not None:
                if tag[:1] == [inside]:
                    inside = None
            elif tag[:1] == ["trans"] or tag[:1] == ["block"] and tag[1].endswith("_class") \
                    or tag[:1] == ["macro"] and tag[1] in ATTRIBUTE_MACROS:
                # translated as a whole; a block of class names; a macro writing attributes
                inside = "end" + tag[0]
        elif kind == "data" and inside is None:
            parts.append(value)
    data = "".join(parts)
    data = re.sub(r"<!--.*?-->", " ", data, flags=re.S)
    data = re.sub(r"<(script|style)\b.*?</\1>", " ", data, flags=re.S | re.I)
    found = []
    for tag in re.findall(r"<[^>]*>", data):
        for name, value in re.findall(r'([\w-]+)="([^"]*)"', tag):
            if name in READ_ATTRIBUTES:
                found.append(value)
    found.append(re.sub(r"<[^>]*>", " ", data))
    words = []
    for chunk in found:
        for word in re.findall(r"[^\W\d_]{2,}", html.unescape(chunk)):
            if word not in NAMES:
                words.append(word)
    return words


@pytest.mark.parametrize("template", sorted(p.relative_to(TEMPLATES).as_posix()
                                            for p in TEMPLATES.rglob("*.html")))
def test_templates_mark_every_word_for_translation(template):
    assert unmarked_text((TEMPLATES / template).read_text(encoding="utf-8")) == []


def test_the_check_sees_unmarked_words():
    assert unmarked_text('<p>Hello {{ _("World") }}</p><a aria-label="Go">x</a>') == \
        ["Go", "Hello"]
    assert unmarked_text('<p>{{ _("Hello") }} · <a href="/x">{{ name }}</a></p>') == []


def test_the_spanish_catalog_has_every_message_extracted_today(tmp_path):
    pot = tmp_path / "messages.pot"
    pybabel = Path(sys.executable).with_name("pybabel")
    subprocess.run([str(pybabel), "extract", "-F", "babel.cfg", "-k", "_l", "-k", "lazy_gettext",
                    "-k", "N_", "--no-wrap", "-o", str(pot), "."], cwd=PROJECT_ROOT, check=True,
                   capture_output=True, env={"PYTHONPATH": str(PROJECT_ROOT)})
    with pot.open("rb") as extracted, CATALOG.open("rb") as spanish:
        wanted = {m.id for m in read_po(extracted) if m.id}
        catalog = read_po(spanish)
    translated = {m.id for m in catalog if m.id and not m.fuzzy and
                  (all(m.string) if isinstance(m.string, tuple) else m.string)}
    assert sorted(wanted - translated) == [], "run `make messages` and translate these"
    problems = [(m.id, str(err)) for m in catalog if m.id for err in m.check(catalog)]
    assert problems == []


def test_every_stored_vocabulary_label_is_marked_for_translation(session):
    stored = set(session.scalars(text(
        "SELECT label FROM modalities UNION SELECT family_label FROM modalities "
        "UNION SELECT label FROM provider_types")))
    assert stored <= set(LABELS)
