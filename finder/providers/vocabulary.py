"""The modality and provider-type vocabularies, as stored by the migrations."""
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.i18n import gettext
from finder.names import N_


# The vocabularies' words as the migrations store them, marked for translation (shown
# with ``label``); a test checks that every stored label is here.
LABELS = (
    N_("Ketamine-assisted psychotherapy"), N_("Ketamine infusion therapy"),
    N_("Esketamine (Spravato)"), N_("Psilocybin therapy"), N_("MDMA-assisted therapy"),
    N_("Psychedelic integration"),
    N_("Ketamine"), N_("Psilocybin"), N_("MDMA"), N_("Integration"),
    N_("Psychiatrist"), N_("Physician"), N_("Nurse practitioner"), N_("Psychologist"),
    N_("Therapist"), N_("Clinic"), N_("Facilitator"),
)


def label(words: str) -> str:
    """Return a vocabulary label in the visitor's language."""
    return gettext(words)


def modality_slugs(session: Session) -> set[str]:
    """Return every known modality slug."""
    return set(session.scalars(text("SELECT slug FROM modalities")))


def provider_type_slugs(session: Session) -> set[str]:
    """Return every known provider-type slug."""
    return set(session.scalars(text("SELECT slug FROM provider_types")))


def modality_choices(session: Session) -> list[tuple[str, str]]:
    """Return (slug, label) of every modality, in display order."""
    return [(slug, label(words)) for slug, words in session.execute(text(
        "SELECT slug, label FROM modalities ORDER BY position, slug"))]


def provider_type_choices(session: Session) -> list[tuple[str, str]]:
    """Return (slug, label) of every provider type, in display order."""
    return [(slug, label(words)) for slug, words in session.execute(text(
        "SELECT slug, label FROM provider_types ORDER BY position, slug"))]
