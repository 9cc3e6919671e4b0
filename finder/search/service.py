"""Answer a search: check the parameters, run the one statement, shape the answer."""
import logging
from dataclasses import dataclass
from types import SimpleNamespace

from flask import current_app
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder import i18n
from finder import units
from finder.access import crisis as crisis_lines
from finder.access import notices
from finder.access import rules as access_rules
from finder.errors import NotFound
from finder.geo import place_cache
from finder.geo.geocode import OriginQuery
from finder.geo.geocode import origin_for
from finder.i18n import gettext as _
from finder.names import country_name
from finder.names import language_name
from finder.names import ui_locale
from finder.providers.fields import LANGUAGE_CODES
from finder.providers.payment import PAYMENT
from finder.providers.payment import payment_label
from finder.providers.public import PUBLIC_SQL
from finder.providers.public import feature
from finder.providers.public import hidden_sources
from finder.providers.public import public_record
from finder.providers.vocabulary import label
from finder.search import params as search_params
from finder.search import queries
from finder.search import vocabulary
from finder.units import KM_PER_MI
from finder.units import distance_unit

log = logging.getLogger(__name__)
# Languages a search offers as choices, whatever the data: those SAMHSA's directory names
# and the most spoken; languages common among listed providers (the facet statistics)
# join them.
SEARCH_LANGUAGES = ("en", "es", "sgn", "zh", "fr", "vi", "ko", "ar", "ru", "tl", "pt", "de",
                    "it", "pl", "hi", "fa", "he", "el", "ja", "hmn")
ATTRIBUTION = {
    "text": "Postcode data © GeoNames, licensed under CC BY 4.0",
    "url": "https://www.geonames.org/",
    "license": "https://creativecommons.org/licenses/by/4.0/",
}


def distances(metres: float) -> dict:
    """Return a distance in km and miles, to the metre."""
    km = metres / 1000
    return {"distance_km": round(km, 3), "distance_mi": round(km / KM_PER_MI, 3)}


def profile_urls(base: str):
    """Return a function giving a provider slug's public profile address, in the language
    ``?lang=`` chose for this answer (so the widget's and the map's links keep it): the
    language is read once per answer, not once per provider."""
    lang = i18n.lang_in_url()
    prefix, suffix = f"{base.rstrip('/')}/providers/", f"?lang={lang}" if lang else ""
    return lambda record_slug: f"{prefix}{record_slug}{suffix}"


def profile_url(record_slug: str, base: str) -> str:
    """Return the public profile address for a provider slug (``profile_urls``)."""
    return profile_urls(base)(record_slug)


def not_found(origin, country: str, candidates: list[dict]) -> NotFound:
    """Say plainly which postcode or place was not understood, where we looked, and what
    it may have meant (``candidates``: close spellings, or another country's postcode)."""
    what = "postcode" if origin.kind == "postcode" else "place"
    name = country_name(country)
    elsewhere = [c for c in candidates if c["match"] == "other_country"]
    if elsewhere:
        message = _("No postcode %(typed)r was found in %(country)s. It looks like a postcode "
                    "in %(other)s: search there instead?", typed=origin.typed, country=name,
                    other=country_name(elsewhere[0]["country"]))
    elif candidates:
        message = _("We are not sure which place %(typed)r means in %(country)s. Did you mean "
                    "%(candidate)s?", typed=origin.typed, country=name,
                    candidate=candidates[0]["near"])
        what = "place_uncertain" if what == "place" else what
    elif what == "postcode":
        message = _("No postcode %(typed)r was found in %(country)s. Check the spelling, or try "
                    "a nearby town or postcode.", typed=origin.typed, country=name)
    else:
        message = _("No place %(typed)r was found in %(country)s. Check the spelling, or try "
                    "a nearby town or postcode.", typed=origin.typed, country=name)
    code = what if what == "place_uncertain" else f"{what}_not_found"
    return NotFound(message, field="near", code=code, extra={"candidates": candidates})


def local_label(label: str | None, country: str | None) -> str | None:
    """Return a place's label for the visitor: "Boise, Idaho 83702, US" as English
    addresses write it, the country by name in other languages ("…, Estados Unidos")."""
    if label and country and ui_locale() != "en" and label.endswith(", " + country):
        return f"{label[:-len(country)]}{country_name(country)}"
    return label


def origin_record(row) -> dict:
    """Shape the origin: where, what it was understood as, and how sure the match is."""
    country = row.origin_country.strip() if row.origin_country else None
    return {"lat": round(row.origin_lat, 6), "lon": round(row.origin_lon, 6),
            "label": local_label(row.origin_label, country), "source": row.origin_source,
            "match": row.origin_match, "score": row.origin_score,
            "candidates": row.candidates or [],
            "country": country,
            "region": row.origin_region_code, "region_name": row.origin_region_name}


def other_care(rows: list | None, url) -> list[dict]:
    """Shape the facilities offering none of finder's therapies, when any were listed
    (``url``: ``profile_urls``'s function)."""
    out = []
    for item in rows or []:
        record = public_record(SimpleNamespace(**item))
        record["profile_url"] = url(record["slug"])
        record.update(distances(item["distance_m"]), match="other_care")
        out.append(record)
    return out


@dataclass(frozen=True)
class Plan:
    """A checked search and the one statement that answers it."""

    params: search_params.SearchParams
    origin: OriginQuery
    statement: queries.Statement
    therapies: list          # notices.Key per requested therapy
    offered: list            # notices.ElsewherePlan of each that some places do not offer
    elsewhere: list          # those the statement looks elsewhere for, in its order
    book: access_rules.RuleBook
    day: object


