"""The schema: every table, column, index and constraint the migrations in ``db/`` create.

The migrations change the database; this module says what it holds once they have run.
``tests/test_models.py`` compares the two and fails on any difference. A column's
``server_default`` is the database's own default; a ``default`` beside it only fills an
object's attribute before it is flushed. What a table cannot declare stays in the
migrations alone: the ``provider_facets`` function behind ``providers.facets``, the
trigger that keeps ``moderation_events`` append-only, and the seeded vocabularies.
"""
import datetime as dt

import sqlalchemy as sa
from geoalchemy2 import Geography
from sqlalchemy import orm
from sqlalchemy.dialects import postgresql as pg

from finder.access.rules import STATUSES as ACCESS_STATUSES
from finder.database import Base
from finder.schemas.listing import PRECISIONS
from finder.schemas.listing import STATUSES
from finder.schemas.trust import REPORT_REASONS
from finder.schemas.trust import REPORT_STATUSES
from finder.schemas.trust import RESOLUTIONS
from finder.schemas.trust import VERIFICATION_STATUSES
from finder.schemas.vocabulary import PAYMENT


APPROVED = "status = 'approved'"
# The modality families' partial spatial indexes. Each array literal is what
# finder.search.queries writes for the family (sorted slugs); the planner uses an index
# only when the query's literal equals its predicate's.
FAMILY_SLUGS = {
    "ketamine": ("esketamine", "ketamine-assisted-therapy", "ketamine-infusion"),
    "psilocybin": ("psilocybin",),
    "mdma": ("mdma-assisted-therapy",),
    "integration": ("integration",),
}
EMPTY_ARRAY = sa.text("'{}'::text[]")


def one_of(column: str, values) -> str:
    """Return the SQL condition "``column`` is one of ``values``", for a CHECK."""
    return f"{column} IN ({', '.join(repr(str(v)) for v in values)})"


def point() -> Geography:
    """Return the type of every location column: a WGS84 point on the spheroid.

    The spatial indexes are declared on each table (most are partial), not by the type.
    """
    return Geography("POINT", srid=4326, spatial_index=False, nullable=False)


class Modality(Base):
    """A treatment offered, e.g. ``ketamine-infusion`` in the ``ketamine`` family."""

    __tablename__ = "modalities"
    __table_args__ = (sa.Index("modalities_family_idx", "family"),)
    slug: orm.Mapped[str] = orm.mapped_column(sa.Text, primary_key=True)
    label: orm.Mapped[str] = orm.mapped_column(sa.Text)
    family: orm.Mapped[str] = orm.mapped_column(sa.Text)
    family_label: orm.Mapped[str] = orm.mapped_column(sa.Text)
    position: orm.Mapped[int] = orm.mapped_column(sa.SmallInteger, default=0,
                                                  server_default=sa.text("0"))


class ProviderType(Base):
    """A kind of provider, e.g. ``psychiatrist`` or ``clinic``."""

    __tablename__ = "provider_types"
    slug: orm.Mapped[str] = orm.mapped_column(sa.Text, primary_key=True)
    label: orm.Mapped[str] = orm.mapped_column(sa.Text)
    position: orm.Mapped[int] = orm.mapped_column(sa.SmallInteger, default=0,
                                                  server_default=sa.text("0"))


