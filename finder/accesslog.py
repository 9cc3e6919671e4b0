"""gunicorn's logger, with locations and secrets redacted (``--logger-class``).

``make run`` serves with ``--logger-class finder.accesslog.Logger``. The access log keeps
its usual format, but every atom it writes goes through ``finder.redaction``: the request
line (``%(r)s``), path (``%(U)s``), query (``%(q)s``) and referrer (``%(f)s``) lose precise
locations, edit tokens and other secrets; ``Authorization`` and ``Cookie`` headers and
their environ twins are never written. gunicorn's error log ("Error handling request
/get-listed/edit/...") is filtered the same way.
"""
import traceback
from collections.abc import Mapping
from types import SimpleNamespace

from gunicorn import glogging

from finder import redaction

QUERY_ATOMS = {"q", "{query_string}e"}
# Atoms gunicorn makes from the server's own values (address, time, status, sizes): no
# visitor text, nothing to redact.
PLAIN_ATOMS = {"h", "l", "t", "s", "m", "H", "b", "B", "T", "D", "M", "L", "p"}
SECRET_ATOMS = {"{authorization}i", "{proxy-authorization}i", "{cookie}i", "{set-cookie}o",
                "{x-csrftoken}i", "{x-csrf-token}i", "{http_authorization}e",
                "{http_proxy_authorization}e", "{http_cookie}e", "{http_x_csrftoken}e",
                "{http_x_csrf_token}e"}
# The environ keys gunicorn's single-letter atoms (%(h)s, %(r)s, %(f)s...) are made from.
LINE_ENVIRON = ("REMOTE_ADDR", "HTTP_AUTHORIZATION", "REQUEST_METHOD", "RAW_URI",
                "SERVER_PROTOCOL", "PATH_INFO", "QUERY_STRING", "HTTP_REFERER",
                "HTTP_USER_AGENT")


def redact_atom(key: str, value):
    """Return the access-log atom ``key`` as it may be written."""
    if not isinstance(value, str) or value == "-" or key in PLAIN_ATOMS:
        return value
    key = key.lower()
    if key in SECRET_ATOMS:
        return redaction.REDACTED
    if key in QUERY_ATOMS:
        return redaction.redact_query(value)
    return redaction.redact_text(value)


class RedactedAtoms(Mapping):
    """The atoms of one access-log line, each looked up and redacted when the format asks.

    gunicorn makes an atom of every request header, response header and environ key,
    and escapes them all, for a format that names nine; that cost a tenth of a search's
    Python time. Here gunicorn's own ``atoms`` makes the single-letter ones from the few
    environ keys they read, and a ``{name}i``, ``{name}o`` or ``{name}e`` is found only
    when the format names it, by gunicorn's rules: any case, the last value of a repeated
    header, "-" when missing, quotes escaped.
    """

    def __init__(self, logger, resp, req, environ, request_time):
        self.req, self.resp, self.environ = req, resp, environ
        line = {k: environ[k] for k in LINE_ENVIRON if k in environ}
        bare = SimpleNamespace(status=resp.status, sent=getattr(resp, "sent", None), headers=())
        self.atoms = glogging.SafeAtoms(logger.atoms(bare, (), line, request_time))

    def __getitem__(self, key):
        value = self.atoms[key]
        if value == "-" and key.startswith("{") and key[-2:-1] == "}":
            value = self._named(key[1:-2].lower(), key[-1].lower())
        return redact_atom(key, value)

    def _named(self, name: str, kind: str):
        pairs = {"i": lambda: _items(getattr(self.req, "headers", self.req)),
                 "o": lambda: _items(self.resp.headers),
                 "e": lambda: self.environ.items()}.get(kind, tuple)()
        value = "-"
        for key, found in pairs:
            if key.lower() == name:
                value = found
        return value.replace('"', '\\"') if isinstance(value, str) else value

    def __iter__(self):
        return iter(self.atoms)

    def __len__(self):
        return len(self.atoms)


def _items(headers):
    return headers.items() if hasattr(headers, "items") else headers


class Logger(glogging.Logger):
    """gunicorn's logger that writes no precise location, token or password."""

    def access(self, resp, req, environ, request_time):
        """Write one access-log line, each atom redacted (gunicorn's ``access``, lazily)."""
        if not self.access_log_enabled:
            return
        try:
            self.access_log.info(self.cfg.access_log_format,
                                 RedactedAtoms(self, resp, req, environ, request_time))
        except Exception:
            self.error(traceback.format_exc())

    def setup(self, cfg):
        """Set gunicorn's handlers up, then filter what the error log writes."""
        super().setup(cfg)
        redaction.add_filter(self.error_log)
