"""What the rules say to visitors and moderators, in words, for a place and a therapy.

- ``keys``: which modality each requested family is resolved as (one slug, or the family).
- ``elsewhere_plans``: for the search statement, where the therapy is legally offered
  (the jurisdictions to look in) and where it is not (when to look at all), so that the
  nearest providers elsewhere come back in the search's one round trip.
- ``access_entries``: the ``access`` block of a search answer.
- ``warnings``: what a moderator is told about a listing that offers a therapy its
  place does not allow.
"""
import datetime as dt
from dataclasses import dataclass
from dataclasses import field


from finder.access import rules
from finder.access.messages import translated
from finder.access.rules import NOTE
from finder.access.rules import NOT_OFFERED
from finder.access.rules import OFFERED
from finder.access.rules import Resolution
from finder.access.rules import Rule
from finder.access.rules import RuleBook
from finder.access.rules import STATUS_LABELS
from finder.i18n import gettext as _
from finder.names import country_name
from finder.names import in_sentence
from finder.names import ui_locale
from finder.providers.vocabulary import label as vocabulary_label

ELSEWHERE_COUNT = 3


@dataclass(frozen=True)
class Key:
    """A requested therapy as the rules see it: a family, or one slug of it."""

    modality: str          # the slug or family resolved
    family: str
    slugs: tuple[str, ...]   # providers offering any of these offer it
    label: str


def status_label(status: str) -> str:
    """Return how a status reads to the visitor, in their language ("only in clinical
    trials")."""
    return _(STATUS_LABELS[status])


def keys(modalities, vocab) -> list[Key]:
    """Return one key per requested family, in the order asked: the slug when exactly one
    slug of a family was asked for (esketamine), else the family (ketamine)."""
    by_family: dict[str, list[str]] = {}
    for slug in modalities:
        by_family.setdefault(vocab.modalities[slug]["family"], []).append(slug)
    out = []
    for family, slugs in by_family.items():
        whole = len(slugs) > 1 or set(slugs) == set(vocab.families[family])
        if whole:
            out.append(Key(family, family, tuple(sorted(vocab.families[family])),
                           vocab.family_labels[family]))
        else:
            out.append(Key(slugs[0], family, (slugs[0],), vocab.modalities[slugs[0]]["label"]))
    return out


def place_label(country: str | None, region_name: str | None) -> str:
    """Return "Texas, United States", "Australia", or "your location" when unknown."""
    if not country or country == "*":
        return _("your location")
    name = country_name(country)
    return f"{region_name}, {name}" if region_name else name


def _place(country: str | None, region_name: str | None) -> str:
    """The shortest name people use for where a rule applies: "Texas", "Australia"."""
    return region_name or (country_name(country) if country and country != "*" else
                           _("your location"))


def _source(rule: Rule) -> dict | None:
    if rule.source_title is None:
        return None
    return {"title": rule.source_title, "url": rule.source_url,
            "checked": rule.checked.isoformat()}


def _rule_view(rule: Rule, place: str) -> dict:
    return {"status": rule.status, "status_label": status_label(rule.status),
            "summary": translated(rule.summary).replace("{place}", place),
            "conditions": translated(rule.conditions), "source": _source(rule),
            "checked": rule.checked.isoformat(),
            "effective_from": rule.effective_from.isoformat(),
            "effective_to": rule.effective_to.isoformat() if rule.effective_to else None,
            "rule_jurisdiction": rule.jurisdiction}


def _entry(key: Key, resolution: Resolution, country, region_code, region_name) -> dict:
    place = _place(country, region_name)
    if resolution.rule is not None:
        body = _rule_view(resolution.rule, place)
    else:
        body = {"status": "unknown", "status_label": status_label("unknown"),
                "summary": _("finder has no information on how %(treatment)s therapy can "
                             "legally be had in %(place)s.",
                             treatment=in_sentence(vocabulary_label(key.label)), place=place),
                "conditions": None, "source": None, "checked": None, "effective_from": None,
                "effective_to": None, "rule_jurisdiction": None}
    upcoming = resolution.upcoming
    return {
        "modality": key.modality, "modality_label": vocabulary_label(key.label),
        "jurisdiction": {"country": country or None, "region": region_code or None,
                         "label": place_label(country, region_name)},
        **body,
        "upcoming": None if upcoming is None else {
            **_rule_view(upcoming, upcoming.region_name or place),
            "jurisdiction": upcoming.jurisdiction},
        "note": _(NOTE),
    }


