"""gunicorn's logger, with locations and secrets redacted (``--logger-class``).

``make run`` serves with ``--logger-class finder.accesslog.Logger``. The access log keeps
its usual format, but every atom it writes goes through ``finder.redaction``: the request
line (``%(r)s``), path (``%(U)s``), query (``%(q)s``) and referrer (``%(f)s``) lose precise
locations, edit tokens and other secrets; ``Authorization`` and ``Cookie`` headers and
their environ twins are never written. gunicorn's error log ("Error handling request
/get-listed/edit/...") is filtered the same way.
"""
from gunicorn import glogging

from finder import redaction

QUERY_ATOMS = {"q", "{query_string}e"}
SECRET_ATOMS = {"{authorization}i", "{proxy-authorization}i", "{cookie}i", "{set-cookie}o",
                "{x-csrftoken}i", "{x-csrf-token}i", "{http_authorization}e",
                "{http_proxy_authorization}e", "{http_cookie}e", "{http_x_csrftoken}e",
                "{http_x_csrf_token}e"}


def redact_atom(key: str, value):
    """Return the access-log atom ``key`` as it may be written."""
    if not isinstance(value, str) or value == "-":
        return value
    key = key.lower()
    if key in SECRET_ATOMS:
        return redaction.REDACTED
    if key in QUERY_ATOMS:
        return redaction.redact_query(value)
    return redaction.redact_text(value)


class RedactedAtoms(glogging.SafeAtoms):
    """The atoms of one access-log line, each redacted when the format asks for it."""

    def __getitem__(self, key):
        return redact_atom(key, super().__getitem__(key))


class Logger(glogging.Logger):
    """gunicorn's logger that writes no precise location, token or password."""

    atoms_wrapper_class = RedactedAtoms

    def setup(self, cfg):
        """Set gunicorn's handlers up, then filter what the error log writes."""
        super().setup(cfg)
        redaction.add_filter(self.error_log)
