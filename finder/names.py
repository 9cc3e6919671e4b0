"""English names for the country and language codes people see (pages, API answers, notices)."""

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

def country_name(code: str) -> str:
    """Return the English name of a country code, or the code itself."""
    return COUNTRIES.get((code or "").upper(), code or "")


def language_name(code: str) -> str:
    """Return the English name of an ISO 639-1 code, or the code in capitals."""
    return LANGUAGES.get((code or "").lower(), (code or "").upper())