def access_entries(book: RuleBook, wanted: list[Key], country, region_code, region_name,
                   day: dt.date) -> list[dict]:
    """Return the ``access`` block: one entry per requested therapy at the visitor's place.

    Worked out once per book, day and place (about 0.05 ms a search otherwise); each call
    gets entries of its own to add to.
    """
    memo = ("access", tuple(wanted), country, region_code, region_name, day, ui_locale())
    if memo not in book.derived:
        book.derived[memo] = [
            _entry(key, book.resolve(key.modality, country, region_code, region_name, day),
                   country, region_code, region_name) for key in wanted]
    return [dict(entry) for entry in book.derived[memo]]


def needs_elsewhere(entry: dict) -> bool:
    """Tell whether a therapy is not legally offered where the visitor is."""
    return entry["status"] in NOT_OFFERED


@dataclass(frozen=True)
class ElsewherePlan:
    """Where to look for a therapy that the visitor's place does not offer.

    ``gate``: every jurisdiction the rules name for it, each spelled as (country or "*",
    region code or name or None), with whether the therapy is not offered there; the
    statement picks the most specific one containing the origin (none: not offered).
    ``targets``: the jurisdictions where it is offered, as (country, region or None),
    with ``rules`` giving the rule of each (same order). ``excluded``: "CC:region" of
    subdivisions that do not offer it inside a country target.
    """

    key: Key
    gate: tuple[tuple[str, str | None, bool], ...]
    targets: tuple[tuple[str, str | None], ...]
    rules: tuple[Rule, ...]
    excluded: tuple[str, ...]
    # What answers show of it, per language, worked out once: a plan lives as long as its
    # rule book and day (``elsewhere_plan``). Shared by every answer, so never changed.
    views: dict = field(default_factory=dict, compare=False, repr=False)


def _spellings(rule: Rule) -> list[str | None]:
    if rule.region is None:
        return [None]
    return [rule.region] + ([rule.region_name] if rule.region_name else [])


def elsewhere_plan(book: RuleBook, key: Key, day: dt.date) -> ElsewherePlan | None:
    """Return where ``key`` is offered, or None when it is offered nowhere else or
    everywhere (then the search never looks elsewhere). Worked out once per book and day:
    it costs about 0.1 ms, on every search for the therapy otherwise."""
    memo = ("elsewhere", key, day)
    if memo not in book.derived:
        book.derived[memo] = _elsewhere_plan(book, key, day)
    return book.derived[memo]


def _elsewhere_plan(book: RuleBook, key: Key, day: dt.date) -> ElsewherePlan | None:
    gate, targets, rules, excluded = [], [], [], []
    offered_countries = set()
    for place in book.places(key.modality):
        country = None if place.country == "*" else place.country
        resolved = book.resolve(key.modality, country, place.region, place.region_name, day)
        status = resolved.status
        for spelling in _spellings(place):
            gate.append((place.country, spelling, status in NOT_OFFERED))
        if place.country != "*" and status in OFFERED and resolved.rule is not None \
                and resolved.rule.jurisdiction == place.jurisdiction:
            for spelling in _spellings(place):
                targets.append((place.country, spelling))
                rules.append(resolved.rule)
            if place.region is None:
                offered_countries.add(place.country)
    for place in book.places(key.modality):
        if place.region is not None and place.country in offered_countries:
            status = book.resolve(key.modality, place.country, place.region,
                                  place.region_name, day).status
            if status not in OFFERED:
                excluded += [f"{place.country}:{s}" for s in _spellings(place)]
    if not targets:   # offered nowhere, or everywhere ("*" is never a target)
        return None
    return ElsewherePlan(key, tuple(gate), tuple(targets), tuple(rules), tuple(excluded))


