"""Fixtures: a real PostGIS test database, each test inside a transaction rolled back."""
import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder import create_app
from finder.config import load_config
from finder.database import make_engine
from finder.migrations import upgrade

TEST_DATABASE_URL = load_config()["TEST_DATABASE_URL"]


@pytest.fixture(scope="session")
def engine():
    """Engine on the test database, migrated to head (``make test`` creates it)."""
    # The app's own engine settings (timeouts, no JIT), so plans match production's.
    engine = make_engine(TEST_DATABASE_URL, load_config())
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
    except Exception as err:
        pytest.exit(f"test database not reachable ({TEST_DATABASE_URL}): run `make test`: {err}")
    upgrade(TEST_DATABASE_URL)
    with engine.connect() as conn:
        if not conn.scalar(text("SELECT count(*) FROM postcodes WHERE country = 'US'")):
            pytest.exit("the test database has no postcodes: run `make test`")
        if not conn.scalar(text("SELECT count(*) FROM access_rules")):
            pytest.exit("the test database has no access rules: run `make test`")
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def fresh_vocabulary():
    """Forget cached vocabularies, access rules and places so each test sees the rows it made."""
    from finder.access import rules
    from finder.geo import place_cache
    from finder.search import vocabulary
    vocabulary.clear()
    rules.clear()
    place_cache.clear()


@pytest.fixture
def session(engine):
    """Everything a test writes is rolled back, even if the code under test commits."""
    with engine.connect() as conn:
        trans = conn.begin()
        with Session(bind=conn, join_transaction_mode="create_savepoint",
                     expire_on_commit=False) as session:
            yield session
        trans.rollback()


@pytest.fixture
def app(session, tmp_path):
    """The app, its sessions all being the test's rolled-back session (and the export
    file, finder.providers.export_file, of this test's data only)."""
    return create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL,
                       "SESSION_FACTORY": lambda: session,
                       "EXPORT_CACHE_DIR": str(tmp_path / "exports")})


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
