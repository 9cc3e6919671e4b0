"""Import SAMHSA's National Directories of treatment facilities, 2022 (public domain).

One row is one facility: a clinic placed at its ZIP code's centre. Its service codes
become finder modalities (``KIT``), the telehealth flag (``TELE``), payment facts (the
``PAY`` and ``PYAS`` codes in ``payment.SAMHSA_CODES``), languages (``LANGUAGE_CODES``,
ISO 639) and searchable service tags (every code but ``KIT`` and ``TELE``, labelled
from the directory's code file; payment and language codes stay tags too, so a
``service=md`` search keeps working). Rows pass through the
generic import's field rules and upsert, so importing a file again updates it in place.
"""
import csv
import hashlib
import logging
import re
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.geo.normalise import name_key
from finder.providers.importing import ImportReport
from finder.providers.importing import RowValidator
from finder.providers.importing import import_records
from finder.providers.payment import SAMHSA_CODES as PAYMENT_CODES

log = logging.getLogger(__name__)

SOURCE = "samhsa-2022"
COLUMNS = ["name1", "name2", "street1", "street2", "city", "state", "zip", "phone",
           "intake1", "intake2", "intake1a", "intake2a", "service_code_info"]
REQUIRED_COLUMNS = ["name1", "street1", "city", "state", "zip", "service_code_info"]
CODE_COLUMNS = ["category_name", "service_code", "service_name"]
# Directory kind (as the file names say it: "-mh-", "-sa-") -> its service code file.
CODE_FILES = {"mh": "service-codes-mh-2022.csv", "sa": "service-codes-sa-2022.csv"}
MODALITY_CODES = {"KIT": "ketamine-infusion"}
TELEHEALTH_CODE = "TELE"
# Freely associated states use U.S. ZIP codes, but GeoNames (and the world) count them as
# countries of their own, unlike the territories that PostcodeIndex finds under US.
FREELY_ASSOCIATED = ("FM", "MH", "PW")
# Language services (``SL``) and other languages (``OL``) with an ISO 639 equivalent:
# ISO 639-1 where there is one, else ISO 639-2. ``AH`` (sign language services for the
# deaf and hard of hearing) names no one sign language: ``sgn``, the collective code.
# Not mapped, because no one code says what they say: ``NX`` (American Indian or Alaska
# Native languages), ``FX`` (other languages) and ``F19`` ("Creole", which creole unsaid).
LANGUAGE_CODES = {
    "SP": "es", "AH": "sgn", "F4": "ar", "F17": "zh", "F25": "fa", "F28": "fr", "F30": "de",
    "F31": "el", "F35": "he", "F36": "hi", "F37": "hmn", "F42": "it", "F43": "ja",
    "F47": "ko", "F66": "pl", "F67": "pt", "F70": "ru", "F81": "tl", "F92": "vi",
    "N24": "oj", "N40": "ypk",
}


def directory_kind(path) -> str | None:
    """Return ``mh`` or ``sa`` when the file name says which directory it is."""
    name = Path(path).name.lower()
    return next((kind for kind in CODE_FILES if f"-{kind}-" in name), None)


def default_codes_path(path) -> Path | None:
    """Return the service code file expected beside a directory file, if its name tells."""
    kind = directory_kind(path)
    return Path(path).with_name(CODE_FILES[kind]) if kind else None


def id_prefix(path, codes_path) -> str:
    """Return the external id prefix: the directory kind, so MH and SA rows never collide."""
    return directory_kind(path) or directory_kind(codes_path) or "samhsa"


def missing_columns(header) -> list[str]:
    """Return the required directory columns absent from ``header``."""
    return [c for c in REQUIRED_COLUMNS if c not in (header or [])]


def read_service_codes(path) -> dict[str, tuple[str, str]]:
    """Read a service code file into {code: (label, category)}.

    Raises:
        ValueError: the file lacks the code file's columns.
    """
    with open(path, newline="", encoding="utf-8-sig") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in CODE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path} lacks service code columns: {', '.join(missing)}")
        return {row["service_code"].strip().upper():
                ((row["service_name"] or "").strip(), (row["category_name"] or "").strip())
                for row in reader if (row["service_code"] or "").strip()}


def is_tag(code: str) -> bool:
    """Tell whether a service code becomes a service tag (not a modality or telehealth)."""
    return code not in MODALITY_CODES and code != TELEHEALTH_CODE


def upsert_service_tags(session: Session, codes: dict[str, tuple[str, str]]) -> None:
    """Store each tag code's label and category in ``service_tags``, keyed by its slug."""
    rows = [{"slug": code.lower(), "label": label, "category": category}
            for code, (label, category) in codes.items() if is_tag(code)]
    if not rows:
        return
    session.execute(text(
        "INSERT INTO service_tags (slug, label, category) VALUES (:slug, :label, :category) "
        "ON CONFLICT (slug) DO UPDATE SET label = EXCLUDED.label, category = EXCLUDED.category "
        "WHERE (service_tags.label, service_tags.category) "
        "IS DISTINCT FROM (EXCLUDED.label, EXCLUDED.category)"), rows)


