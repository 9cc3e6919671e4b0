"""The fixed vocabularies the API's shapes name, each declared once, here.

The code that works with them imports them from here (``finder.providers.payment``,
``finder.access.rules``, the models' check constraints); vocabularies a moderator or a
migration can change (modalities, provider types, countries) live in the database.
"""
from finder.names import N_

# How a provider can be paid, in the order people read it: slug -> label. Slugs are what
# the API, the CSV files and the search filter take; labels what pages show.
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
# ISO 4217 codes a self-pay price may be given in (the currencies of the countries
# finder has postcode data for that people are likely to list in).
CURRENCIES = ("USD", "CAD", "GBP", "EUR", "AUD", "NZD", "CHF", "SEK", "NOK", "DKK",
              "CZK", "PLN", "MXN", "BRL", "JPY", "INR", "ZAR")
PRICE_MAX = 100_000
# How a therapy can legally be had in a place (``finder.access.rules`` says what each means).
ACCESS_STATUSES = ("available", "prescription", "certified-sites", "licensed-centres",
                   "authorised-prescribers", "special-access", "trials-only", "unknown")
# What a public record says was checked about a provider's licence.
VERIFICATION_STATES = ("verified", "expired", "not_in_good_standing", "not_verified",
                       "directory")
# How a search's place was found: an exact postcode or place name, an alternate name (NYC),
# a near spelling, another country's postcode, or coordinates given.
PLACE_MATCHES = ("postcode", "place", "alias", "fuzzy", "other_country", "coordinates")
# Why a provider is in a search answer.
RESULT_MATCHES = ("nearby", "telehealth", "other_care")
