"""Contact details reserved for fiction: demo listings use them, real listings must not.

Phone numbers 555-0100 to 555-0199 are reserved in North America for films and
examples (as are the ranges below elsewhere), and example.com, .org and .net (RFC 2606)
for documentation; a submitted listing that uses one is a test or a copy of a demo.
"""
import re
from urllib.parse import urlsplit

from finder.i18n import gettext as _


# Per country, a reserved range written as a demo phone with "{n}" (0-99) filled in.
DEMO_PHONES = {
    "US": "+1 202-555-01{n:02d}", "CA": "+1 613-555-01{n:02d}", "PR": "+1 787-555-01{n:02d}",
    "GU": "+1 671-555-01{n:02d}", "VI": "+1 340-555-01{n:02d}", "AS": "+1 684-555-01{n:02d}",
    "MP": "+1 670-555-01{n:02d}",
    "GB": "+44 20 7946 00{n:02d}",   # Ofcom's drama range
    "AU": "+61 2 5550 01{n:02d}",    # ACMA's fictional range
}
_RESERVED_PHONE = re.compile(r"555[\s.-]?01\d\d\b|7946[\s.-]?0\d{3}\b|5550[\s.-]?\d{4}\b")
_EXAMPLE_DOMAINS = re.compile(r"(^|\.)example\.(com|org|net)$|\.(example|test|invalid)$")


def demo_phone(country: str, n: int) -> str | None:
    """Return a plainly fictional phone number for ``country``, or None where none is reserved."""
    shape = DEMO_PHONES.get(country)
    return shape.format(n=n % 100) if shape else None


def fictional_contact(record: dict | None) -> list[str]:
    """Return warnings for a listing whose phone or website is reserved for fiction."""
    record = record or {}
    warnings = []
    phone = str(record.get("phone") or "")
    if _RESERVED_PHONE.search(phone):
        warnings.append(_("The phone number %(phone)s is in a range reserved for fiction "
                          "(such as 555-01xx): no real provider answers it.", phone=phone))
    host = (urlsplit(str(record.get("website") or "").strip()).hostname or "").lower()
    if host and _EXAMPLE_DOMAINS.search(host):
        warnings.append(_("The website %(host)s is an example domain reserved for "
                          "documentation: it is not the provider's site.", host=host))
    return warnings
