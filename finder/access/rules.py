"""The access rules: read from ``rules.toml``, stored in ``access_rules``, resolved per place.

A rule says how a therapy (a modality family, or one slug) can legally be had in a
jurisdiction ("*" for everywhere, a country, or a country's first-level subdivision)
from a date, and until a date where known. For a place and a modality, the most
specific rule in force on the day wins: a subdivision over its country, a country over
"*", then a slug over its family. The rule that starts next for the same place, if any,
is the upcoming one. With no rule in force the status is ``unknown``.
"""
import datetime as dt
import re
import time
import tomllib
from dataclasses import dataclass
from dataclasses import field
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.orm import Session

from finder import clock
from finder.names import N_
from finder.schemas.moderation import WARNED_STATUSES
from finder.schemas.vocabulary import ACCESS_STATUSES as STATUSES

RULES_FILE = Path(__file__).with_name("rules.toml")
# How each status reads to a visitor, after the therapy's name ("Psilocybin: ...").
STATUS_LABELS = {
    "available": N_("available"),
    "prescription": N_("by prescription"),
    "certified-sites": N_("only at certified treatment centres"),
    "licensed-centres": N_("at licensed centres"),
    "authorised-prescribers": N_("only from specially authorised doctors"),
    "special-access": N_("only with government permission, case by case"),
    "trials-only": N_("only in clinical trials"),
    "unknown": N_("not known to finder"),
}
# Where a therapy is legally offered to a patient who qualifies: where ``elsewhere`` looks.
OFFERED = frozenset({"licensed-centres", "prescription", "certified-sites",
                     "authorised-prescribers"})
# Where it is not (or finder does not know): the search then looks elsewhere too.
NOT_OFFERED = frozenset(WARNED_STATUSES)
# Sources may be missing only where no law is involved or nothing is known.
SOURCELESS = frozenset({"available", "unknown"})
NOTE = N_("General information, not legal advice: laws change, and who qualifies depends "
          "on the person. Check with the provider or the authority named in the source.")
_JURISDICTION = re.compile(r"^(\*|[A-Z]{2})(?:-([A-Z0-9]{1,3}))?$")
TTL_SECONDS = 300
_cache: dict = {}


class RulesError(ValueError):
    """The rules file says something that cannot be a rule (which, and why)."""


@dataclass(frozen=True)
class Rule:
    """One rule: where, for which modality, what status, on what source, from when."""

    country: str                 # "*" or an ISO 3166-1 alpha-2 code
    region: str | None           # the ISO 3166-2 subdivision code after the dash ("OR")
    modality: str                # a family or a slug
    status: str
    summary: str
    conditions: str | None
    source_title: str | None
    source_url: str | None
    checked: dt.date
    effective_from: dt.date
    effective_to: dt.date | None = None
    region_name: str | None = None   # the subdivision's name ("Oregon"), from the regions

    @property
    def jurisdiction(self) -> str:
        return self.country if self.region is None else f"{self.country}-{self.region}"

    def in_force(self, day: dt.date) -> bool:
        return self.effective_from <= day and (self.effective_to is None
                                               or day < self.effective_to)

    def covers(self, country: str | None, region_code: str | None,
               region_name: str | None) -> bool:
        """Tell whether the rule's jurisdiction contains a place in ``country``'s region."""
        if self.country == "*":
            return True
        if self.country != country:
            return False
        return self.region is None or self.region in (region_code, region_name) or (
            self.region_name is not None and self.region_name == region_name)

    @property
    def place_rank(self) -> int:
        """How specific the jurisdiction is: 0 everywhere, 1 a country, 2 a subdivision."""
        return 0 if self.country == "*" else (1 if self.region is None else 2)


def _date(value, what: str) -> dt.date:
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    raise RulesError(f"{what} must be a date (YYYY-MM-DD), not {value!r}")


def _text(entry: dict, name: str, where: str, required: bool = True) -> str | None:
    value = entry.get(name)
    if value is None and not required:
        return None
    if not isinstance(value, str) or not value.strip():
        raise RulesError(f"{where}: {name} must be a non-empty string")
    return value.strip()


