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


def plan_for(app, session, **args):
    with app.app_context():
        return service.plan(session, MultiDict(args), app.config)


def test_no_walk_elsewhere_where_every_place_the_origin_can_be_offers_the_therapy(app, session):
    """Ketamine is offered across the states: a ZIP there needs no walk elsewhere. Puerto
    Rico's (no rule: unknown) and coordinates (anywhere) keep it."""
    in_states = plan_for(app, session, near="10001", country="US", modality="ketamine")
    assert in_states.offered and not in_states.elsewhere
    assert "elsewhere_0" not in in_states.statement.sql
    for args in ({"near": "00901", "country": "US"}, {"lat": "40.7", "lon": "-74.0"}):
        work = plan_for(app, session, modality="ketamine", **args)
        assert work.elsewhere == work.offered and "elsewhere_0" in work.statement.sql
    psilocybin = plan_for(app, session, near="10001", country="US", modality="psilocybin")
    assert psilocybin.elsewhere == psilocybin.offered


def test_a_therapy_not_offered_in_a_territory_still_lists_where_it_is(client, session):
    fill(session)
    session.execute(text(
        "INSERT INTO providers (status, source, name, provider_type, modalities, country, "
        "region, location) VALUES ('approved', 'plan-test', 'Miami ketamine', 'clinic', "
        "ARRAY['ketamine-infusion'], 'US', 'FL', "
        "ST_SetSRID(ST_MakePoint(-80.19, 25.76), 4326)::geography)"))
    answer = client.get("/api/v1/search?near=00901&country=US&modality=ketamine").get_json()
    assert answer["origin"]["country"] == "PR"
    assert answer["access"][0]["status"] == "unknown"
    assert [p["name"] for p in answer["elsewhere"]] == ["Miami ketamine"]
