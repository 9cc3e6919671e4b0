"""The Content-Security-Policy the public pages are served with."""
from urllib.parse import urlsplit


def tile_source(tile_url: str) -> str:
    """Return the CSP source for a map tile URL template ({s} becomes a wildcard)."""
    parts = urlsplit(tile_url.replace("{s}", "*"))
    if parts.scheme not in ("http", "https") or not parts.netloc:
        return ""
    return f"{parts.scheme}://{parts.netloc}"


def content_security_policy(config) -> str:
    """Return a policy with no inline script: every script is a file from this origin."""
    images = " ".join(filter(None, ["'self'", "data:", tile_source(config["MAP_TILE_URL"])]))
    return "; ".join([
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        f"img-src {images}",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
    ])
