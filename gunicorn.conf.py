"""gunicorn settings that belong to the app (``make run`` passes ``--config gunicorn.conf.py``).

- Forwarded headers: gunicorn believes none, from any address (its default trusts
  ``X-Forwarded-Proto`` from 127.0.0.1, so a plain-HTTP request from a local client could
  get a Secure cookie and https:// links). ``PROXY_COUNT`` alone decides: the app's
  ``ProxyFix`` reads that many proxies' ``X-Forwarded-For``/``-Proto``, none when it is 0.
- Request size: a request line over 8,190 bytes is answered 414, more than 50 header
  fields or one over 8,190 bytes 431, both in the API's JSON error shape (gunicorn's own
  answer is an HTML page) and before the app sees them. No search or page needs more.
"""
import json

from gunicorn import util

forwarded_allow_ips = ""
limit_request_line = 8190        # gunicorn's ceiling; the longest search is far shorter
limit_request_fields = 50
limit_request_field_size = 8190
CODES = {400: "bad_request", 403: "forbidden", 414: "uri_too_long", 417: "expectation_failed",
         431: "request_header_fields_too_large", 500: "internal_error", 501: "not_implemented"}


def write_json_error(sock, status_int, reason, mesg):
    """Answer a request gunicorn refused itself in ``{"error": {...}}``, as the app would."""
    message = {414: "The request line is too long: at most 8190 bytes.",
               431: "Too many or too large header fields: at most 50, of 8190 bytes each."}.get(
        status_int, f"{reason}.")
    body = json.dumps({"error": {"status": status_int,
                                 "code": CODES.get(status_int, "bad_request"),
                                 "message": message}}).encode()
    head = (f"HTTP/1.1 {status_int} {reason}\r\nConnection: close\r\n"
            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n\r\n")
    util.write_nonblock(sock, head.encode("latin-1") + body)


util.write_error = write_json_error   # every worker forks from this process
