"""Names for the country and language codes people see (pages, API answers, notices).

Countries and languages are named in the visitor's language (``ui_locale``). Languages where
Babel's CLDR data has one (``language_name("es", "fr")`` is "espagnol"), in English
otherwise; ``OTHER_LANGUAGES`` names the ISO 639-2 codes CLDR does not.
"""
import functools
import unicodedata

from babel import Locale
from babel import UnknownLocaleError
from babel.localedata import locale_identifiers

# Every country GeoNames has postal data for; an unknown code is shown as the code.
COUNTRIES = {
    "AD": "Andorra", "AR": "Argentina", "AS": "American Samoa", "AT": "Austria",
    "AU": "Australia", "AX": "Åland Islands", "AZ": "Azerbaijan", "BD": "Bangladesh",
    "BE": "Belgium", "BG": "Bulgaria", "BM": "Bermuda", "BR": "Brazil", "BY": "Belarus",
    "CA": "Canada", "CH": "Switzerland", "CL": "Chile", "CN": "China", "CO": "Colombia",
    "CR": "Costa Rica", "CY": "Cyprus", "CZ": "Czechia", "DE": "Germany", "DK": "Denmark",
    "DO": "Dominican Republic", "DZ": "Algeria", "EC": "Ecuador", "EE": "Estonia",
    "ES": "Spain", "FI": "Finland", "FM": "Micronesia", "FO": "Faroe Islands", "FR": "France",
    "GB": "United Kingdom", "GF": "French Guiana", "GG": "Guernsey", "GL": "Greenland",
    "GP": "Guadeloupe", "GT": "Guatemala", "GU": "Guam", "HR": "Croatia", "HT": "Haiti",
    "HU": "Hungary", "IE": "Ireland", "IM": "Isle of Man", "IN": "India", "IS": "Iceland",
    "IT": "Italy", "JE": "Jersey", "JP": "Japan", "KR": "South Korea", "LI": "Liechtenstein",
    "LK": "Sri Lanka", "LT": "Lithuania", "LU": "Luxembourg", "LV": "Latvia", "MA": "Morocco",
    "MC": "Monaco", "MD": "Moldova", "MH": "Marshall Islands", "MK": "North Macedonia",
    "MP": "Northern Mariana Islands", "MQ": "Martinique", "MT": "Malta", "MW": "Malawi",
    "MX": "Mexico", "MY": "Malaysia", "NC": "New Caledonia", "NL": "Netherlands",
    "NO": "Norway", "NZ": "New Zealand", "PA": "Panama", "PH": "Philippines", "PK": "Pakistan",
    "PL": "Poland", "PM": "Saint Pierre and Miquelon", "PR": "Puerto Rico", "PT": "Portugal",
    "PW": "Palau", "RE": "Réunion", "RO": "Romania", "RS": "Serbia", "RU": "Russia",
    "SE": "Sweden", "SI": "Slovenia", "SJ": "Svalbard and Jan Mayen", "SK": "Slovakia",
    "SM": "San Marino", "TH": "Thailand", "TR": "Türkiye", "UA": "Ukraine",
    "US": "United States", "UY": "Uruguay", "VA": "Vatican City", "VI": "U.S. Virgin Islands",
    "WF": "Wallis and Futuna", "YT": "Mayotte", "ZA": "South Africa",
}

LANGUAGES = {
    "ar": "Arabic", "bn": "Bengali", "cs": "Czech", "da": "Danish", "de": "German",
    "el": "Greek", "en": "English", "es": "Spanish", "fa": "Persian", "fi": "Finnish",
    "fr": "French", "he": "Hebrew", "hi": "Hindi", "hr": "Croatian", "hu": "Hungarian",
    "hy": "Armenian", "id": "Indonesian", "it": "Italian", "ja": "Japanese", "ko": "Korean",
    "nl": "Dutch", "no": "Norwegian", "pl": "Polish", "pt": "Portuguese", "ro": "Romanian",
    "ru": "Russian", "sv": "Swedish", "th": "Thai", "tl": "Tagalog", "tr": "Turkish",
    "uk": "Ukrainian", "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
}