class Provider(Base):
    """The public face of a listing. Private fields live in ``ProviderPrivate``."""

    __tablename__ = "providers"
    __table_args__ = (
        sa.UniqueConstraint("source", "external_id", name="providers_source_external_id_key"),
        sa.CheckConstraint(one_of("status", STATUSES),
                           name="providers_status_check"),
        sa.CheckConstraint("length(name) BETWEEN 1 AND 200", name="providers_name_check"),
        sa.CheckConstraint(one_of("location_precision", PRECISIONS),
                           name="providers_location_precision_check"),
        sa.CheckConstraint(f"payment <@ ARRAY[{', '.join(repr(p) for p in PAYMENT)}]::text[]",
                           name="providers_payment_check"),
        sa.CheckConstraint("price_min >= 0 AND price_max >= price_min",
                           name="providers_price_check"),
        sa.CheckConstraint("(price_currency IS NULL) = (price_min IS NULL AND price_max IS NULL)"
                           " AND (price_currency IS NULL OR price_currency ~ '^[A-Z]{3}$')",
                           name="providers_price_currency_check"),
        sa.CheckConstraint(one_of("verification_status", VERIFICATION_STATUSES),
                           name="providers_verification_status_check"),
        sa.CheckConstraint("(verified_on IS NULL) = (verified_registry IS NULL) AND "
                           "(verified_on IS NULL) = (verification_status IS NULL)",
                           name="providers_verification_check"),
        # Reminders and the stale listings in the queue; expired verifications (0013).
        sa.Index("providers_listing_confirmed_idx", "last_confirmed",
                 postgresql_where=sa.text(f"{APPROVED} AND source = 'listing'")),
        sa.Index("providers_verification_expires_idx", "verification_expires",
                 postgresql_where=sa.text(f"{APPROVED} AND verification_expires IS NOT NULL")),
        # Every public search walks one of these, nearest first.
        sa.Index("providers_approved_location_gist", "location", postgresql_using="gist",
                 postgresql_where=sa.text(APPROVED)),
        *(sa.Index(f"providers_{family}_location_gist", "location", postgresql_using="gist",
                   postgresql_where=sa.text(
                       f"{APPROVED} AND modalities && '{{{','.join(slugs)}}}'::text[]"))
          for family, slugs in FAMILY_SLUGS.items()),
        # The moderators' "similar name within 1 km" check, for providers not approved.
        sa.Index("providers_unlisted_location_gist", "location", postgresql_using="gist",
                 postgresql_where=sa.text("status <> 'approved'")),
        # Filters rare together: intersect posting lists instead of walking by distance.
        sa.Index("providers_facets_gin", "facets", postgresql_using="gin",
                 postgresql_where=sa.text(APPROVED)),
        sa.Index("providers_pending_created_idx", "created_at",
                 postgresql_where=sa.text("status = 'pending'")),
        # Nearest providers within one country or region (btree_gist holds the text
        # columns). "country IS NOT NULL", always true, keeps it out of plans that do not
        # name a country.
        # Every status: only a walk that checks the status as a filter can use it (0012).
        sa.Index("providers_jurisdiction_gist", "country", "region", "location",
                 postgresql_using="gist", postgresql_where=sa.text("country IS NOT NULL")),
        # Providers offering one of finder's therapies, and those offering none.
        sa.Index("providers_therapy_location_gist", "location", postgresql_using="gist",
                 postgresql_where=sa.text(f"{APPROVED} AND modalities <> '{{}}'::text[]")),
        sa.Index("providers_other_care_location_gist", "location", postgresql_using="gist",
                 postgresql_where=sa.text(f"{APPROVED} AND modalities = '{{}}'::text[]")),
    )
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    status: orm.Mapped[str] = orm.mapped_column(
        sa.Text, default="pending", server_default="pending")
    source: orm.Mapped[str] = orm.mapped_column(sa.Text, default="listing",
                                                server_default="listing")
    external_id: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    name: orm.Mapped[str] = orm.mapped_column(sa.Text)
    credentials: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    practice_name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    provider_type: orm.Mapped[str] = orm.mapped_column(sa.ForeignKey("provider_types.slug"))
    modalities: orm.Mapped[list[str]] = orm.mapped_column(
        pg.ARRAY(sa.Text), default=list, server_default=EMPTY_ARRAY)
    service_tags: orm.Mapped[list[str]] = orm.mapped_column(
        pg.ARRAY(sa.Text), default=list, server_default=EMPTY_ARRAY)
    telehealth: orm.Mapped[bool] = orm.mapped_column(default=False, server_default=sa.false())
    # Unknown (None) where the source does not say, as SAMHSA's directory does not.
    accepting_new_clients: orm.Mapped[bool | None] = orm.mapped_column()
    languages: orm.Mapped[list[str]] = orm.mapped_column(
        pg.ARRAY(sa.Text), default=list, server_default=EMPTY_ARRAY)
    # How the provider can be paid (finder.providers.payment), and an optional self-pay
    # price range per session with its ISO 4217 currency.
    payment: orm.Mapped[list[str]] = orm.mapped_column(
        pg.ARRAY(sa.Text), default=list, server_default=EMPTY_ARRAY)
    price_min: orm.Mapped[float | None] = orm.mapped_column(sa.Numeric(10, 2, asdecimal=False))
    price_max: orm.Mapped[float | None] = orm.mapped_column(sa.Numeric(10, 2, asdecimal=False))
    price_currency: orm.Mapped[str | None] = orm.mapped_column(sa.CHAR(3))
    phone: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    website: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    bio: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    street: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    city: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    region: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    postcode: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    country: orm.Mapped[str] = orm.mapped_column(sa.CHAR(2))
    location = orm.mapped_column(point(), nullable=False)
    location_precision: orm.Mapped[str] = orm.mapped_column(sa.Text, default="exact",
                                                            server_default="exact")
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())
    # When a moderator approved the listing or its provider last confirmed it (listings
    # only: imported and demo providers have nobody to confirm them).
    last_confirmed: orm.Mapped[dt.datetime | None] = orm.mapped_column(
        sa.DateTime(timezone=True))
    # The public part of the latest licence verification; the lookup address is private.
    verified_registry: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    verification_status: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    verified_on: orm.Mapped[dt.date | None] = orm.mapped_column(sa.Date)
    verification_expires: orm.Mapped[dt.date | None] = orm.mapped_column(sa.Date)
    # Every filterable value as one array (``t:clinic``, ``l:es``, ``tele:true``,
    # ``p:medicaid``, ...), kept by PostgreSQL; the function is migration 0014's.
    facets: orm.Mapped[list[str] | None] = orm.mapped_column(
        pg.ARRAY(sa.Text),
        sa.Computed("provider_facets(provider_type, telehealth, accepting_new_clients, source, "
                    "modalities, languages, service_tags, payment)", persisted=True))

    private: orm.Mapped["ProviderPrivate"] = orm.relationship(
        back_populates="provider", uselist=False, cascade="all, delete-orphan")


