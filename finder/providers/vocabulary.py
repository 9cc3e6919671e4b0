"""The modality and provider-type vocabularies, as stored by the migrations."""
from sqlalchemy import text
from sqlalchemy.orm import Session


def modality_slugs(session: Session) -> set[str]:
    """Return every known modality slug."""
    return set(session.scalars(text("SELECT slug FROM modalities")))


def provider_type_slugs(session: Session) -> set[str]:
    """Return every known provider-type slug."""
    return set(session.scalars(text("SELECT slug FROM provider_types")))
