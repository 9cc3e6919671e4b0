"""The search page's state: what was asked, the answer, and what to offer when nothing is near.

The page asks ``finder.search.service`` exactly what the JSON API would, so a search URL
(``/?near=90210&modality=ketamine``) can be bookmarked, shared and read without JavaScript.
"""
import unicodedata
from dataclasses import dataclass
from dataclasses import field
from urllib.parse import urlencode as _urlencode

from flask_babel import format_decimal
from sqlalchemy.orm import Session

from finder import i18n
from finder.access import crisis as crisis_lines
from finder.errors import FinderError
from finder.i18n import gettext as _
from finder.names import country_name
from finder.names import in_sentence
from finder.names import language_choices
from finder.providers.fields import LANGUAGE_CODES
from finder.providers.payment import PAYMENT
from finder.providers.payment import payment_label
from finder.providers.public import DEMO_SOURCE
from finder.providers.public import hidden_sources
from finder.providers.vocabulary import label
from finder.search import service
from finder.search import vocabulary
from finder.units import DEFAULT_RADIUS
from finder.units import RADII
from finder.units import distance_unit
from finder.units import from_km
from finder.units import to_km

FIELDS = ("near", "country", "modality", "radius_km", "telehealth", "accepting_new_clients",
          "lat", "lon")
# The list filters: each a set of checkboxes, any ticked value matches.
LISTS = ("payment", "language")
TELEHEALTH_SHOWN = 3


def urlencode(query: dict) -> str:
    """Encode a search's arguments, a list filter's values as repeated arguments."""
    return _urlencode(query, doseq=True)


@dataclass
class SearchPage:
    """Everything the search template shows."""

    form: dict
    unit: str
    radii: list
    modalities: list
    countries: list
    labels: dict
    languages: list = field(default_factory=list)
    payment: list = field(default_factory=list)
    locale: str = "en"
    answer: dict | None = None
    error: FinderError | None = None
    telehealth: list = field(default_factory=list)
    wider: dict | None = None
    more_url: str | None = None
    status: int = 200
    candidates: list = field(default_factory=list)
    elsewhere: dict | None = None
    show_demo: bool = True

    @property
    def crisis(self) -> dict:
        """Return the crisis line for where the visitor searched (or the chosen country)."""
        if self.answer:
            return self.answer["crisis"]
        return crisis_lines.crisis(self.form["country"])

    @property
    def radius_label(self) -> str:
        """Return the searched radius in the page's unit, e.g. "25 mi"."""
        return f"{number(from_km(float(self.form['radius_km']), self.unit))} {self.unit}"

    @property
    def modality_label(self) -> str:
        """Return the name of the treatment searched for, or "" for all."""
        for group in self.modalities:
            for value, label in group["options"]:
                if value and value == self.form["modality"]:
                    return group["label"] if value == group.get("family") else label
        return ""


def number(value: float) -> str:
    """Format a distance for the visitor's locale: one decimal below 10, whole numbers
    above ("2.9", "1,240"; "2,9", "1240" in Spanish)."""
    return format_decimal(value, "0.0" if value < 10 else "#,##0")


def within(radius: float, unit: str) -> str:
    """Return a distance choice's label, e.g. "Within 25 mi"."""
    return _("Within %(distance)s", distance=f"{number(radius)} {unit}")


def read_form(args, default_country: str) -> dict:
    """Return the search fields from request arguments, blanks dropped to ""."""
    form = {name: (args.get(name) or "").strip() for name in FIELDS}
    for name in LISTS:
        values = args.getlist(name) if hasattr(args, "getlist") else [args.get(name) or ""]
        form[name] = list(dict.fromkeys(v.strip() for value in values
                                        for v in value.split(",") if v.strip()))
    form["country"] = (form["country"] or default_country).upper()
    if form["near"]:   # typed over a located search: what was typed is what is meant
        form["lat"] = form["lon"] = ""
    unit = distance_unit(form["country"])
    if not form["radius_km"]:
        form["radius_km"] = f"{to_km(DEFAULT_RADIUS[unit], unit):g}"
    form["radius_km"] = snap_radius(form["radius_km"], unit)
    return form


def radius_choices(radius_km: str, unit: str) -> list[tuple[str, str]]:
    """Return (km value, label) pairs for the distance select, the current one included."""
    choices = [(f"{to_km(r, unit):g}", within(r, unit)) for r in RADII[unit]]
    if radius_km not in [value for value, _label in choices]:
        try:
            label = within(from_km(float(radius_km), unit), unit)
        except ValueError:
            return choices
        choices.append((radius_km, label))
    return choices


def modality_labels(session: Session) -> dict[str, str]:
    """Return each modality's label by slug."""
    return {m["slug"]: label(m["label"]) for m in service.modalities(session)["modalities"]}


def modality_choices(session: Session) -> list[dict]:
    """Return option groups for the treatment select: all, then each family."""
    vocab = service.modalities(session)
    labels = {m["slug"]: label(m["label"]) for m in vocab["modalities"]}
    groups = [{"label": None, "options": [("", _("All treatments"))]}]
    for family in vocab["families"]:
        slugs = family["modalities"]
        if len(slugs) == 1:
            groups[0]["options"].append((family["slug"], labels[slugs[0]]))
            continue
        family_label = label(family["label"])
        options = [(family["slug"], _("Any %(family)s treatment", family=in_sentence(family_label)))]
        options += [(slug, labels[slug]) for slug in slugs]
        groups.append({"label": family_label, "family": family["slug"], "options": options})
    return groups


def country_choices(session: Session) -> list[tuple[str, str]]:
    """Return (code, name) for every country with postcode data, by name."""
    codes = vocabulary.get(session).countries
    names = ((c, country_name(c)) for c in codes)
    return sorted(names, key=lambda pair: unicodedata.normalize("NFKD", pair[1]))