class ProviderPrivate(Base):
    """Fields only moderators may see: contact, licence, edit token, submitter IP."""

    __tablename__ = "provider_private"
    __table_args__ = (
        # Edit links are looked up by their token's hash; the duplicate rule and the
        # moderators' "same email" check look up addresses case-insensitively.
        sa.Index("provider_private_edit_token_key", "edit_token_hash", unique=True),
        sa.Index("provider_private_email_lower_idx", sa.func.lower(sa.column("email"))),
        sa.Index("provider_private_confirm_token_key", "confirm_token_hash", unique=True),
    )
    provider_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True)
    email: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    license_number: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    license_region: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    edit_token_hash: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    submitter_ip: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    # The registry page the moderator checked (it may name the licence number).
    verification_lookup_url: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    # The freshness reminder's one-use confirm link, as a hash, and when it was sent.
    confirm_token_hash: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    reminded_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
    # The language the listing was submitted in: its emails are written in it.
    locale: orm.Mapped[str | None] = orm.mapped_column(sa.Text)

    provider: orm.Mapped[Provider] = orm.relationship(back_populates="private")


class Postcode(Base):
    """One GeoNames postcode per (country, code), places sharing a code merged."""

    __tablename__ = "postcodes"
    __table_args__ = (sa.Index("postcodes_location_gist", "location", postgresql_using="gist"),)
    country: orm.Mapped[str] = orm.mapped_column(sa.CHAR(2), primary_key=True)
    code: orm.Mapped[str] = orm.mapped_column(sa.Text, primary_key=True)
    place: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin1_name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin1_code: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin2_name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    location = orm.mapped_column(point(), nullable=False)


class Place(Base):
    """A named place from GeoNames (town, suburb), for searches by name."""

    __tablename__ = "places"
    __table_args__ = (
        sa.Index("places_country_key_idx", "country", "name_key"),
        # Names typed with small mistakes: trigram similarity.
        sa.Index("places_name_key_trgm", "name_key", postgresql_using="gin",
                 postgresql_ops={"name_key": "gin_trgm_ops"}),
    )
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    country: orm.Mapped[str] = orm.mapped_column(sa.CHAR(2))
    name: orm.Mapped[str] = orm.mapped_column(sa.Text)
    name_key: orm.Mapped[str] = orm.mapped_column(sa.Text)
    admin1_name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin1_code: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin1_key: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    postcode_count: orm.Mapped[int] = orm.mapped_column(sa.Integer, server_default=sa.text("1"))
    population: orm.Mapped[int | None] = orm.mapped_column(sa.BigInteger)
    location = orm.mapped_column(point(), nullable=False)


