"""Logs hold no precise location, token, password or private listing field.

Three layers are checked: what the app itself logs (everything a visitor, a provider and a
moderator do, captured at DEBUG), the redaction rules and the logging filter, and gunicorn's
access and error logs, both through the logger class and as ``make run`` really serves.
"""
import datetime as dt
import io
import logging
import os
import shutil
import signal
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path
from types import SimpleNamespace

import pytest
from gunicorn import glogging
from gunicorn.config import Config

from finder import accesslog
from finder import redaction
from finder.database import make_engine
from tests.conftest import TEST_DATABASE_URL
from tests.factories import listing_payload
from tests.helpers import csrf_token
from tests.helpers import make_app
from tests.moderation.conftest import PASSWORD
from tests.moderation.conftest import ModeratorActions

ROOT = Path(__file__).resolve().parents[2]
EDIT_TOKEN = "Zx9Qv3LmN8pR2sT5uW7yA1bC4dE6fG0hJ2kL5mN8pQ3"   # shaped like finder's tokens
PRECISE = ["SW1A 1AA", "SW1A+1AA", "SW1A%201AA", "SW1A1AA", "90210-1234", "51.5013",
           "-0.1418", "39.7392", "-104.9903", "10115 Berlin"]


@pytest.mark.parametrize("typed, kept", [
    ("SW1A 1AA", "SW1A"), ("sw1a1aa", "SW1A"), ("EC1A 1BB", "EC1A"), ("M1 1AE", "M1"),
    ("K1A 0B1", "K1A"), ("k1a0b1", "K1A"), ("D02 X285", "D02"),
    ("90210-1234", "902"), ("90210", "902"), ("10115", "101"), ("1012 AB", "10"),
    ("SW1A", "SW1A"),
])
def test_postcodes_keep_only_their_outward_part(typed, kept):
    assert redaction.coarse_postcode(typed) == kept


@pytest.mark.parametrize("typed, kept", [
    ("Denver, CO", "Denver, CO"), ("  Köln ", "Köln"), ("SW1A 1AA", "SW1A"),
    ("51.501364, -0.141890", "51.50,-0.14"),
])
def test_places_and_typed_coordinates_are_no_finer_than_a_kilometre(typed, kept):
    assert redaction.coarse_place(typed) == kept


def test_a_query_keeps_filters_coarsens_places_and_hides_everything_else():
    query = ("near=SW1A+1AA&country=GB&modality=ketamine&lat=51.501364&lon=-0.14189"
             "&radius_km=10&cursor=WzEyLjUsM10&token=abc&next=%2Fmoderation%2Flistings%2F7")
    assert redaction.redact_query(query) == (
        "near=SW1A&country=GB&modality=ketamine&lat=51.50&lon=-0.14&radius_km=10"
        "&cursor=[redacted]&token=[redacted]&next=[redacted]")
    assert redaction.redact_query("lat=north") == "lat=[redacted]"


@pytest.mark.parametrize("line, secret", [
    (f'"GET /get-listed/edit/{EDIT_TOKEN} HTTP/1.1" 200', EDIT_TOKEN),
    (f"PUT /api/v1/listings/edit/{EDIT_TOKEN}?x=1", EDIT_TOKEN),
    ("Authorization: Bearer abc.DEF-123_token", "abc.DEF-123_token"),
    ("Authorization: Basic YWxpY2U6aHVudGVyMg==", "YWxpY2U6aHVudGVyMg=="),
    ("login failed password=hunter2-hunter2 for alice", "hunter2"),
    ("mail to dr.jane.doe@clinic.example: hello", "dr.jane.doe"),
    (f"session {EDIT_TOKEN} expired", EDIT_TOKEN),
    ('"GET /?near=90210-1234&modality=ketamine HTTP/1.1"', "90210-1234"),
    ("Referer: https://finder.example/?lat=39.739236&lon=-104.990251", "39.739236"),
])
def test_free_text_loses_its_secrets(line, secret):
    redacted = redaction.redact_text(line)
    assert secret not in redacted and "[redacted]" in redacted or "…@" in redacted or \
        "=902" in redacted or "lat=39.74" in redacted, redacted


def test_ordinary_words_slugs_and_hashes_are_left_alone():
    line = ("listing 12 approved by alice: /providers/1234-treasure-valley-ketamine-clinic-boise"
            " sha256 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08")
    assert redaction.redact_text(line) == line


