"""Browser fixtures: the app on a real port, a publisher page on another origin, Chromium.

The app answers from its own thread with its own database connections, so it cannot see
rows in a test's rolled-back transaction. The providers these tests need are committed under
a source name unique to this run and deleted when the browser tests end (before the rest of
the suite runs), so other tests never meet them.
"""
import logging
import threading
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from finder import create_app
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_provider

sync_api = pytest.importorskip("playwright.sync_api", reason="pip install -r requirements.txt")

CHROMIUM = "/usr/bin/chromium"
# Root needs --no-sandbox; the rest keep a closed network quiet and start-up fast.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-gpu"]
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"
# Port 9 (discard) refuses at once: map tiles that cannot load, as on a closed network.
DEAD_TILES = "http://127.0.0.1:9/{z}/{x}/{y}.png"
BOISE = (43.6322, -116.2052)            # the centre of postcode 83702
HOSTILE_NAME = '<img src=x onerror="window.__xss=1">Dr. <b>Bold</b> <script>window.__xss=2</script>'
HOSTILE_BIO = '<script>window.__xss=3</script><img src=x onerror="window.__xss=4"> I listen.'
PEOPLE = [("Maya Torres", "PMHNP-BC", "Treasure Valley Ketamine Clinic"),
          ("Daniel Okafor", "MD", "Boise Mind Health"), ("Priya Raman", "LCSW", None),
          ("Samuel Berg", "PsyD", "Foothills Psychology"), ("Elena Ruiz", "LMFT", None),
          ("Jonah Whitfield", "DO", "Capital City Psychiatry"), ("Grace Lin", "LPC", None),
          ("Omar Haddad", "MD", "River Bend Infusion Center"), ("Hannah Cole", "PhD", None),
          ("Luis Moreno", "APRN", "Idaho Integrative Care"), ("Ruth Adler", "LCSW", None)]
KETAMINE = ["ketamine-assisted-therapy", "ketamine-infusion", "esketamine"]
LOCK_KEY = 7_400_001            # pg_advisory_lock key held while browser-test data exists


@dataclass(frozen=True)
class Data:
    """What the browser tests committed: ids by role, and the source to clean up by."""

    source: str
    hostile: int
    ketamine: list
    mdma_near: int
    mdma_telehealth: int
    psilocybin_denver: int
    other_care: list


class LiveServer:
    """The app served by werkzeug from a background thread."""

    def __init__(self, app):
        self.server = make_server("127.0.0.1", 0, app, threaded=True)
        self.url = f"http://127.0.0.1:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()
        self.thread.join(5)


def publisher_app(finder_url: str):
    """Return a WSGI app serving a publisher's pages embedding the widget from finder_url:
    with the script tag at /, in an iframe at /iframe."""
    page = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A publisher's article</title>
<style>
  body {{ font-family: "Comic Sans MS", cursive; color: rgb(200, 0, 0); }}
  button {{ display: none !important; }}
  li {{ color: rgb(0, 0, 255) !important; }}
  h2 {{ font-size: 60px; }}
  .themed {{ --pf-accent: rgb(128, 0, 128); }}
</style></head>
<body><main><h1>An article</h1><h2 id="host-heading">Find help</h2>
<div class="themed" data-provider-finder data-modality="ketamine" data-country="US"></div>
<provider-finder data-modality="psilocybin" data-country="DE"></provider-finder>
<script src="{finder_url}/widget.js" async></script></main></body></html>""".encode()

    framed = f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>A publisher's page with an iframe</title></head>
<body><main><h1>An article</h1>
<iframe src="{finder_url}/embed?modality=ketamine&amp;country=US" title="Find a provider"
        allow="geolocation" width="100%" height="900" style="border:0"></iframe>
</main></body></html>""".encode()

    def app(environ, start_response):
        start_response("200 OK", [("Content-Type", "text/html; charset=utf-8")])
        return [framed if environ["PATH_INFO"] == "/iframe" else page]
    return app


@pytest.fixture(scope="package")
def data(engine):
    """Commit the providers the browser tests search for; delete them afterwards."""
    # Two test runs at once (two people, one test database) would see each other's
    # providers; the second waits here until the first has cleaned up.
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
        lock.commit()
        yield from _committed_providers(engine)
        lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
        lock.commit()