class Region(Base):
    """A first-level division (state, province) with the reach of its postcodes.

    A telehealth search includes the visitor's region beyond the radius; ``radius_m``
    from ``centroid`` bounds that nearest-neighbour walk. Filled from ``postcodes`` by
    ``flask postcodes load``.
    """

    __tablename__ = "regions"
    __table_args__ = (sa.Index("regions_country_idx", "country"),)
    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, sa.Identity(), primary_key=True)
    country: orm.Mapped[str] = orm.mapped_column(sa.CHAR(2))
    code: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    centroid = orm.mapped_column(point(), nullable=False)
    radius_m: orm.Mapped[float] = orm.mapped_column(sa.Double)


class AccessRule(Base):
    """How a therapy can legally be had in a jurisdiction from a date (``rules.toml``).

    ``flask access load`` replaces the table whole from the file; ``country`` is ``*``
    for everywhere, ``region`` a subdivision's code or empty.
    """

    __tablename__ = "access_rules"
    __table_args__ = (
        sa.CheckConstraint("country = '*' OR country ~ '^[A-Z]{2}$'",
                           name="access_rules_country_check"),
        sa.CheckConstraint("region ~ '^[A-Z0-9]{1,3}$'", name="access_rules_region_check"),
        sa.CheckConstraint(one_of("status", ACCESS_STATUSES), name="access_rules_status_check"),
        sa.CheckConstraint("effective_to IS NULL OR effective_to > effective_from",
                           name="access_rules_check"),
        sa.CheckConstraint("(source_title IS NULL) = (source_url IS NULL)",
                           name="access_rules_check1"),
        sa.UniqueConstraint("country", "region", "modality", "effective_from",
                            name="access_rules_country_region_modality_effective_from_key"),
    )
    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, sa.Identity(), primary_key=True)
    country: orm.Mapped[str] = orm.mapped_column(sa.Text)
    region: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    region_name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    modality: orm.Mapped[str] = orm.mapped_column(sa.Text)
    status: orm.Mapped[str] = orm.mapped_column(sa.Text)
    summary: orm.Mapped[str] = orm.mapped_column(sa.Text)
    conditions: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    source_title: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    source_url: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    checked: orm.Mapped[dt.date] = orm.mapped_column(sa.Date)
    effective_from: orm.Mapped[dt.date] = orm.mapped_column(sa.Date)
    effective_to: orm.Mapped[dt.date | None] = orm.mapped_column(sa.Date)


class PlaceAlias(Base):
    """Another name of a place (``nyc``, ``muenchen``), folded like ``Place.name_key``."""

    __tablename__ = "place_aliases"
    __table_args__ = (sa.Index("place_aliases_place_idx", "place_id"),)
    country: orm.Mapped[str] = orm.mapped_column(sa.CHAR(2), primary_key=True)
    alias_key: orm.Mapped[str] = orm.mapped_column(sa.Text, primary_key=True)
    place_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("places.id", ondelete="CASCADE"), primary_key=True)


class Moderator(Base):
    """A person who may approve or reject listings."""

    __tablename__ = "moderators"
    id: orm.Mapped[int] = orm.mapped_column(sa.Integer, sa.Identity(), primary_key=True)
    name: orm.Mapped[str] = orm.mapped_column(sa.Text, unique=True)
    password_hash: orm.Mapped[str] = orm.mapped_column(sa.Text)
    api_token_hash: orm.Mapped[str | None] = orm.mapped_column(sa.Text, unique=True)
    active: orm.Mapped[bool] = orm.mapped_column(default=True, server_default=sa.true())
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())


class ModerationEvent(Base):
    """One thing that happened to a listing; rows are never updated or deleted."""

    __tablename__ = "moderation_events"
    __table_args__ = (sa.Index("moderation_events_provider_idx", "provider_id"),)
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    provider_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("providers.id"))
    moderator_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("moderators.id"))
    action: orm.Mapped[str] = orm.mapped_column(sa.Text)
    reason: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    changes: orm.Mapped[dict | None] = orm.mapped_column(pg.JSONB)
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())


class ServiceTag(Base):
    """Another service a provider offers (e.g. ``tms``), searchable and shown with its label."""

    __tablename__ = "service_tags"
    slug: orm.Mapped[str] = orm.mapped_column(sa.Text, primary_key=True)
    label: orm.Mapped[str] = orm.mapped_column(sa.Text)
    category: orm.Mapped[str | None] = orm.mapped_column(sa.Text)


