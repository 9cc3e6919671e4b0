"""Each shape of the search statement, rendered, against its golden file.

A change to the SQL a search sends shows in review as a change to ``tests/search/golden/``.
After changing the statement on purpose, write the files again and review their diff:

    UPDATE_GOLDEN=1 pytest tests/search/test_golden_sql.py

Each file holds the statement's text and the names of its bind parameters (not their
values, which follow the data: postcodes, access rules).
"""
import os
from pathlib import Path

import pytest
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from finder.search import params as search_params
from finder.search import queries
from finder.search import selectivity
from finder.search import service

GOLDEN = Path(__file__).resolve().parent / "golden"
SHAPES = {
    # name: (request arguments, whether the rare facets are fetched instead of walking)
    "walk": ({"near": "80202", "country": "US", "modality": "ketamine"}, False),
    "walk_every_therapy": ({"near": "80202", "country": "US"}, False),
    "fetch": ({"near": "80202", "country": "US", "language": "fi"}, True),
    "fetch_telehealth": ({"near": "80202", "country": "US", "language": "fi",
                          "telehealth": "true"}, True),
    "telehealth": ({"near": "80202", "country": "US", "modality": "psilocybin",
                    "telehealth": "true"}, False),
    "cursor": ({"near": "80202", "country": "US", "modality": "ketamine",
                "cursor": search_params.encode_cursor(1234.5, 42)}, False),
    "cursor_fetch": ({"near": "80202", "country": "US", "language": "fi",
                      "cursor": search_params.encode_cursor(1234.5, 42)}, True),
    "fetch_payment": ({"near": "80202", "country": "US", "payment": "sliding-fee,free",
                       "language": "es"}, True),
    "walk_payment": ({"near": "80202", "country": "US", "modality": "ketamine",
                      "payment": "medicaid"}, False),
    "elsewhere": ({"near": "78701", "country": "US", "modality": "psilocybin"}, False),
    "place": ({"near": "Denver", "country": "US", "modality": "mdma"}, False),
    "postcode_of_another_country": ({"near": "SW1A 1AA", "country": "US"}, False),
    "coordinates": ({"lat": "39.74", "lon": "-104.99", "country": "US",
                     "modality": "integration"}, False),
}


def render(statement: queries.Statement) -> str:
    lines = [line.rstrip() for line in statement.sql.strip("\n").splitlines()]
    return "\n".join(lines + ["", "-- bind parameters: " + ", ".join(sorted(statement.params))]
                     ) + "\n"


def build(app, session, monkeypatch, args: dict, fetch: bool) -> service.Plan:
    """Plan the search as the API would, the walk or the fetch chosen as asked."""
    monkeypatch.setattr(selectivity, "fetch_facets",
                        lambda stats, every, some: (every, some) if fetch else ([], []))
    with app.app_context():
        return service.plan(session, MultiDict(args), app.config)


@pytest.mark.parametrize("name", sorted(SHAPES))
def test_each_statement_shape_matches_its_golden_file(app, session, monkeypatch, name):
    args, fetch = SHAPES[name]
    work = build(app, session, monkeypatch, args, fetch)
    assert queries.strategy(work.params) is (
        queries.Strategy.FETCH if fetch else queries.Strategy.WALK)
    statement = work.statement
    path = GOLDEN / f"{name}.sql"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(render(statement), encoding="utf-8")
    assert path.exists(), f"no golden file {path.name}: run with UPDATE_GOLDEN=1"
    assert render(statement) == path.read_text(encoding="utf-8"), (
        f"the {name} statement changed: review it, then UPDATE_GOLDEN=1 (see this module)")


def test_every_golden_file_is_a_shape_still_rendered():
    assert sorted(p.stem for p in GOLDEN.glob("*.sql")) == sorted(SHAPES)


def test_only_the_code_constants_are_in_the_text(app, session, monkeypatch):
    """Nothing typed reaches the SQL text: the place, the cursor and the filters are bound."""
    args = {"near": "Denverx", "country": "US", "language": "fi", "modality": "psilocybin",
            "cursor": search_params.encode_cursor(9876.5, 4321)}
    for fetch in (False, True):
        sql = build(app, session, monkeypatch, args, fetch).statement.sql
        for typed in ("denverx", "Denverx", "9876.5", "4321", "'fi'", "l:fi"):
            assert typed not in sql


def test_the_family_map_is_the_migrated_indexes(session):
    rows = dict(session.execute(text(
        "SELECT indexname, pg_get_expr(i.indpred, i.indrelid) FROM pg_indexes x "
        "JOIN pg_class c ON c.relname = x.indexname JOIN pg_index i ON i.indexrelid = c.oid "
        "WHERE x.tablename = 'providers' AND x.indexname = ANY(:names)"),
        {"names": [name for name, _ in queries.INDEXED_FAMILIES.values()]}).all())
    families = dict(session.execute(text(
        "SELECT family, array_agg(slug ORDER BY slug) FROM modalities GROUP BY family")).all())
    assert sorted(tuple(s) for s in families.values()) == sorted(queries.INDEXED_FAMILIES)
    for slugs, (index, condition) in queries.INDEXED_FAMILIES.items():
        literal = condition.removeprefix("p.modalities && ")
        assert rows[index] == f"((status = 'approved'::text) AND (modalities && {literal}))"


def test_a_family_without_an_index_is_bound_and_walks_the_therapy_index(app, session,
                                                                        monkeypatch):
    import dataclasses
    from finder.geo.geocode import origin_for
    from finder.search import vocabulary
    monkeypatch.setattr(selectivity, "fetch_facets", lambda stats, every, some: ([], []))
    parsed = search_params.parse({"near": "80202", "modality": "psilocybin"},
                                 vocabulary.get(session), app.config)
    unknown = dataclasses.replace(parsed, family=("psilocybin", "new-therapy"))
    statement = queries.search_statement(unknown, origin_for("US", "80202"))
    assert queries.THERAPY in statement.sql
    assert "coalesce(p.modalities && CAST(:family AS text[]), false)" in statement.sql
    assert statement.params["family"] == ["new-therapy", "psilocybin"]
    assert "'{psilocybin}'" not in statement.sql