def parse(document: str, modalities: dict[str, str] | None = None) -> list[Rule]:
    """Read the TOML rules; ``modalities`` maps every known slug to its family, to check
    each rule names one. Any problem raises ``RulesError`` naming the rule and field."""
    try:
        data = tomllib.loads(document)
    except tomllib.TOMLDecodeError as err:
        raise RulesError(f"not valid TOML: {err}") from None
    known = None if modalities is None else set(modalities) | set(modalities.values())
    rules, seen = [], set()
    for n, entry in enumerate(data.get("rule", []), start=1):
        where = f"rule {n}"
        places = entry.get("jurisdiction")
        kinds = entry.get("modality")
        places = places if isinstance(places, list) else [places]
        kinds = kinds if isinstance(kinds, list) else [kinds]
        status = entry.get("status")
        if status not in STATUSES:
            raise RulesError(f"{where}: status must be one of {', '.join(STATUSES)}")
        source = entry.get("source")
        if not isinstance(source, dict):
            raise RulesError(f"{where}: source must be a table with at least `checked`")
        title = _text(source, "title", where, required=False)
        url = _text(source, "url", where, required=False)
        if (title is None) != (url is None):
            raise RulesError(f"{where}: a source needs both a title and a url")
        if title is None and status not in SOURCELESS:
            raise RulesError(f"{where}: a {status} rule needs a source title and url")
        if url is not None and not url.startswith("https://"):
            raise RulesError(f"{where}: the source url must start with https://")
        start = _date(entry.get("effective_from"), f"{where}: effective_from")
        end = None if entry.get("effective_to") is None else _date(
            entry["effective_to"], f"{where}: effective_to")
        if end is not None and end <= start:
            raise RulesError(f"{where}: effective_to must be after effective_from")
        for place in places:
            match = _JURISDICTION.match(place) if isinstance(place, str) else None
            if not match or (match[1] == "*" and match[2]):
                raise RulesError(f"{where}: jurisdiction must be \"*\", a country such as "
                                 f"\"AU\" or a subdivision such as \"US-OR\", not {place!r}")
            for kind in kinds:
                if not isinstance(kind, str) or (known is not None and kind not in known):
                    raise RulesError(f"{where}: unknown modality {kind!r}")
                key = (place, kind, start)
                if key in seen:
                    raise RulesError(f"{where}: a second rule for {place} {kind} from {start}")
                seen.add(key)
                rules.append(Rule(
                    country=match[1], region=match[2], modality=kind, status=status,
                    summary=_text(entry, "summary", where),
                    conditions=_text(entry, "conditions", where, required=False),
                    source_title=title, source_url=url,
                    checked=_date(source.get("checked"), f"{where}: source.checked"),
                    effective_from=start, effective_to=end))
    if not rules:
        raise RulesError("the file holds no [[rule]]")
    return rules


def read_file(path: Path = RULES_FILE, modalities: dict[str, str] | None = None) -> list[Rule]:
    """Parse the rules file at ``path``."""
    return parse(Path(path).read_text(encoding="utf-8"), modalities)


def store(session: Session, rules: list[Rule]) -> int:
    """Replace every stored rule with ``rules`` (in the caller's transaction)."""
    session.execute(text("DELETE FROM access_rules"))
    for rule in rules:
        session.execute(text("""
            INSERT INTO access_rules (country, region, region_name, modality, status, summary,
                conditions, source_title, source_url, checked, effective_from, effective_to)
            VALUES (CAST(:country AS text), CAST(:region AS text),
                    (SELECT min(r.name) FROM regions r
                     WHERE r.country = CAST(:country AS text)
                       AND r.code = CAST(:region AS text)),
                    :modality, :status, :summary, :conditions, :source_title, :source_url,
                    :checked, :effective_from, :effective_to)"""), {
            k: getattr(rule, k) for k in (
                "country", "region", "modality", "status", "summary", "conditions",
                "source_title", "source_url", "checked", "effective_from", "effective_to")})
    clear()
    return len(rules)


@dataclass(frozen=True)
class Resolution:
    """What applies to one modality at one place on one day."""

    rule: Rule | None           # None: no rule in force (unknown)
    upcoming: Rule | None

    @property
    def status(self) -> str:
        return self.rule.status if self.rule else "unknown"


