"""One approved provider as HSDS 3.0 records (Open Referral, CC BY-SA 4.0).

A provider's practice or clinic is an ``organization``; what it offers, a ``service``
whose finder modalities, payment values and SAMHSA service codes are ``attributes``
linking ``taxonomy_terms`` of three taxonomies; its address a ``location`` with an
``address``; the two joined by a ``service_at_location``. Only public fields are read
(``finder.providers.public``). Identifiers are UUID-shaped and carry the provider's id, so
every record keeps its id across exports and the API can find it again.
"""
import re
import uuid

from finder.names import language_name
from finder.providers.payment import PAYMENT
from finder.providers.public import SOURCE_CREDITS

KINDS = {"service": 1, "organization": 2, "location": 3, "service_at_location": 4,
         "phone": 5, "language": 6, "cost_option": 7, "attribute": 8, "address": 9,
         "taxonomy": 10, "taxonomy_term": 11}
EXTENSION_RE = re.compile(r"\s*(?:x|ext\.?|extension)\s*(\d+)\s*$", re.I)
UUID_RE = re.compile(r"^f1de([0-9a-f]{4})-([0-9a-f]{4})-4000-8000-([0-9a-f]{12})$")
TAXONOMIES = {
    "finder-modalities": ("finder treatments", "The psychedelic-assisted therapies finder "
                          "lists (ketamine, esketamine, psilocybin, MDMA, integration)."),
    "finder-payment": ("finder payment", "How a provider can be paid: insurance accepted, "
                       "self-pay, sliding fee scale, payment assistance, free care."),
    "samhsa-service-codes": ("SAMHSA service codes", "Service codes of SAMHSA's National "
                             "Directories of treatment facilities, 2022."),
}


def ident(kind: str, provider_id: int, n: int = 0) -> str:
    """Return the UUID-shaped identifier of a record made from provider ``provider_id``."""
    return f"f1de{KINDS[kind]:04x}-{n:04x}-4000-8000-{provider_id:012x}"


def provider_of(kind: str, value: str) -> int | None:
    """Return the provider id a ``kind`` identifier was made from, or None."""
    match = UUID_RE.match(value or "")
    if not match or int(match.group(1), 16) != KINDS[kind]:
        return None
    return int(match.group(3), 16)


def term_id(taxonomy: str, code: str) -> str:
    """Return a taxonomy term's identifier, stable for its (taxonomy, code)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"finder:{taxonomy}:{code}"))


def taxonomy_id(taxonomy: str) -> str:
    """Return a taxonomy's identifier."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"finder:{taxonomy}"))


def taxonomy(slug: str) -> dict:
    """Return one of finder's taxonomies as HSDS has it."""
    name, description = TAXONOMIES[slug]
    return {"id": taxonomy_id(slug), "name": name, "description": description,
            "uri": None, "version": None, "metadata": []}


def term(slug: str, code: str, name: str) -> dict:
    """Return a taxonomy term of ``slug``."""
    return {"id": term_id(slug, code), "code": code, "name": name, "description": name,
            "parent_id": None, "taxonomy": TAXONOMIES[slug][0], "language": "en",
            "taxonomy_id": taxonomy_id(slug), "term_uri": None, "metadata": []}


def organization(r: dict) -> dict:
    """Return the provider's practice or clinic as an HSDS organization."""
    pid = r["id"]
    return {"id": ident("organization", pid), "name": r["practice_name"] or r["name"],
            "alternate_name": None,
            "description": r["bio"] or f"{r['name']}, listed in finder.",
            "email": None, "website": r["website"], "tax_status": None, "tax_id": None,
            "year_incorporated": None, "legal_status": None, "logo": None, "uri": None,
            "parent_organization_id": None, "funding": [], "contacts": [],
            "phones": phones(r, "organization_id", ident("organization", pid)),
            "locations": [], "programs": [], "organization_identifiers": [],
            "attributes": [], "metadata": []}


def phones(r: dict, link: str, link_id: str) -> list[dict]:
    """Return the provider's phone as HSDS phones linked by ``link``."""
    if not r["phone"]:
        return []
    ext = EXTENSION_RE.search(r["phone"])
    number = r["phone"][:ext.start()] if ext else r["phone"]
    return [{"id": ident("phone", r["id"], 1 if link != "service_id" else 0), link: link_id,
             "number": number.strip(), "extension": int(ext.group(1)) if ext else None,
             "type": "voice", "description": None, "languages": [], "attributes": [],
             "metadata": []}]


def languages(r: dict) -> list[dict]:
    """Return the provider's languages (ISO 639 codes, English names)."""
    return [{"id": ident("language", r["id"], n), "service_id": ident("service", r["id"]),
             "location_id": None, "phone_id": None, "name": language_name(code),
             "code": code, "note": None, "attributes": [], "metadata": []}
            for n, code in enumerate(r["languages"])]


