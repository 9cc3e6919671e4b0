"""The nearest providers elsewhere come from a short walk within each jurisdiction."""
from sqlalchemy import text
from werkzeug.datastructures import MultiDict

from finder.search import service


def fill(session):
    """Psilocybin providers across Texas (where it is trials-only) and a few in Colorado."""
    session.execute(text(
        "INSERT INTO providers (status, source, name, provider_type, modalities, country, "
        "region, location) SELECT 'approved', 'plan-test', 'P' || g, 'facilitator', "
        "ARRAY['psilocybin'], 'US', CASE WHEN g % 100 = 0 THEN 'CO' ELSE 'TX' END, "
        "CASE WHEN g % 100 = 0 THEN ST_SetSRID(ST_MakePoint(-105 + random(), 39 + random()), "
        "4326)::geography ELSE ST_SetSRID(ST_MakePoint(-100 + random() * 4, "
        "29 + random() * 4), 4326)::geography END FROM generate_series(1, 5000) g"))
    session.execute(text("ANALYZE providers"))


def test_each_jurisdiction_is_walked_on_its_own_index(app, session):
    fill(session)
    with app.app_context():
        work = service.plan(session, MultiDict({"near": "78701", "country": "US",
                                                "modality": "psilocybin"}), app.config)
    plan = "\n".join(r[0] for r in session.execute(
        text("EXPLAIN " + work.statement.sql), work.statement.params))
    assert plan.count("Index Scan using providers_jurisdiction_gist") == 2, plan
    assert "Seq Scan on providers" not in plan