def split_codes(value) -> list[str]:
    """Split ``service_code_info`` ("SA MH * OP * ...") into codes, in order, once each."""
    return list(dict.fromkeys(c.upper() for c in (value or "").split() if c != "*"))


def clean_zip(value) -> str:
    """Restore the leading zeros a spreadsheet dropped (602 -> 00602); keep ZIP+4 as given."""
    value = (value or "").strip()
    return value.zfill(5) if re.fullmatch(r"\d{3,4}", value) else value


class FacilityIds:
    """Give each facility a stable external id, the same in every import of the directory."""

    def __init__(self, prefix: str):
        self.prefix = prefix
        self.variants: dict[str, list[tuple]] = {}

    def __call__(self, row: dict) -> str:
        """Return the external id of one directory row; call in file order."""
        # A facility is its names and street address, which outlive a new edition of the
        # directory; phones, suites (street2) and services change and must update the
        # row rather than mint a new one. Folding case and punctuation keeps "Ave." and
        # "Ave" one facility; the hash keeps ids short and of one shape.
        key = "\x1f".join([*(name_key(row.get(c) or "") for c in ("name1", "name2", "street1")),
                           clean_zip(row.get("zip"))[:5]])
        base = f"{self.prefix}-{hashlib.sha256(key.encode()).hexdigest()[:16]}"
        # SAMHSA lists a few programmes twice under one name and address, with their own
        # phones and services: number them in file order so each loads. A row repeated
        # word for word gets the first one's id, and the import reports it as a repeat.
        content = tuple((row.get(c) or "").strip() for c in COLUMNS)
        variants = self.variants.setdefault(base, [])
        if content not in variants:
            variants.append(content)
        n = variants.index(content)
        return base if n == 0 else f"{base}-{n + 1}"


def provider_row(facility: dict, external_id: str) -> tuple[dict, list[str]]:
    """Map a directory row to a row of finder's import format, and its service tags."""
    codes = split_codes(facility.get("service_code_info"))
    state = (facility.get("state") or "").strip().upper()
    streets = (facility.get("street1"), facility.get("street2"))
    row = {
        "external_id": external_id,
        "name": facility.get("name1"),
        "practice_name": facility.get("name2"),
        "provider_type": "clinic",
        "modalities": ";".join(MODALITY_CODES[c] for c in codes if c in MODALITY_CODES),
        "telehealth": str(TELEHEALTH_CODE in codes),
        # English is not a code: the directory lists only the services beyond it.
        "languages": ";".join(dict.fromkeys(LANGUAGE_CODES[c] for c in codes
                                            if c in LANGUAGE_CODES)),
        "payment": ";".join(PAYMENT_CODES[c] for c in codes if c in PAYMENT_CODES),
        # The main line first; a facility without one is reached through intake.
        "phone": (facility.get("phone") or "").strip() or facility.get("intake1"),
        "street": ", ".join(s.strip() for s in streets if s and s.strip()),
        "city": facility.get("city"),
        "region": state,
        "postcode": clean_zip(facility.get("zip")),
        "country": state if state in FREELY_ASSOCIATED else "US",
    }
    return row, [c.lower() for c in codes if is_tag(c)]


class FacilityValidator:
    """Turn one directory row into a provider record, or raise ``FieldError`` saying why."""

    def __init__(self, session: Session, prefix: str, codes: dict[str, tuple[str, str]]):
        self.rows = RowValidator(session, require_modalities=False)
        self.ids = FacilityIds(prefix)
        self.codes = codes
        self.unknown: set[str] = set()

    def __call__(self, facility: dict) -> dict:
        """Return the provider record of one directory row."""
        row, tags = provider_row(facility, self.ids(facility))
        record = self.rows(row)
        record["service_tags"] = tags
        self.unknown.update(t for t in tags if t.upper() not in self.codes)
        return record


def import_directory(session: Session, rows, codes: dict[str, tuple[str, str]],
                     prefix: str, progress=None) -> ImportReport:
    """Upsert the service tags in ``codes``, then the facilities in ``rows`` (line, row)."""
    upsert_service_tags(session, codes)
    validate = FacilityValidator(session, prefix, codes)
    report = import_records(session, rows, validate, SOURCE, progress=progress)
    if validate.unknown:
        # Still kept as tags (searchable), but shown without a label.
        log.warning("service codes missing from the code file: %s",
                    ", ".join(sorted(validate.unknown)))
    return report