def test_the_apps_engine_never_puts_parameters_in_errors_or_logs():
    engine = make_engine(TEST_DATABASE_URL, {})
    assert engine.hide_parameters is True
    engine.dispose()


def test_nothing_the_app_logs_holds_a_location_a_secret_or_a_private_field(session, caplog):
    caplog.set_level(logging.DEBUG)
    app = make_app(session, SUBMISSION_RATE_LIMIT="2 per hour", SEARCH_RATE_LIMIT="7 per minute",
                   SIGN_IN_FAILURE_LIMIT="2 per 15 minutes")

    @app.get("/boom")
    def boom():
        raise RuntimeError(f"failed on /get-listed/edit/{EDIT_TOKEN}?near=SW1A+1AA")
    client, runner = app.test_client(), app.test_cli_runner()
    secrets = list(PRECISE)

    # A visitor searches by postcode, ZIP+4, coordinates, on the page and the API, too often.
    for query in ("near=SW1A%201AA&country=GB", "near=90210-1234&country=US",
                  "lat=51.501364&lon=-0.141890", "near=10115%20Berlin&country=DE"):
        client.get(f"/api/v1/search?{query}")
        client.get(f"/?{query}")
    assert client.get("/api/v1/search?near=SW1A%201AA&country=GB").status_code == 429

    # A provider submits by API and form, edits through the link, and is rate limited.
    payload = listing_payload(email="dr.private@clinic.example", license_number="LIC-7734-SECRET",
                              location={"lat": 39.7392, "lon": -104.9903})
    secrets += ["dr.private@clinic.example", "LIC-7734-SECRET"]
    edit_url = client.post("/api/v1/listings", json=payload).json["edit_url"]
    token = edit_url.rsplit("/", 1)[1]
    secrets.append(token)
    client.get(edit_url)
    client.get(f"/api/v1/listings/edit/{token}")
    client.put(f"/api/v1/listings/edit/{token}", json=payload)
    form = client.get("/get-listed")
    client.post("/get-listed", data={"csrf_token": csrf_token(form.text), "name": "Dr. Form",
                                     "email": "form.private@clinic.example"})
    secrets.append("form.private@clinic.example")
    assert client.post("/api/v1/listings", json=payload).status_code == 429

    # A moderator signs in (once wrongly, once locked out), uses and loses a token.
    actions = ModeratorActions(client, runner)
    actions.create("alice")
    secrets.append(PASSWORD)
    for password in ("wrong-password-one", "wrong-password-two", "wrong-password-three"):
        actions.sign_in("alice", password=password)
        secrets.append(password)
    actions.sign_in("alice-typed-password-by-mistake", password="x")
    secrets.append("alice-typed-password-by-mistake")
    api_token = actions.token("alice")
    secrets.append(api_token)
    client.get("/api/v1/moderation/queue", headers=actions.api(api_token))
    client.get("/api/v1/moderation/queue", headers=actions.api("forged-token-value"))
    secrets.append("forged-token-value")
    runner.invoke(args=["moderator", "revoke", "alice"])
    client.get("/api/v1/moderation/queue", headers=actions.api(api_token))

    # A bug, and the notifications going to the log (no SMTP_URL).
    assert client.get("/boom").status_code == 500
    runner.invoke(args=["outbox", "send", "--include-today"])

    # What the code logs holds none of it; a traceback (which quotes what an exception
    # says) is cleaned by the filter every production handler has (redaction.install).
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert "rate limit search reached" in logged and "mail (no SMTP_URL)" in logged
    for record in caplog.records:
        redaction.RedactingFilter().filter(record)
    tracebacks = "\n".join(record.exc_text for record in caplog.records if record.exc_text)
    assert "RuntimeError: failed on /get-listed/edit/[redacted]?near=SW1A" in tracebacks
    for secret in secrets:
        assert secret not in logged, secret
        assert secret not in tracebacks, secret