def country_name(code: str, locale: str | None = None) -> str:
    """Return a country code's name in ``locale`` (the visitor's language when not given:
    English names as listed above, others from Babel's CLDR data), or the code itself."""
    code = (code or "").upper()
    locale = locale or ui_locale()
    if locale != DEFAULT_LOCALE:
        name = _locale(locale).territories.get(code)
        if name:
            return name
    return COUNTRIES.get(code, code)


def ui_locale() -> str:
    """Return the language pages and answers speak in this request (``en`` outside one)."""
    from flask.globals import _cv_app
    from flask_babel import get_locale   # names are also used outside Flask (the CSV import)
    context = _cv_app.get(None)
    state = context.g.__dict__.get("_flask_babel") if context is not None else None
    locale = state.__dict__.get("babel_locale") if state is not None else None
    if locale is not None:   # chosen already this request (finder.i18n): no proxies
        return locale.language
    try:
        locale = get_locale()
    except (RuntimeError, KeyError):   # no app, or an app without Flask-Babel
        return DEFAULT_LOCALE
    return locale.language if locale is not None else DEFAULT_LOCALE


# ISO 639-2 collective and other codes without an ISO 639-1 equivalent that listings and
# SAMHSA's directory use; CLDR names some of them (hmn, ase), not all (sgn, ypk).
OTHER_LANGUAGES = {
    "sgn": "Sign language (for deaf and hard of hearing people)",
    "ase": "American Sign Language", "bfi": "British Sign Language",
    "hmn": "Hmong", "ypk": "Yupik",
}
DEFAULT_LOCALE = "en"


def in_sentence(label: str) -> str:
    """Return a label as it reads inside a sentence: its first letter in lower case, unless
    it is an acronym ("Psilocybin" -> "psilocybin", "MDMA" and "Spravato" stay)."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def N_(message: str) -> str:
    """Mark words kept as data (vocabulary labels) for translation; they are translated
    where shown, with ``flask_babel.gettext``."""
    return message


@functools.lru_cache(maxsize=64)
def _locale(tag: str) -> Locale:
    try:
        return Locale.parse(tag.replace("-", "_"))
    except (ValueError, UnknownLocaleError):
        return Locale.parse(DEFAULT_LOCALE)


@functools.lru_cache(maxsize=1)
def locales() -> frozenset[str]:
    """Return the locale identifiers Babel has data for (``en``, ``es_MX``, ...)."""
    return frozenset(locale_identifiers())


def best_locale(accept_languages) -> str:
    """Return the Babel locale a request's ``Accept-Language`` prefers (``en`` when none)."""
    for tag, _quality in accept_languages or ():
        tag = str(tag).replace("-", "_")
        for candidate in (tag, tag.split("_")[0]):
            if candidate in locales():
                return candidate
    return DEFAULT_LOCALE


@functools.lru_cache(maxsize=4096)
def language_name(code: str, locale: str = DEFAULT_LOCALE) -> str:
    """Return the name of a language code in ``locale`` (capitalised as a list item), its
    English name when that locale has none, or the code in capitals when unknown."""
    code = (code or "").lower()
    for tag in (locale, DEFAULT_LOCALE):
        name = _locale(tag).languages.get(code)
        if name:
            return name[:1].upper() + name[1:]
    return OTHER_LANGUAGES.get(code) or LANGUAGES.get(code, code.upper())



def language_choices(codes, locale: str = DEFAULT_LOCALE) -> list[tuple[str, str]]:
    """Return (code, name in ``locale``) for ``codes``, ordered by name as people read them."""
    pairs = [(code, language_name(code, locale)) for code in codes]
    return sorted(pairs, key=lambda pair: (_fold(pair[1]), pair[0]))


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name.casefold()).encode("ascii", "ignore").decode()
