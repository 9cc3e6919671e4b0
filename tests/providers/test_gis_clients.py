"""A GIS client opens the GeoJSON export by its URL, as QGIS' "add layer from URL" does.

GDAL's ``/vsicurl/`` reads a URL by ``HEAD`` and byte ranges (``/vsicurl_streaming/`` reads
it whole); ``ogrinfo`` (Debian's ``gdal-bin``, which ``make test`` installs) opens the export
served on a real port, from providers committed for the test and deleted after it.
"""
import logging
import shutil
import subprocess
import threading
import uuid

import pytest
from sqlalchemy import text
from sqlalchemy.orm import Session
from werkzeug.serving import make_server

from finder import create_app
from tests.conftest import TEST_DATABASE_URL
from tests.factories import make_provider

OGRINFO = shutil.which("ogrinfo")
pytestmark = pytest.mark.skipif(OGRINFO is None, reason="ogrinfo (gdal-bin): run make test")


@pytest.fixture
def served(engine, tmp_path):
    """Two committed providers, and the app serving the test database on a free port."""
    source = f"gis-test-{uuid.uuid4().hex[:8]}"
    with Session(engine) as session:
        ids = [make_provider(session, source=source, name=f"GIS Clinic {i}",
                             lat=45.52 + i / 100, lon=-122.68) for i in range(2)]
    logging.getLogger("werkzeug").setLevel(logging.ERROR)
    app = create_app({"TESTING": True, "DATABASE_URL": TEST_DATABASE_URL,
                      "EXPORT_CACHE_DIR": str(tmp_path)})
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", ids
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)
        for name in ("finder.engine", "finder.read_engine"):
            app.extensions[name].dispose()
        with Session(engine) as session:
            session.execute(text("DELETE FROM providers WHERE source = :s"), {"s": source})
            session.commit()


def ogrinfo(*args: str) -> str:
    result = subprocess.run([OGRINFO, "-ro", "-al", *args], capture_output=True, text=True,
                            timeout=60, env={"CPL_VSIL_CURL_USE_HEAD": "YES",
                                             "GDAL_HTTP_TIMEOUT": "20", "PATH": "/usr/bin"})
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_ogrinfo_opens_the_export_by_url_through_vsicurl(served):
    url, ids = served
    out = ogrinfo(f"/vsicurl/{url}/api/v1/providers.geojson")
    assert "Geometry: Point" in out
    for i in range(2):
        assert f"name (String) = GIS Clinic {i}" in out
    assert "45.52" in out and "-122.68" in out

