"""The get-listed form as a page: its lists in the visitor's language, its errors.

The lists are read from the database; the last ones read are kept so that the form can
still come back, as typed, while the database is down.
"""
from flask import current_app
from flask import render_template
from flask_babel import lazy_gettext as _l

from finder import i18n
from finder.database import get_session
from finder.i18n import ngettext
from finder.listings import choices
from finder.listings import validate
from finder.names import language_choices
from finder.providers.fields import LANGUAGE_CODES
from finder.providers.payment import CURRENCIES
from finder.providers.payment import PAYMENT
from finder.providers.payment import payment_label
from finder.providers.vocabulary import modality_choices
from finder.providers.vocabulary import provider_type_choices
from finder.schemas.listing import form_limits

NOT_SAVED_TITLE = _l("Your listing was not saved yet")
# The form's choices as last read, to show the form again while the database is down.
_last_choices: dict[tuple[str, str], list] = {}   # by (what, language): words in each


def render_form(values: dict, errors=None, provider=None, revision_id=None, problem=None,
                offline=False):
    """Render the listing form with ``values`` and each field's error next to it."""
    modalities, types = form_choices(values, offline)
    countries, regions, centres = place_choices(offline)
    values = dict(values)
    if not values.get("address.country"):
        values["address.country"] = choices.default_country({c for c, _ in countries})
    values["address.region"] = choices.region_value(
        regions.get(values["address.country"]) or [], values.get("address.region"))
    errors = errors or {}
    chosen_languages = set(chosen_codes(values.get("languages")))
    return render_template(
        "listings/form.html", values=values, errors=errors, problem=problem,
        failed=failed_title(errors, problem), provider=provider,
        revision_id=revision_id, modalities=modalities, provider_types=types,
        honeypot=validate.HONEYPOT, chosen=set(values.get("modalities") or []),
        languages=named_languages(chosen_languages), chosen_languages=chosen_languages,
        payment=[(slug, payment_label(slug)) for slug in PAYMENT], chosen_payment=set(values.get("payment") or []),
        currencies=CURRENCIES, limits=form_limits(), countries=countries, regions=regions,
        centres=centres, tiles={"url": current_app.config["MAP_TILE_URL"],
                                "attribution": current_app.config["MAP_TILE_ATTRIBUTION"]})


def named_languages(chosen: set[str]) -> list[tuple[str, str]]:
    """Return the languages to tick, by name in the visitor's language; a code no locale
    names (CLDR has none for a few, such as "bh") is left out unless it was chosen."""
    return [(code, name) for code, name in language_choices(LANGUAGE_CODES, i18n.names_locale())
            if name != code.upper() or code in chosen]


def failed_title(errors: dict, problem: str | None) -> str | None:
    """Say what happened, as the error summary's title: "2 fields need attention"."""
    if errors:
        return ngettext("%(num)d field needs attention", "%(num)d fields need attention",
                        len(errors))
    return str(NOT_SAVED_TITLE) if problem else None


def place_choices(offline: bool = False) -> tuple[list, dict, dict]:
    """Return the countries, each country's regions and centres, as last read when the
    database is down."""
    if not offline:
        session = get_session()
        _last_choices[("countries", i18n.current())] = choices.country_choices(session)
        _last_choices[("regions", i18n.current())] = choices.region_choices(session)
        _last_choices[("centres", i18n.current())] = choices.country_centres(session)
    countries = _last_choices.get(("countries", i18n.current())) or [
        (c, choices.country_label(c)) for c in [current_app.config["DEFAULT_COUNTRY"]]]
    lang = i18n.current()
    return countries, _last_choices.get(("regions", lang)) or {}, \
        _last_choices.get(("centres", lang)) or {}


def chosen_codes(value) -> list[str]:
    """Return the language codes a form or stored listing holds (ticked, or typed as codes)."""
    if isinstance(value, str):
        value = [value]
    return [c.strip().lower() for item in value or [] for c in item.replace(";", ",").split(",")
            if c.strip()]


def form_choices(values: dict, offline: bool = False) -> tuple[list, list]:
    """Return the form's modality and provider-type choices as (slug, label) pairs.

    ``offline`` (the database is down): the ones last read, or at least what the provider
    picked, so the form still comes back as it was typed.
    """
    if not offline:
        session = get_session()
        _last_choices[("modalities", i18n.current())] = modality_choices(session)
        _last_choices[("provider_types", i18n.current())] = provider_type_choices(session)
    picked = values.get("provider_type")
    lang = i18n.current()
    return (_last_choices.get(("modalities", lang)) or
            [(m, m) for m in values.get("modalities") or []],
            _last_choices.get(("provider_types", lang)) or ([(picked, picked)] if picked else []))