def test_the_filter_redacts_whole_lines_and_tracebacks():
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    redaction.add_filter(handler)
    redaction.add_filter(handler)   # twice is once
    assert len(handler.filters) == 1
    log = logging.getLogger("tests.security.redacting")
    log.addHandler(handler)
    log.propagate = False
    try:
        log.warning('%s - - "%s" %s', "192.0.2.1", "GET /?near=SW1A+1AA&lat=51.501364 HTTP/1.1",
                    200)
        try:
            raise ValueError(f"bad link /get-listed/edit/{EDIT_TOKEN}")
        except ValueError:
            log.exception("while serving Authorization: Bearer %s", EDIT_TOKEN)
    finally:
        log.removeHandler(handler)
    written = stream.getvalue()
    assert "near=SW1A&lat=51.50" in written
    assert EDIT_TOKEN not in written and "SW1A+1AA" not in written
    assert "ValueError: bad link /get-listed/edit/[redacted]" in written


def test_install_filters_the_root_handlers_and_werkzeug():
    handler = logging.StreamHandler(io.StringIO())
    root, werkzeug = logging.getLogger(), logging.getLogger("werkzeug")
    root.addHandler(handler)
    before = list(werkzeug.filters)
    try:
        redaction.install()
        assert any(isinstance(f, redaction.RedactingFilter) for f in handler.filters)
        assert any(isinstance(f, redaction.RedactingFilter) for f in werkzeug.filters)
    finally:
        root.removeHandler(handler)
        werkzeug.filters[:] = before


@pytest.fixture
def gunicorn_logger():
    """finder's gunicorn logger writing to a buffer; gunicorn's loggers restored afterwards."""
    loggers = [logging.getLogger("gunicorn.error"), logging.getLogger("gunicorn.access")]
    saved = [(lg.handlers[:], lg.filters[:], lg.propagate) for lg in loggers]
    cfg = Config()
    cfg.set("accesslog", "-")
    cfg.set("access_log_format", cfg.access_log_format +
            ' %(U)s %(q)s {%({authorization}i)s} {%({cookie}i)s} %({query_string}e)s')
    logger = accesslog.Logger(cfg)
    stream = io.StringIO()
    for lg in loggers:
        for handler in lg.handlers:
            handler.setStream(stream)
    yield logger, stream
    for lg, (handlers, filters, propagate) in zip(loggers, saved):
        lg.handlers[:], lg.filters[:], lg.propagate = handlers, filters, propagate


def test_gunicorns_access_and_error_logs_are_redacted(gunicorn_logger):
    logger, stream = gunicorn_logger
    query = "near=SW1A+1AA&country=GB&lat=51.501364&lon=-0.141890"
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": f"/api/v1/search?{query}",
               "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": f"/get-listed/edit/{EDIT_TOKEN}",
               "QUERY_STRING": query, "REMOTE_ADDR": "192.0.2.1",
               "HTTP_REFERER": f"https://finder.example/?near=90210-1234&token={EDIT_TOKEN}",
               "HTTP_USER_AGENT": "Mozilla/5.0", "HTTP_AUTHORIZATION": f"Bearer {EDIT_TOKEN}"}
    request = SimpleNamespace(headers=[("AUTHORIZATION", f"Bearer {EDIT_TOKEN}"),
                                       ("COOKIE", "session=abc.def.ghi")])
    response = SimpleNamespace(status="200 OK", sent=512, headers=[])
    logger.access(response, request, environ, dt.timedelta(milliseconds=12))
    logger.error("Error handling request %s", f"/get-listed/edit/{EDIT_TOKEN}?lat=51.501364")
    written = stream.getvalue()
    assert '"GET /api/v1/search?near=SW1A&country=GB&lat=51.50&lon=-0.14 HTTP/1.1" 200' in written
    assert "https://finder.example/?near=902&token=[redacted]" in written
    assert "/get-listed/edit/[redacted]" in written
    assert "{[redacted]} {[redacted]}" in written
    for secret in [EDIT_TOKEN, "abc.def.ghi"] + PRECISE:
        assert secret not in written, secret