def plan(session: Session, args, config) -> Plan:
    """Check ``args`` and build the statement (what the API runs and the bench times)."""
    vocab = vocabulary.get(session)
    params = search_params.parse(args, vocab, config)
    origin = place_cache.recall(origin_for(params.country, params.near, params.lat, params.lon),
                                config)
    book, day = access_rules.get(session), access_rules.today()
    therapies = notices.keys(params.modalities, vocab)
    offered = [p for p in (notices.elsewhere_plan(book, key, day) for key in therapies) if p]
    elsewhere = [p for p in offered
                 if notices.may_look_elsewhere(book, p, day, origin.countries)]
    statement = queries.search_statement(params, origin, elsewhere)
    return Plan(params, origin, statement, therapies, offered, elsewhere, book, day)


def _record(row, url, **extra) -> dict:
    record = public_record(row)
    record["profile_url"] = url(record["slug"])
    record.update(distances(row.distance_m), **extra)
    return record


def search(session: Session, args, base_url: str = "", config=None) -> dict:
    """Run a search from request-style ``args``; return the API answer as a dict."""
    config = config if config is not None else current_app.config
    work = plan(session, args, config)
    params = work.params
    rows = queries.run(session, work.statement)
    first = rows[0]
    if first.origin_lat is None:
        raise not_found(work.origin, params.country, first.candidates or [])
    place_cache.remember(work.origin, first, config)
    url = profile_urls(base_url)
    hits = [r for r in rows if r.id is not None and r.part is None]
    page, more = hits[:params.limit], len(hits) > params.limit
    results = [_record(row, url, match=row.match) for row in page]
    answer = {
        "origin": origin_record(first),
        "query": {"country": params.country, "modalities": list(params.modalities),
                  "radius_km": params.radius_km, "limit": params.limit},
        "results": results,
        "next_cursor": search_params.encode_cursor(page[-1].distance_m, page[-1].id)
        if more else None,
        "nearest": distances(first.nearest_m) if first.nearest_m is not None else None,
        "other_care": other_care(first.other_care, url),
        "attribution": ATTRIBUTION,
    }
    origin_country = answer["origin"]["country"]
    if work.therapies:
        access = notices.access_entries(work.book, work.therapies, origin_country,
                                        first.origin_region_code, first.origin_region_name,
                                        work.day)
        answer["access"] = access
        elsewhere = []
        walked = {plan_n.key.modality: n for n, plan_n in enumerate(work.elsewhere)}
        plans = {plan_n.key.modality: plan_n for plan_n in work.offered}
        for entry in access:
            if not notices.needs_elsewhere(entry):
                continue
            n, plan_n = walked.get(entry["modality"]), plans.get(entry["modality"])
            entry["offered_in"] = notices.offered_in(plan_n)
            entry["elsewhere_reach_km"] = queries.ELSEWHERE_REACH_M // 1000
            elsewhere += [_record(row, url, access=notices.elsewhere_view(plan_n, row.target))
                          for row in rows if n is not None and row.part == n]
        if any(notices.needs_elsewhere(a) for a in access):
            answer["elsewhere"] = elsewhere
    answer["crisis"] = crisis_lines.crisis(origin_country or params.country)
    return answer


def as_geojson(answer: dict) -> dict:
    """Return a search answer as a GeoJSON FeatureCollection (origin etc. kept alongside)."""
    features = []
    for record in answer["results"]:
        item = feature(record)
        item["properties"].update(distance_km=record["distance_km"],
                                  distance_mi=record["distance_mi"], match=record["match"])
        features.append(item)
    extra = {k: v for k, v in answer.items() if k != "results"}
    return {"type": "FeatureCollection", "features": features, **extra}


def get_public_provider(session: Session, provider_id: int, base_url: str = "",
                        config=None) -> dict | None:
    """Return an approved provider's public record, or None."""
    config = config if config is not None else current_app.config
    if not 0 < provider_id < 2**63:
        return None
    row = session.execute(text(
        f"SELECT {PUBLIC_SQL} FROM providers p WHERE p.id = :id AND p.status = 'approved' "
        "AND p.source <> ALL(CAST(:hidden AS text[]))"),
        {"id": provider_id, "hidden": list(hidden_sources(config))}).one_or_none()
    if row is None:
        return None
    record = public_record(row)
    record["profile_url"] = profile_url(record["slug"], base_url)
    return record


def modalities(session: Session) -> dict:
    """Return the modality vocabulary with its families, and the other filters' choices:
    payment (slug and words) and the language codes worth offering (the widget names them
    in the visitor's language)."""
    vocab = vocabulary.get(session)
    common = [f[2:] for f in vocab.stats.common if f.startswith("l:")]
    return {
        "payment": [{"slug": slug, "label": payment_label(slug)} for slug in PAYMENT],
        "languages": [{"code": c, "name": language_name(c, ui_locale())}
                      for c in dict.fromkeys([*SEARCH_LANGUAGES, *common])
                      if c in LANGUAGE_CODES],
        "modalities": [{"slug": m["slug"], "label": label(m["label"]), "family": m["family"],
                        "family_label": label(m["family_label"])}
                       for m in vocab.modalities.values()],
        "families": [{"slug": f, "label": label(vocab.family_labels[f]), "modalities": slugs}
                     for f, slugs in vocab.families.items()],
    }


def countries(session: Session) -> dict:
    """Return the countries a search can look places up in, with the unit people use, and
    each unit's radius choices (what the widget offers)."""
    codes = sorted(vocabulary.get(session).countries)
    return {"countries": [{"code": c, "name": country_name(c), "unit": distance_unit(c)}
                          for c in codes],
            "units": units.choices()}