class ListingRevision(Base):
    """A provider's edit waiting for (or past) moderation; the listing changes only on approval.

    ``data`` holds every listing field, private ones included, as the provider sent them.
    At most one revision per provider is ``pending``; a newer edit supersedes it, so the
    revision a moderator reviewed is exactly what they approve.
    """

    __tablename__ = "listing_revisions"
    __table_args__ = (
        sa.CheckConstraint(one_of("status", ("pending", "approved", "rejected", "superseded")),
                           name="listing_revisions_status_check"),
        sa.Index("listing_revisions_provider_idx", "provider_id"),
        sa.Index("listing_revisions_one_pending", "provider_id", unique=True,
                 postgresql_where=sa.text("status = 'pending'")),
    )
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    provider_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("providers.id", ondelete="CASCADE"))
    status: orm.Mapped[str] = orm.mapped_column(sa.Text, default="pending",
                                                server_default="pending")
    data: orm.Mapped[dict] = orm.mapped_column(pg.JSONB)
    submitter_ip: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())
    decided_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
    moderator_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("moderators.id"))


class ModeratorSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its hash."""

    __tablename__ = "moderator_sessions"
    __table_args__ = (sa.Index("moderator_sessions_moderator_idx", "moderator_id"),)
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    moderator_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("moderators.id", ondelete="CASCADE"))
    token_hash: orm.Mapped[str] = orm.mapped_column(sa.Text, unique=True)
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())
    expires_at: orm.Mapped[dt.datetime] = orm.mapped_column(sa.DateTime(timezone=True))


class OutboxMessage(Base):
    """A notification written in the same transaction as what it reports, sent later.

    ``kind`` is ``email`` (one message to ``recipient``) or ``digest`` (one line of the
    moderators' daily digest). ``sent_at`` stays empty until delivery succeeded.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        sa.CheckConstraint(one_of("kind", ("email", "digest")), name="outbox_kind_check"),
        sa.CheckConstraint("kind = 'digest' OR recipient IS NOT NULL", name="outbox_check"),
        sa.Index("outbox_unsent_idx", "created_at", postgresql_where=sa.text("sent_at IS NULL")),
        # "Did a confirmation already go to this address today?" (one a day per address).
        sa.Index("outbox_email_recipient_idx", sa.func.lower(sa.column("recipient")),
                 "created_at", postgresql_where=sa.text("kind = 'email'")),
    )
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    kind: orm.Mapped[str] = orm.mapped_column(sa.Text)
    provider_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("providers.id", ondelete="SET NULL"))
    recipient: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    subject: orm.Mapped[str] = orm.mapped_column(sa.Text)
    body: orm.Mapped[str] = orm.mapped_column(sa.Text)
    # Which notification it is ("submitted", "edit_link"...), whatever its language.
    purpose: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())
    sent_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
    attempts: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0,
                                                  server_default=sa.text("0"))
    last_error: orm.Mapped[str | None] = orm.mapped_column(sa.Text)


class Report(Base):
    """A visitor's report of a problem with a listing, open until a moderator resolves it.

    ``email`` (for a reply) and ``submitter_ip`` are private, like a listing's.
    """

    __tablename__ = "reports"
    __table_args__ = (
        sa.CheckConstraint(one_of("reason", REPORT_REASONS), name="reports_reason_check"),
        sa.CheckConstraint(one_of("status", REPORT_STATUSES), name="reports_status_check"),
        sa.CheckConstraint(one_of("resolution", RESOLUTIONS.values()),
                           name="reports_resolution_check"),
        sa.CheckConstraint("(status = 'open') = (resolution IS NULL)", name="reports_check"),
        sa.Index("reports_provider_idx", "provider_id"),
        sa.Index("reports_open_idx", "created_at", postgresql_where=sa.text("status = 'open'")),
    )
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    provider_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("providers.id", ondelete="CASCADE"))
    reason: orm.Mapped[str] = orm.mapped_column(sa.Text)
    details: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    email: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    submitter_ip: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    status: orm.Mapped[str] = orm.mapped_column(sa.Text, default="open", server_default="open")
    resolution: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    moderator_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("moderators.id"))
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())
    resolved_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
