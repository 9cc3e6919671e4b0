"""How a provider can be paid: the payment vocabulary, in the order people read it.

Slugs are what the API, the CSV files and the search filter take; labels what pages
show. ``db/versions/0014`` checks stored values against the same slugs (a test keeps the
two equal). ``SAMHSA_CODES`` maps SAMHSA's ``PAY`` and ``PYAS`` service codes; its other
funding codes (block grants, state agency funds) stay service tags only.
"""

from finder.i18n import gettext
from finder.names import N_

PAYMENT = {
    "medicaid": N_("Medicaid"),
    "medicare": N_("Medicare"),
    "private-insurance": N_("Private health insurance"),
    "military-insurance": N_("Military insurance (such as TRICARE)"),
    "state-insurance": N_("State-financed health insurance"),
    "va": N_("U.S. Department of Veterans Affairs (VA) funds"),
    "self-pay": N_("Self-pay (cash)"),
    "sliding-fee": N_("Sliding fee scale"),
    "payment-assistance": N_("Payment assistance"),
    "free": N_("Free care"),
}
# The groups the search page and the profile show them in.
INSURANCE = ("medicaid", "medicare", "private-insurance", "military-insurance",
             "state-insurance", "va")
SAMHSA_CODES = {
    "MD": "medicaid", "MC": "medicare", "PI": "private-insurance",
    "MI": "military-insurance", "SI": "state-insurance", "VAF": "va",
    "SF": "self-pay", "SS": "sliding-fee", "PA": "payment-assistance",
}
# ISO 4217 codes a self-pay price may be given in (the currencies of the countries
# finder has postcode data for that people are likely to list in).
CURRENCIES = ("USD", "CAD", "GBP", "EUR", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK",
              "CZK", "PLN", "MXN", "BRL", "JPY", "INR", "ZAR")
PRICE_MAX = 100_000


def payment_label(slug: str) -> str:
    """Return the words for a payment slug in the visitor's language (the slug itself when
    unknown)."""
    return gettext(PAYMENT[slug]) if slug in PAYMENT else slug


def payment_labels(slugs) -> list[str]:
    """Return the words for each payment slug, in the vocabulary's order."""
    wanted = set(slugs or ())
    return [gettext(label) for slug, label in PAYMENT.items() if slug in wanted]