def test_where_nothing_is_secret_the_line_is_gunicorns_own():
    # finder's logger looks atoms up only when the format names them; the line it writes
    # must be the one gunicorn's logger writes, atom for atom.
    fmt = ('%(h)s %(l)s %(u)s "%(r)s" %(s)s %(b)s %(B)s "%(f)s" "%(a)s" %(m)s %(U)s %(q)s '
           '%(H)s %(T)s %(D)s %(M)s %(L)s %(p)s %(x)s {%({X-Request-Id}i)s} '
           '{%({content-type}o)s} {%({server_name}e)s} {%({missing}i)s} {%({x-twice}i)s}')
    environ = {"REQUEST_METHOD": "GET", "RAW_URI": "/api/v1/modalities?format=json",
               "SERVER_PROTOCOL": "HTTP/1.1", "PATH_INFO": "/api/v1/modalities",
               "QUERY_STRING": "format=json", "REMOTE_ADDR": "192.0.2.1",
               "HTTP_USER_AGENT": 'curl/8 "quoted"', "SERVER_NAME": "finder.example"}
    request = SimpleNamespace(headers=[("X-REQUEST-ID", "abc-123"), ("X-TWICE", "one"),
                                       ("X-TWICE", "two")])
    response = SimpleNamespace(status="200 OK", sent=512,
                               headers=[("Content-Type", "application/json")])
    lines = []
    loggers = [logging.getLogger("gunicorn.error"), logging.getLogger("gunicorn.access")]
    saved = [(lg.handlers[:], lg.filters[:], lg.propagate) for lg in loggers]
    try:
        for logger_class in (glogging.Logger, accesslog.Logger):
            cfg = Config()
            cfg.set("accesslog", "-")
            cfg.set("access_log_format", fmt)
            logger = logger_class(cfg)
            stream = io.StringIO()
            for handler in logger.access_log.handlers:
                handler.setStream(stream)
            logger.access(response, request, environ, dt.timedelta(milliseconds=12))
            lines.append(stream.getvalue())
    finally:
        for lg, (handlers, filters, propagate) in zip(loggers, saved):
            lg.handlers[:], lg.filters[:], lg.propagate = handlers, filters, propagate
    assert lines[0] == lines[1] != ""
    assert '{abc-123} {application/json} {finder.example} {-} {two}' in lines[1]
    assert 'curl/8 \\"quoted\\"' in lines[1]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def run_command(port: int) -> str:
    """Return the gunicorn command line of the Makefile's ``run`` target."""
    lines = subprocess.run(["make", "-s", "-n", "run", f"PORT={port}", "WORKERS=1"], cwd=ROOT,
                           text=True, capture_output=True, check=True).stdout.splitlines()
    for i, line in enumerate(lines):
        if line.startswith("exec ") and "gunicorn" in line:
            command = [line]
            while command[-1].endswith("\\"):
                i += 1
                command.append(lines[i])
            return " ".join(part.rstrip("\\").strip() for part in command)
    raise AssertionError("no 'exec ... gunicorn' line in `make -n run`")


def test_make_run_writes_access_logs_without_locations_or_tokens(tmp_path):
    if shutil.which("make") is None:
        pytest.skip("make is not installed")
    port = free_port()
    command = run_command(port)
    assert "--logger-class finder.accesslog.Logger" in command
    env = {**os.environ, "DATABASE_URL": TEST_DATABASE_URL,
           "GUNICORN_CMD_ARGS": f"--control-socket {tmp_path / 'gunicorn.ctl'}"}
    out = tmp_path / "gunicorn.log"
    with open(out, "wb") as log:
        server = subprocess.Popen(["bash", "-c", command], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        wait_until_up(base, server, out)
        for path, headers in [
                ("/api/v1/search?near=SW1A%201AA&country=GB", {}),
                ("/?lat=51.501364&lon=-0.141890", {}),
                (f"/get-listed/edit/{EDIT_TOKEN}", {"Referer": f"{base}/?near=90210-1234"}),
                ("/api/v1/moderation/queue", {"Authorization": f"Bearer {EDIT_TOKEN}"}),
                (f"/moderation/sign-in?next=/moderation/&password={PASSWORD}", {})]:
            fetch(base + path.replace(" ", "%20"), headers)
    finally:
        os.killpg(server.pid, signal.SIGTERM)   # the bash -c and gunicorn it exec'd
        server.wait(20)
    written = out.read_text()
    assert '"GET /api/v1/search?near=SW1A&country=GB HTTP/1.1"' in written, written
    assert '"GET /?lat=51.50&lon=-0.14 HTTP/1.1"' in written, written
    assert "/get-listed/edit/[redacted]" in written and "/?near=902" in written, written
    for secret in [EDIT_TOKEN, PASSWORD.replace(" ", "%20"), PASSWORD] + PRECISE:
        assert secret not in written, secret


def wait_until_up(base, server, out, seconds=60):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(f"gunicorn exited: {out.read_text()}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError(f"gunicorn did not start: {out.read_text()}")


def fetch(url, headers):
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            response.read()
    except urllib.error.HTTPError as err:
        err.read()