def _committed_providers(engine):
    """Commit the providers under a source unique to this run; yield them; delete them."""
    source = f"browser-test-{uuid.uuid4().hex[:8]}"
    lat, lon = BOISE
    with Session(engine) as session:
        # Left behind by a run that was killed (the lock says no run is going on).
        session.execute(text("DELETE FROM providers WHERE source LIKE 'browser-test-%'"))
        session.commit()
        common = {"source": source, "city": "Boise", "region": "ID", "postcode": "83702"}
        hostile = make_provider(session, lat=lat + 0.004, lon=lon, name=HOSTILE_NAME,
                                bio=HOSTILE_BIO, modalities=KETAMINE[:1], **common)
        ketamine = [make_provider(session, lat=lat + 0.01 * (i + 1), lon=lon - 0.008 * i,
                                  name=name, credentials=cred, practice_name=practice,
                                  modalities=KETAMINE[i % 3:] + (["integration"] if i % 4 else []),
                                  telehealth=i % 3 == 0, phone=f"+1 208-555-01{i:02d}",
                                  # Sliding fee at even places, Spanish at every third.
                                  payment=["medicaid", "sliding-fee"] if i % 2 == 0
                                  else ["private-insurance"],
                                  languages=["en", "es"] if i % 3 == 0 else ["en"],
                                  website="https://example.org/", provider_type="therapist",
                                  bio="A test listing for the browser tests.", **common)
                    for i, (name, cred, practice) in enumerate(PEOPLE)]
        mdma_near = make_provider(session, lat=43.1330, lon=-115.6912, name="Mountain Home MDMA",
                                  modalities=["mdma-assisted-therapy"],
                                  **{**common, "city": "Mountain Home", "postcode": "83647"})
        mdma_telehealth = make_provider(session, lat=47.6777, lon=-116.7805,
                                        name="North Idaho Telehealth", telehealth=True,
                                        modalities=["mdma-assisted-therapy"],
                                        **{**common, "city": "Coeur d'Alene", "postcode": "83814"})
        # Where psilocybin is legal: what a search from Idaho or Berlin points to.
        psilocybin_denver = make_provider(session, lat=39.7392, lon=-104.9903,
                                          name="Denver Healing Centre",
                                          modalities=["psilocybin", "integration"],
                                          **{**common, "city": "Denver", "region": "CO",
                                             "postcode": "80202"})
        # Mental health facilities offering none of finder's therapies, as SAMHSA lists them.
        other_care = [make_provider(session, lat=lat - 0.003 * (i + 1), lon=lon, modalities=[],
                                    name=f"Boise Family Counseling {i}", provider_type="clinic",
                                    accepting_new_clients=None, **common) for i in range(3)]
    yield Data(source, hostile, ketamine, mdma_near, mdma_telehealth, psilocybin_denver,
               other_care)
    with Session(engine) as session:
        session.execute(text("DELETE FROM providers WHERE source = :s"), {"s": source})
        session.commit()


@pytest.fixture(scope="package")
def live_server(data):
    """The app on 127.0.0.1, reading the test database with its own connections."""
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL,
                      "MAP_TILE_URL": DEAD_TILES})
    with LiveServer(app) as server:
        yield server
    for engine in ("finder.engine", "finder.read_engine"):
        app.extensions[engine].dispose()


@pytest.fixture(scope="package")
def publisher(live_server):
    """A publisher's page on another origin (localhost, another port) embedding the widget."""
    with LiveServer(publisher_app(live_server.url)) as server:
        yield server.url.replace("127.0.0.1", "localhost")


@pytest.fixture(scope="session")
def browser():
    """Debian's headless Chromium, driven by Playwright (no browser is downloaded)."""
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def context_options():
    """Options for the browser context; tests override this to grant permissions etc."""
    return {}


@pytest.fixture
def page(browser, context_options):
    """A fresh page; a script error or a CSP violation on it fails the test."""
    context = browser.new_context(viewport={"width": 1200, "height": 900}, **context_options)
    page = context.new_page()
    page.set_default_timeout(10_000)
    problems = []
    page.on("pageerror", lambda err: problems.append(f"script error: {err}"))
    page.on("console", lambda msg: problems.append(msg.text)
            if "Content Security Policy" in msg.text else None)
    yield page
    context.close()
    assert problems == []


@pytest.fixture
def screenshot():
    """Return a function that saves a full-page screenshot under test-artifacts/."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name):
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path
    return take
