"""How a provider can be paid: the payment vocabulary's labels, groups and SAMHSA codes.

Slugs are what the API, the CSV files and the search filter take; labels what pages
show. The vocabulary, the currencies and the price ceiling are declared with the API's
other fixed vocabularies (``finder.schemas.vocabulary``); ``db/versions/0014`` checks
stored values against the same slugs (a test keeps the two equal). ``SAMHSA_CODES`` maps
SAMHSA's ``PAY`` and ``PYAS`` service codes; its other funding codes (block grants, state
agency funds) stay service tags only.
"""

from finder.i18n import gettext
from finder.schemas.vocabulary import CURRENCIES  # noqa: F401 (declared there, read here)
from finder.schemas.vocabulary import PAYMENT
from finder.schemas.vocabulary import PRICE_MAX  # noqa: F401

# The groups the search page and the profile show them in.
INSURANCE = ("medicaid", "medicare", "private-insurance", "military-insurance",
             "state-insurance", "va")
SAMHSA_CODES = {
    "MD": "medicaid", "MC": "medicare", "PI": "private-insurance",
    "MI": "military-insurance", "SI": "state-insurance", "VAF": "va",
    "SF": "self-pay", "SS": "sliding-fee", "PA": "payment-assistance",
}


def payment_label(slug: str) -> str:
    """Return the words for a payment slug in the visitor's language (the slug itself when
    unknown)."""
    return gettext(PAYMENT[slug]) if slug in PAYMENT else slug


def payment_labels(slugs) -> list[str]:
    """Return the words for each payment slug, in the vocabulary's order."""
    wanted = set(slugs or ())
    return [gettext(label) for slug, label in PAYMENT.items() if slug in wanted]
