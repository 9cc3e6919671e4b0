"""Tables: providers (public and private parts), vocabularies, postcodes, moderation."""
import datetime as dt
import enum

import sqlalchemy as sa
from geoalchemy2 import Geography
from sqlalchemy import orm
from sqlalchemy.dialects import postgresql as pg

from finder.database import Base


class Status(str, enum.Enum):
    """Where a listing stands; only ``approved`` is ever public."""

    PENDING = "pending"
    APPROVED = "approved"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


STATUSES = tuple(s.value for s in Status)


class Modality(Base):
    """A treatment offered, e.g. ``ketamine-infusion`` in the ``ketamine`` family."""

    __tablename__ = "modalities"
    slug: orm.Mapped[str] = orm.mapped_column(sa.Text, primary_key=True)
    label: orm.Mapped[str] = orm.mapped_column(sa.Text)
    family: orm.Mapped[str] = orm.mapped_column(sa.Text, index=True)
    family_label: orm.Mapped[str] = orm.mapped_column(sa.Text)
    position: orm.Mapped[int] = orm.mapped_column(sa.SmallInteger, default=0)


class ProviderType(Base):
    """A kind of provider, e.g. ``psychiatrist`` or ``clinic``."""

    __tablename__ = "provider_types"
    slug: orm.Mapped[str] = orm.mapped_column(sa.Text, primary_key=True)
    label: orm.Mapped[str] = orm.mapped_column(sa.Text)
    position: orm.Mapped[int] = orm.mapped_column(sa.SmallInteger, default=0)


class Provider(Base):
    """The public face of a listing. Private fields live in ``ProviderPrivate``."""

    __tablename__ = "providers"
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    status: orm.Mapped[str] = orm.mapped_column(sa.Text, default=Status.PENDING.value)
    source: orm.Mapped[str] = orm.mapped_column(sa.Text, default="listing")
    external_id: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    name: orm.Mapped[str] = orm.mapped_column(sa.Text)
    credentials: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    practice_name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    provider_type: orm.Mapped[str] = orm.mapped_column(sa.ForeignKey("provider_types.slug"))
    modalities: orm.Mapped[list[str]] = orm.mapped_column(pg.ARRAY(sa.Text), default=list)
    service_tags: orm.Mapped[list[str]] = orm.mapped_column(pg.ARRAY(sa.Text), default=list)
    telehealth: orm.Mapped[bool] = orm.mapped_column(default=False)
    # Unknown (None) where the source does not say, as SAMHSA's directory does not.
    accepting_new_clients: orm.Mapped[bool | None] = orm.mapped_column()
    languages: orm.Mapped[list[str]] = orm.mapped_column(pg.ARRAY(sa.Text), default=list)
    phone: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    website: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    bio: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    street: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    city: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    region: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    postcode: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    country: orm.Mapped[str] = orm.mapped_column(sa.String(2))
    location = orm.mapped_column(Geography("POINT", srid=4326, spatial_index=False))
    location_precision: orm.Mapped[str] = orm.mapped_column(sa.Text, default="exact")
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())
    updated_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())

    private: orm.Mapped["ProviderPrivate"] = orm.relationship(
        back_populates="provider", uselist=False, cascade="all, delete-orphan")


class ProviderPrivate(Base):
    """Fields only moderators may see: contact, licence, edit token, submitter IP."""

    __tablename__ = "provider_private"
    provider_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("providers.id", ondelete="CASCADE"), primary_key=True)
    email: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    license_number: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    license_region: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    edit_token_hash: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    submitter_ip: orm.Mapped[str | None] = orm.mapped_column(sa.Text)

    provider: orm.Mapped[Provider] = orm.relationship(back_populates="private")


class Postcode(Base):
    """One GeoNames postcode per (country, code), places sharing a code merged."""

    __tablename__ = "postcodes"
    country: orm.Mapped[str] = orm.mapped_column(sa.String(2), primary_key=True)
    code: orm.Mapped[str] = orm.mapped_column(sa.Text, primary_key=True)
    place: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin1_name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin1_code: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin2_name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    location = orm.mapped_column(Geography("POINT", srid=4326, spatial_index=False))


class Place(Base):
    """A named place from GeoNames (town, suburb), for searches by name."""

    __tablename__ = "places"
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    country: orm.Mapped[str] = orm.mapped_column(sa.String(2))
    name: orm.Mapped[str] = orm.mapped_column(sa.Text)
    name_key: orm.Mapped[str] = orm.mapped_column(sa.Text)
    admin1_name: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin1_code: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    admin1_key: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    postcode_count: orm.Mapped[int] = orm.mapped_column(sa.Integer)
    population: orm.Mapped[int | None] = orm.mapped_column(sa.BigInteger)
    location = orm.mapped_column(Geography("POINT", srid=4326, spatial_index=False))


class PlaceAlias(Base):
    """Another name of a place (``nyc``, ``muenchen``), folded like ``Place.name_key``."""

    __tablename__ = "place_aliases"
    country: orm.Mapped[str] = orm.mapped_column(sa.String(2), primary_key=True)
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
    active: orm.Mapped[bool] = orm.mapped_column(default=True)
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())


class ModerationEvent(Base):
    """One thing that happened to a listing; rows are never updated or deleted."""

    __tablename__ = "moderation_events"
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    provider_id: orm.Mapped[int] = orm.mapped_column(sa.ForeignKey("providers.id"), index=True)
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
    At most one revision per provider is ``pending``; a newer edit supersedes it.
    """

    __tablename__ = "listing_revisions"
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    provider_id: orm.Mapped[int] = orm.mapped_column(
        sa.ForeignKey("providers.id", ondelete="CASCADE"), index=True)
    status: orm.Mapped[str] = orm.mapped_column(sa.Text, default="pending")
    data: orm.Mapped[dict] = orm.mapped_column(pg.JSONB)
    submitter_ip: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())
    decided_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
    moderator_id: orm.Mapped[int | None] = orm.mapped_column(sa.ForeignKey("moderators.id"))


class ModeratorSession(Base):
    """A signed-in browser: the cookie holds a random token, the table only its hash."""

    __tablename__ = "moderator_sessions"
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
    id: orm.Mapped[int] = orm.mapped_column(sa.BigInteger, sa.Identity(), primary_key=True)
    kind: orm.Mapped[str] = orm.mapped_column(sa.Text)
    provider_id: orm.Mapped[int | None] = orm.mapped_column(
        sa.ForeignKey("providers.id", ondelete="SET NULL"))
    recipient: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
    subject: orm.Mapped[str] = orm.mapped_column(sa.Text)
    body: orm.Mapped[str] = orm.mapped_column(sa.Text)
    created_at: orm.Mapped[dt.datetime] = orm.mapped_column(
        sa.DateTime(timezone=True), server_default=sa.func.now())
    sent_at: orm.Mapped[dt.datetime | None] = orm.mapped_column(sa.DateTime(timezone=True))
    attempts: orm.Mapped[int] = orm.mapped_column(sa.Integer, default=0)
    last_error: orm.Mapped[str | None] = orm.mapped_column(sa.Text)
