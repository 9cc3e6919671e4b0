"""What a provider's profile page shows beyond the public record: readable labels."""
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.names import language_name
from finder.providers.payment import INSURANCE
from finder.providers.payment import payment_labels
from finder.providers.vocabulary import label
from finder.search import vocabulary
from finder.units import distance_unit


def service_groups(session: Session, slugs: list[str]) -> list[tuple[str, list[str]]]:
    """Return the labels of a provider's other services, grouped by category."""
    if not slugs:
        return []
    rows = session.execute(text(
        "SELECT coalesce(category, 'Other services') AS category, label FROM service_tags "
        "WHERE slug = ANY(CAST(:slugs AS text[])) ORDER BY category, label"),
        {"slugs": list(slugs)})
    groups: dict[str, list[str]] = {}
    for row in rows:
        groups.setdefault(row.category, []).append(row.label)
    return list(groups.items())


def profile_context(session: Session, record: dict, locale: str = "en") -> dict:
    """Return the template context for ``record``'s profile page (languages named in
    ``locale``, the visitor's)."""
    vocab = vocabulary.get(session)
    modalities = [label(vocab.modalities[s]["label"]) if s in vocab.modalities else s
                  for s in record["modalities"]]
    families = [vocab.modalities[s]["family"] for s in record["modalities"]
                if s in vocab.modalities]
    return {
        "p": record,
        "modalities": modalities,
        "family": families[0] if families else "",
        "provider_type": label(vocab.provider_types.get(record["provider_type"],
                                                        record["provider_type"])),
        "languages": [language_name(code, locale) for code in record["languages"]],
        "insurance": payment_labels(s for s in record["payment"] if s in INSURANCE),
        "other_payment": payment_labels(s for s in record["payment"] if s not in INSURANCE),
        "services": service_groups(session, record.get("service_tags") or []),
        "unit": distance_unit(record["address"]["country"]),
    }