def wider_radius(page: SearchPage) -> dict | None:
    """Offer the smallest larger radius that reaches the nearest match, if there is one."""
    current = from_km(float(page.form["radius_km"]), page.unit)
    nearest = page.answer.get("nearest")
    needed = nearest[f"distance_{page.unit}"] if nearest else 0
    for radius in RADII[page.unit]:
        if radius > current + 0.05 and radius >= needed:
            query = {**filled(page.form), "radius_km": f"{to_km(radius, page.unit):g}"}
            return {"url": "?" + urlencode(query), "label": f"{number(radius)} {page.unit}"}
    return None


def candidate_links(form: dict, candidates: list[dict]) -> tuple[list[dict], dict | None]:
    """Return the places a search may have meant as links, and another country's
    postcode the text has the shape of (``SW1A 1AA`` searched in the US), if any."""
    places, elsewhere = [], None
    base = {k: v for k, v in filled(form).items() if k not in ("near", "lat", "lon", "country")}
    for c in candidates:
        query = {"near": c["near"], "country": c["country"], **base}
        if c["match"] == "other_country":
            if elsewhere is None:
                query.pop("radius_km", None)   # that country's own unit and default
                elsewhere = {"country": c["country"], "name": country_name(c["country"]),
                             "typed": form["near"].upper(), "url": "?" + urlencode(query)}
            continue
        label = c["label"].rsplit(", ", 1)[0] if c["country"] == form["country"] else c["label"]
        places.append({"label": label, "url": "?" + urlencode(query)})
    return places, elsewhere


def snap_radius(radius_km: str, unit: str) -> str:
    """Return ``radius_km`` as the nearest choice in ``unit`` when it is one of the other
    unit's choices (a search moved from the US to Canada keeps no mile radius)."""
    other = "km" if unit == "mi" else "mi"
    choices = [to_km(r, unit) for r in RADII[unit]]
    try:
        km = float(radius_km)
    except ValueError:
        return radius_km
    if km in choices or km not in [to_km(r, other) for r in RADII[other]]:
        return radius_km
    return f"{min(choices, key=lambda c: abs(c - km)):g}"


def filled(form: dict) -> dict:
    """Return the form fields that have a value, and the page's ``?lang=`` (so links
    made from them keep the visitor's language)."""
    values = {k: v for k, v in form.items() if v}
    lang = i18n.lang_in_url()
    return {**values, "lang": lang} if lang else values


def search_languages(session: Session, chosen: list[str], locale: str) -> list[tuple]:
    """Return (code, name in ``locale``) of the languages to offer: the usual ones, those
    common among listed providers, and any already chosen (from a shared URL)."""
    offered = [language["code"] for language in service.modalities(session)["languages"]]
    codes = dict.fromkeys([*offered, *chosen])
    return language_choices([c for c in codes if c in LANGUAGE_CODES], locale)


def build(session: Session, args, base_url: str, config, locale: str = "en") -> SearchPage:
    """Run the search the page's arguments describe; errors become part of the page.

    ``locale``: the visitor's language, which the language choices are named in.
    """
    form = read_form(args, config["DEFAULT_COUNTRY"])
    unit = distance_unit(form["country"])
    page = SearchPage(form=form, unit=unit, radii=radius_choices(form["radius_km"], unit),
                      modalities=modality_choices(session), countries=country_choices(session),
                      labels=modality_labels(session),
                      languages=search_languages(session, form["language"], locale),
                      payment=[(s, payment_label(s)) for s in PAYMENT], locale=locale,
                      show_demo=DEMO_SOURCE not in hidden_sources(config))
    offered = [value for group in page.modalities for value, _ in group["options"]]
    if form["modality"] and form["modality"] not in offered:   # e.g. a slug from a shared URL
        label = page.labels.get(form["modality"], form["modality"])
        page.modalities[0]["options"].append((form["modality"], label))
    if not (form["near"] or form["lat"] or form["lon"]):
        return page
    query = filled(form)
    cursor = (args.get("cursor") or "").strip()
    try:
        page.answer = service.search(session, {**query, "cursor": cursor} if cursor else query,
                                     base_url, config)
    except FinderError as err:
        page.error, page.status = err, err.status
        page.candidates, page.elsewhere = candidate_links(form, err.extra.get("candidates", []))
        return page
    page.candidates, _ = candidate_links(form, page.answer["origin"]["candidates"])
    if page.answer["next_cursor"]:
        page.more_url = "?" + urlencode({**query, "cursor": page.answer["next_cursor"]})
    if not page.answer["results"] and not cursor:
        page.wider = wider_radius(page)
        page.telehealth = telehealth_options(session, query, base_url, config)
    return page


def telehealth_options(session: Session, query: dict, base_url: str, config) -> list[dict]:
    """Return a few providers offering telehealth in the visitor's region, if any."""
    if query.get("telehealth"):
        return []
    try:
        answer = service.search(session, {**query, "telehealth": "true",
                                          "limit": str(TELEHEALTH_SHOWN)}, base_url, config)
    except FinderError:
        return []
    return answer["results"]


def map_data(page: SearchPage) -> dict:
    """Return what the map draws: the origin and each listed provider."""
    answer = page.answer or {}
    people = (answer.get("results") or []) + page.telehealth + (answer.get("other_care") or [])
    return {
        "origin": answer.get("origin"),
        "providers": [{"lat": p["location"]["lat"], "lon": p["location"]["lon"],
                       "name": p["name"], "url": p["profile_url"],
                       "distance": f"{number(p['distance_' + page.unit])} {page.unit}"}
                      for p in people],
    }