def cost_options(r: dict) -> list[dict]:
    """Return a self-pay price range per session, where the provider gives one."""
    price = r.get("price")
    if not price:
        return []
    low, high, currency = price["min"], price["max"], price["currency"]
    shown = f"{low:g}–{high:g}" if low is not None and high is not None and low != high \
        else f"{(low if low is not None else high):g}"
    return [{"id": ident("cost_option", r["id"]), "service_id": ident("service", r["id"]),
             "valid_from": None, "valid_to": None, "option": "Self-pay, per session",
             "currency": currency, "amount": low if low is not None else high,
             "amount_description": f"{shown} {currency} per session", "attributes": [],
             "metadata": []}]


def attributes(r: dict, labels: dict, tags: dict) -> list[dict]:
    """Return the service's attributes: its modalities, payment and SAMHSA service codes
    as taxonomy terms, and its source's credit."""
    sid = ident("service", r["id"])
    terms = [("finder-modalities", m, labels.get(m, m)) for m in r["modalities"]]
    terms += [("finder-payment", p, PAYMENT.get(p, p)) for p in r["payment"]]
    terms += [("samhsa-service-codes", t.upper(), tags.get(t, t.upper()))
              for t in r["service_tags"]]
    out = [{"id": ident("attribute", r["id"], n), "link_id": sid,
            "taxonomy_term_id": term_id(slug, code), "link_type": "taxonomy_term",
            "link_entity": "service", "value": None, "taxonomy_term": term(slug, code, name),
            "metadata": []} for n, (slug, code, name) in enumerate(terms)]
    credit = SOURCE_CREDITS.get(r["source"])
    if credit:
        out.append({"id": ident("attribute", r["id"], len(out)), "link_id": sid,
                    "taxonomy_term_id": None, "link_type": "source_credit",
                    "link_entity": "service", "value": credit,
                    "taxonomy_term": None, "metadata": []})
    return out


def location(r: dict) -> dict:
    """Return where the provider is, with its address when a street is given."""
    pid, a = r["id"], r["address"]
    addresses = []
    if a["street"] and a["city"] and a["postcode"]:
        addresses.append({"id": ident("address", pid), "location_id": ident("location", pid),
                          "attention": None, "address_1": a["street"], "address_2": None,
                          "city": a["city"], "region": None,
                          "state_province": a["region"] or a["city"],
                          "postal_code": a["postcode"], "country": a["country"],
                          "address_type": "physical", "attributes": [], "metadata": []})
    precise = r["location"]["precision"] == "exact"
    return {"id": ident("location", pid), "location_type": "physical", "url": None,
            "organization_id": ident("organization", pid), "name": r["practice_name"] or r["name"],
            "alternate_name": None,
            "description": None if precise else
            f"Placed at the centre of postcode {a['postcode']}: approximate.",
            "transportation": None, "latitude": r["location"]["lat"],
            "longitude": r["location"]["lon"], "external_identifier": None,
            "external_identifier_type": None, "languages": [], "addresses": addresses,
            "contacts": [], "accessibility": [], "phones": [], "schedules": [],
            "attributes": [], "metadata": []}


def service(r: dict, labels: dict, tags: dict, modified) -> dict:
    """Return what the provider offers as an HSDS service, its organization inside."""
    pid = r["id"]
    words = [PAYMENT[p] for p in PAYMENT if p in r["payment"]]
    return {"id": ident("service", pid), "organization_id": ident("organization", pid),
            "program_id": None, "name": r["name"], "alternate_name": r["practice_name"],
            "description": r["bio"] or ", ".join(labels.get(m, m) for m in r["modalities"])
            or "Mental health care", "url": r["website"], "email": None, "status": "active",
            "interpretation_services": None, "application_process": None,
            "fees_description": ("Accepts: " + "; ".join(words)) if words else None,
            "wait_time": None, "fees": None, "accreditations": None,
            "eligibility_description": None, "minimum_age": None, "maximum_age": None,
            # When a listing was last confirmed (by its moderator or provider), else when
            # the record last changed (an import).
            "assured_date": r.get("last_confirmed")
            or (modified.date().isoformat() if modified else None),
            "assurer_email": None, "licenses": None, "alert": None,
            "last_modified": modified.isoformat() if modified else None,
            "phones": phones(r, "service_id", ident("service", pid)), "schedules": [],
            "service_areas": [], "service_at_locations": [], "languages": languages(r),
            "organization": organization(r), "funding": [], "cost_options": cost_options(r),
            "program": None, "required_documents": [], "contacts": [],
            "attributes": attributes(r, labels, tags), "metadata": []}


def service_at_location(r: dict, labels: dict, tags: dict, modified) -> dict:
    """Return the provider's service at its location, both inside."""
    pid = r["id"]
    return {"id": ident("service_at_location", pid), "service_id": ident("service", pid),
            "location_id": ident("location", pid), "description": None, "contacts": [],
            "phones": [], "schedules": [], "location": location(r), "attributes": [],
            "metadata": [], "service": service(r, labels, tags, modified)}


def compact(value):
    """Leave out what is not known: HSDS fields are absent rather than null."""
    if isinstance(value, dict):
        return {k: compact(v) for k, v in value.items() if v is not None}
    if isinstance(value, list):
        return [compact(v) for v in value]
    return value
