"""Liveness and readiness, including with the database unreachable."""
from sqlalchemy import text

from finder import create_app


def test_healthz(client):
    assert client.get("/healthz").json == {"status": "ok"}


def test_readyz_when_database_is_at_head(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response.json["status"] == "ready"


def test_readyz_when_schema_is_behind(client, session):
    session.execute(text("UPDATE alembic_version SET version_num = 'older'"))
    session.commit()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json["error"]["code"] == "schema_out_of_date"


def test_readyz_and_healthz_with_the_database_unreachable():
    # Port 1 on loopback refuses connections at once: a real failure, no mock.
    app = create_app({"TESTING": True,
                      "DATABASE_URL": "postgresql+psycopg://finder@127.0.0.1:1/finder"})
    client = app.test_client()
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.headers["Content-Type"] == "application/json"
    assert response.json["error"]["code"] == "database_unreachable"
    assert response.headers["Retry-After"]
    assert client.get("/healthz").status_code == 200