@dataclass
class RuleBook:
    """Every stored rule, with the modality families to resolve slugs against."""

    rules: list[Rule]
    families: dict[str, str] = field(default_factory=dict)   # slug -> family
    # (country, region code or lower-case name) -> the region's name, for "Texas"
    regions: dict[tuple[str, str], str] = field(default_factory=dict)
    # What is derived from the rules for a day (``notices.elsewhere_plan``, a place's
    # ``notices.access_entries``), kept as long as the book is: the same for every search
    # until the rules are read again.
    derived: dict = field(default_factory=dict, repr=False, compare=False)

    def region_name(self, country: str | None, region: str | None) -> str | None:
        """Return the name of a region given as a code ("TX") or a name, if known."""
        if not country or not region:
            return None
        key = region.strip()
        return self.regions.get((country, key)) or self.regions.get((country, key.lower()))

    def _matching(self, modality: str, country, region_code, region_name) -> list[Rule]:
        names = {modality, self.families.get(modality, modality)}
        return [r for r in self.rules if r.modality in names
                and r.covers(country, region_code, region_name)]

    def _rank(self, rule: Rule, modality: str) -> tuple:
        return (rule.place_rank, rule.modality == modality)

    def resolve(self, modality: str, country: str | None, region_code: str | None = None,
                region_name: str | None = None, day: dt.date | None = None) -> Resolution:
        """Return the rule in force for ``modality`` (a slug or family) at the place."""
        day = day or today()
        candidates = self._matching(modality, country, region_code, region_name)
        now = [r for r in candidates if r.in_force(day)]
        rule = max(now, key=lambda r: self._rank(r, modality)) if now else None
        later = [r for r in candidates if r.effective_from > day
                 and (rule is None or self._rank(r, modality) >= self._rank(rule, modality))]
        upcoming = min(later, key=lambda r: (r.effective_from, [-x for x in
                                                                self._rank(r, modality)]),
                       default=None)
        return Resolution(rule, upcoming)

    def places(self, modality: str) -> list[Rule]:
        """Return one rule per jurisdiction the rules name for ``modality``."""
        names = {modality, self.families.get(modality, modality)}
        seen, out = set(), []
        for rule in self.rules:
            if rule.modality in names and rule.jurisdiction not in seen:
                seen.add(rule.jurisdiction)
                out.append(rule)
        return out


def today() -> dt.date:
    """The day rules are resolved for: ``ACCESS_DATE`` when set (to preview), else the
    day finder counts everything else from (``finder.clock``: ``TODAY``, else UTC's)."""
    return clock.preset_day("ACCESS_DATE") or clock.today()


def load(session: Session) -> RuleBook:
    """Read the stored rules and the modality families."""
    rows = session.execute(text("""
        SELECT country, region, region_name, modality, status, summary, conditions,
               source_title, source_url, checked, effective_from, effective_to
        FROM access_rules ORDER BY id""")).mappings().all()
    families = dict(session.execute(text("SELECT slug, family FROM modalities")).all())
    regions = {}
    for country, code, name in session.execute(text(
            "SELECT country, code, name FROM regions WHERE name IS NOT NULL")).all():
        country = country.strip()
        regions[(country, name.lower())] = name
        if code:
            regions.setdefault((country, code), name)
    return RuleBook([Rule(**{k: (v.strip() if isinstance(v, str) else v)
                             for k, v in row.items()}) for row in rows], families, regions)


def get(session: Session) -> RuleBook:
    """Return the cached rule book, read again after ``TTL_SECONDS``."""
    entry = _cache.get("book")
    if entry is None or entry[0] < time.monotonic():
        book = load(session)
        _cache["book"] = (time.monotonic() + TTL_SECONDS, book)
        return book
    return entry[1]


def clear() -> None:
    """Forget the cached rules (after loading them)."""
    _cache.clear()


def stale(rules: list[Rule], day: dt.date, max_age_days: int = 180,
          soon_days: int = 30) -> tuple[list[Rule], list[tuple[Rule, str]]]:
    """Return rules whose source was checked more than ``max_age_days`` ago, and rules
    that start or end within ``soon_days`` (with which)."""
    old = [r for r in rules if (day - r.checked).days > max_age_days]
    soon = []
    for r in rules:
        if 0 <= (r.effective_from - day).days <= soon_days:
            soon.append((r, f"starts {r.effective_from}"))
        if r.effective_to is not None and 0 <= (r.effective_to - day).days <= soon_days:
            soon.append((r, f"ends {r.effective_to}"))
    return old, soon
