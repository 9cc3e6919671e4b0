"""The modality and provider-type vocabularies, as stored by the migrations."""
from sqlalchemy import text
from sqlalchemy.orm import Session


def modality_slugs(session: Session) -> set[str]:
    """Return every known modality slug."""
    return set(session.scalars(text("SELECT slug FROM modalities")))


def provider_type_slugs(session: Session) -> set[str]:
    """Return every known provider-type slug."""
    return set(session.scalars(text("SELECT slug FROM provider_types")))


def modality_choices(session: Session) -> list[tuple[str, str]]:
    """Return (slug, label) of every modality, in display order."""
    return [tuple(r) for r in session.execute(text(
        "SELECT slug, label FROM modalities ORDER BY position, slug"))]


def provider_type_choices(session: Session) -> list[tuple[str, str]]:
    """Return (slug, label) of every provider type, in display order."""
    return [tuple(r) for r in session.execute(text(
        "SELECT slug, label FROM provider_types ORDER BY position, slug"))]