def may_look_elsewhere(book: RuleBook, plan: ElsewherePlan, day: dt.date, countries) -> bool:
    """Tell whether an origin in one of ``countries`` (None: anywhere, as for coordinates)
    can be in a place that does not offer ``plan``'s therapy, by the statement's gate.

    A postcode or a place is found in the countries the search names, so when none of
    their jurisdictions lacks the therapy ("ketamine in the US"), the statement leaves
    out the walks elsewhere, which would find nothing and cost about 0.2 ms to set up.
    """
    if countries is None:
        return True
    memo = ("may_look", plan.key, day, tuple(countries))
    if memo not in book.derived:
        book.derived[memo] = any(_may_need(plan.gate, c) for c in countries)
    return book.derived[memo]


def _may_need(gate, country: str) -> bool:
    """Tell whether some origin in ``country`` gets a gate entry saying it needs elsewhere:
    any subdivision's entry may contain it; without one, the country's own entry, else
    the entry for everywhere, else none (the statement's default: not offered)."""
    entries = [(c, r, needs) for c, r, needs in gate if c in (country, "*")]
    if any(needs for _, region, needs in entries if region is not None):
        return True
    fallback = [needs for c, region, needs in sorted(entries, key=lambda e: e[0] == "*")
                if region is None]
    return fallback[0] if fallback else True


def offered_in(plan: ElsewherePlan | None) -> list[dict]:
    """Return every jurisdiction where the therapy is legally offered, with its status
    (worked out once per plan and language: about 0.07 ms a search otherwise)."""
    if plan is None:
        return []
    memo = ("offered_in", ui_locale())
    if memo not in plan.views:
        plan.views[memo] = _offered_in(plan)
    return plan.views[memo]


def _offered_in(plan: ElsewherePlan) -> list[dict]:
    seen, out = set(), []
    for rule in plan.rules:
        if rule.jurisdiction not in seen:
            seen.add(rule.jurisdiction)
            out.append({"jurisdiction": rule.jurisdiction,
                        "label": place_label(rule.country, rule.region_name),
                        "status": rule.status, "status_label": status_label(rule.status)})
    return out


def elsewhere_view(plan: ElsewherePlan, target: int) -> dict:
    """Describe the rule that applies where an elsewhere provider is (1-based target);
    worked out once per plan, target and language."""
    memo = ("target", target, ui_locale())
    if memo not in plan.views:
        plan.views[memo] = _elsewhere_view(plan, target)
    return plan.views[memo]


def _elsewhere_view(plan: ElsewherePlan, target: int) -> dict:
    rule = plan.rules[target - 1]
    place = rule.region_name or _place(rule.country, None)
    return {"modality": plan.key.modality,
            "jurisdiction": {"country": rule.country, "region": rule.region,
                             "label": place_label(rule.country, rule.region_name)},
            **_rule_view(rule, place)}


def warnings(book: RuleBook, modalities, vocab, country: str | None, region: str | None,
             region_name: str | None, day: dt.date) -> list[dict]:
    """Return a warning for each therapy a listing offers that its own place does not allow
    (trials-only or unknown there); ``region`` is as the listing gives it ("TX" or
    "Texas"), ``region_name`` its name where known. Integration is never warned about:
    it is available everywhere."""
    out = []
    for slug in [m for m in modalities if m in vocab.modalities]:
        resolution = book.resolve(slug, country, region, region_name or region, day)
        if resolution.status not in NOT_OFFERED:
            continue
        place = region_name or region or country_name(country or "") or _("its place")
        label = vocabulary_label(vocab.modalities[slug]["label"])
        if resolution.status == "trials-only":
            message = _("%(treatment)s is only available in clinical trials in %(place)s: "
                        "check that this is a trial site or offers integration only.",
                        treatment=label, place=place)
        else:
            message = _("finder has no rule saying %(treatment)s can legally be offered in "
                        "%(place)s: check what this listing offers before approving it.",
                        treatment=in_sentence(label), place=place)
        out.append({"modality": slug, "status": resolution.status, "message": message,
                    "jurisdiction": place_label(country, region_name or region),
                    "rule_jurisdiction": resolution.rule.jurisdiction
                    if resolution.rule else None})
    return out
