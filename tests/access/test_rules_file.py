"""The rules file: what it must say, how it loads, and how `flask access check` reads it."""
import datetime as dt

import pytest
from sqlalchemy import text

from finder.access import rules

FAMILIES = {"ketamine-assisted-therapy": "ketamine", "ketamine-infusion": "ketamine",
            "esketamine": "ketamine", "psilocybin": "psilocybin",
            "mdma-assisted-therapy": "mdma", "integration": "integration"}
GOOD = """
[[rule]]
jurisdiction = "US-OR"
modality = "psilocybin"
status = "licensed-centres"
summary = "Legal in {place} at licensed centres."
source = { title = "Oregon Health Authority", url = "https://www.oregon.gov/", checked = 2026-06-30 }
effective_from = 2023-01-02
"""


def test_the_real_file_covers_every_modality_in_the_researched_places():
    parsed = rules.read_file(modalities=FAMILIES)
    book = rules.RuleBook(parsed, FAMILIES)
    day = dt.date(2026, 12, 1)
    for country in ("US", "AU", "CA", "CZ", "DE", "CH", "NZ", "GB", "NL"):
        for slug in FAMILIES:
            resolved = book.resolve(slug, country, None, None, day)
            assert resolved.rule is not None, (country, slug)
    for region in ("OR", "CO", "NM", "UT"):
        assert any(r.jurisdiction == f"US-{region}" for r in parsed)
    # Elsewhere, only integration has a rule: everything else is unknown.
    assert book.resolve("integration", "ES", None, None, day).status == "available"
    assert book.resolve("psilocybin", "ES", None, None, day).rule is None
    for rule in parsed:
        if rule.status not in rules.SOURCELESS:
            assert rule.source_url.startswith("https://"), rule


def test_a_subdivision_beats_its_country_and_a_slug_beats_its_family():
    book = rules.RuleBook(rules.read_file(modalities=FAMILIES), FAMILIES)
    day = dt.date(2026, 12, 1)
    assert book.resolve("psilocybin", "US", "OR", "Oregon", day).status == "licensed-centres"
    assert book.resolve("psilocybin", "US", "TX", "Texas", day).status == "trials-only"
    assert book.resolve("esketamine", "US", "TX", "Texas", day).status == "certified-sites"
    assert book.resolve("ketamine-infusion", "US", "TX", "Texas", day).status == "prescription"
    # A region known by name only (as some listings give it) is matched by its name.
    named = rules.RuleBook([rules.Rule(**{**r.__dict__, "region_name": "Oregon"})
                            if r.region == "OR" else r
                            for r in rules.read_file(modalities=FAMILIES)], FAMILIES)
    assert named.resolve("psilocybin", "US", None, "Oregon", day).status == "licensed-centres"


@pytest.mark.parametrize("change, problem", [
    ('status = "licensed-centres"', None),
    ('status = "legal"', "status must be one of"),
    ('jurisdiction = "USA"', "jurisdiction must be"),
    ('modality = "lsd"', "unknown modality 'lsd'"),
    ('effective_from = "soon"', "effective_from must be a date"),
    ('source = { checked = 2026-06-30 }', "a licensed-centres rule needs a source"),
    ('source = { title = "x", url = "http://x.example", checked = 2026-06-30 }',
     "must start with https://"),
    ('effective_to = 2020-01-01', "effective_to must be after effective_from"),
])
def test_the_file_is_checked_rule_by_rule(change, problem):
    key = change.split(" = ")[0]
    lines = [line for line in GOOD.splitlines() if not line.startswith(key + " =")]
    document = "\n".join(lines + [change])
    if problem is None:
        assert len(rules.parse(document, FAMILIES)) == 1
        return
    with pytest.raises(rules.RulesError, match=problem):
        rules.parse(document, FAMILIES)


def test_the_same_rule_twice_is_refused():
    with pytest.raises(rules.RulesError, match="a second rule for US-OR psilocybin"):
        rules.parse(GOOD + GOOD, FAMILIES)


def test_load_replaces_the_stored_rules_and_names_the_region(runner, session, tmp_path):
    path = tmp_path / "rules.toml"
    path.write_text(GOOD)
    result = runner.invoke(args=["access", "load", "--file", str(path)])
    assert result.exit_code == 0, result.output
    assert "loaded 1 access rules" in result.output
    rows = session.execute(text("SELECT country, region, region_name FROM access_rules")).all()
    assert rows == [("US", "OR", "Oregon")]
    # The real file again, as `make run` loads it.
    result = runner.invoke(args=["access", "load"])
    assert result.exit_code == 0, result.output
    assert session.scalar(text("SELECT count(*) FROM access_rules")) == len(rules.read_file())


def test_a_bad_file_changes_nothing(runner, session, tmp_path):
    before = session.scalar(text("SELECT count(*) FROM access_rules"))
    path = tmp_path / "rules.toml"
    path.write_text(GOOD.replace("licensed-centres", "legal"))
    result = runner.invoke(args=["access", "load", "--file", str(path)])
    assert result.exit_code == 1
    assert "rule 1: status must be one of" in result.output
    assert session.scalar(text("SELECT count(*) FROM access_rules")) == before


def test_check_lists_stale_sources_and_coming_changes(runner):
    fresh = runner.invoke(args=["access", "check", "--today", "2026-12-01"])
    assert fresh.exit_code == 0, fresh.output
    assert "0 stale" in fresh.output

    stale = runner.invoke(args=["access", "check", "--today", "2027-03-01"])
    assert stale.exit_code == 1
    assert "stale: US-OR psilocybin: source checked 2026-06-30 (244 days ago)" in stale.output

    coming = runner.invoke(args=["access", "check", "--today", "2027-12-10", "--max-age",
                                 "10000"])
    assert coming.exit_code == 0, coming.output
    assert "changing: US-NM psilocybin (authorised-prescribers) starts 2027-12-31" in \
        coming.output
    ending = runner.invoke(args=["access", "check", "--today", "2026-06-20"])
    assert "changing: DE psilocybin (certified-sites) ends 2026-07-11" in ending.output
