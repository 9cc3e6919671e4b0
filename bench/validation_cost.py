"""Time test-client searches validated three ways: today's parser alone, and with the query
declared as a pydantic model checked by spectree or by flask-openapi3 in front of it.

    TEST_DATABASE_URL=... python bench/validation_cost.py [N]

Runs on the test database inside a transaction rolled back at the end. Prints the median
and mean per search of each way, interleaved in rounds so drift hits all alike.
"""
import statistics
import sys
import time

from pydantic import BaseModel
from pydantic import ConfigDict
from pydantic import Field
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder import create_app
from finder.config import load_config
from finder.database import make_engine
from finder.search import views

N = int(sys.argv[1]) if len(sys.argv) > 1 else 3000
URL = "near=80202&modality=ketamine&telehealth=true&limit=10"


class SearchQuery(BaseModel):
    """The search parameters as a model (the shape, not every rule)."""

    model_config = ConfigDict(extra="forbid")
    near: str | None = Field(None, max_length=100)
    lat: float | None = Field(None, ge=-90, le=90)
    lon: float | None = Field(None, ge=-180, le=180)
    country: str | None = Field(None, pattern="^[A-Za-z]{2}$")
    modality: list[str] = []
    radius_km: float | None = Field(None, ge=0.1, le=500)
    limit: int | None = Field(None, ge=1, le=50)
    cursor: str | None = Field(None, max_length=200)
    provider_type: list[str] = []
    telehealth: bool | None = None
    accepting_new_clients: bool | None = None
    language: str | None = Field(None, max_length=10)
    service: str | None = Field(None, max_length=40)
    source: list[str] = []
    format: str | None = None


def build(session):
    config = load_config()
    app = create_app({"TESTING": True, "DATABASE_URL": config["TEST_DATABASE_URL"],
                      "SESSION_FACTORY": lambda: session,
                      "SEARCH_RATE_LIMIT": "1000000 per minute"})

    from spectree import SpecTree
    spec = SpecTree("flask", app=app, path="bench-spectree-doc")

    @spec.validate(query=SearchQuery)
    def spectree_search():
        return views.search()
    app.add_url_rule("/bench/spectree", view_func=spectree_search)

    from flask_openapi3 import APIBlueprint
    bp = APIBlueprint("bench_openapi3", __name__)

    @bp.get("/bench/openapi3")
    def openapi3_search(query: SearchQuery):
        return views.search()
    # The same three ways in front of a view that does nothing: the libraries' own cost,
    # free of the database's noise.
    app.add_url_rule("/bench/none", view_func=lambda: "ok", endpoint="bench_none")
    app.add_url_rule("/bench/spectree-none", endpoint="bench_spectree_none",
                     view_func=spec.validate(query=SearchQuery)(lambda: "ok"))

    @bp.get("/bench/openapi3-none")
    def openapi3_none(query: SearchQuery):
        return "ok"
    app.register_blueprint(bp)
    return app


def main():
    config = load_config()
    engine = make_engine(config["TEST_DATABASE_URL"], config)
    with engine.connect() as conn:
        trans = conn.begin()
        with Session(bind=conn, join_transaction_mode="create_savepoint") as session:
            for i in range(30):
                session.execute(text(
                    "INSERT INTO providers (status, source, external_id, name, provider_type, "
                    "modalities, telehealth, accepting_new_clients, languages, country, "
                    "postcode, location_precision, location) VALUES ('approved', 'bench', "
                    ":x, :n, 'therapist', ARRAY['ketamine-assisted-therapy'], true, true, "
                    "ARRAY['en'], 'US', '80202', 'exact', ST_SetSRID(ST_MakePoint("
                    ":lon, :lat), 4326)::geography)"),
                    {"x": f"b{i}", "n": f"Bench {i}", "lat": 39.74 + i / 1000,
                     "lon": -104.99})
            session.commit()
            client = build(session).test_client()
            paths = {"today": "/api/v1/search", "spectree": "/bench/spectree",
                     "flask-openapi3": "/bench/openapi3", "empty view": "/bench/none",
                     "spectree, empty": "/bench/spectree-none",
                     "openapi3, empty": "/bench/openapi3-none"}
            for path in paths.values():   # warm up, and check all three answer alike
                assert client.get(f"{path}?{URL}").status_code == 200, path
            times = {name: [] for name in paths}
            for _ in range(N // 100):
                for name, path in paths.items():
                    for _ in range(100):
                        start = time.perf_counter()
                        client.get(f"{path}?{URL}")
                        times[name].append(time.perf_counter() - start)
            for name, values in times.items():
                base = statistics.median(times["today" if "empty" not in name else
                                               "empty view"])
                med = statistics.median(values)
                print(f"{name:16} n={len(values)} median {med * 1e6:7.0f} us  "
                      f"mean {statistics.mean(values) * 1e6:7.0f} us  "
                      f"({(med / base - 1) * 100:+.1f} % vs {'empty view' if 'empty' in name else 'today'})")
        trans.rollback()


if __name__ == "__main__":
    main()
