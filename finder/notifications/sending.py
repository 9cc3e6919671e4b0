"""Deliver the outbox: each email on its own, the digest lines as one message per day.

A message is marked sent only after the mail server accepted it; one that fails keeps
its place (with the error and a count of attempts) and is tried again on the next run.
Rows are claimed with ``FOR UPDATE SKIP LOCKED``, so two senders never send one twice.
"""
import datetime as dt
import logging
import smtplib
from dataclasses import dataclass
from email.message import EmailMessage
from urllib.parse import parse_qs
from urllib.parse import unquote
from urllib.parse import urlsplit

from sqlalchemy import func
from sqlalchemy import select
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.models import OutboxMessage
from finder.redaction import EDIT_TOKEN
from finder.redaction import REDACTED
from finder.redaction import mask_email
from finder.redaction import redact_text

log = logging.getLogger(__name__)
UTC_DAY = "(created_at AT TIME ZONE 'UTC')::date"


@dataclass
class SendReport:
    """How a run went."""

    sent: int = 0
    failed: int = 0

    def count(self, ok: bool) -> None:
        """Add one delivery's outcome."""
        if ok:
            self.sent += 1
        else:
            self.failed += 1


class LogTransport:
    """Write messages to the log: what happens when no SMTP_URL is set."""

    def send(self, sender: str, recipients: list[str], subject: str, body: str) -> None:
        """Log one message."""
        # The address is a private listing field: the log shows enough to tell mails apart.
        # A reminder's body holds one-use links: the log is not a mailbox, they are redacted.
        log.info("mail (no SMTP_URL) to %s: %s\n%s", masked(recipients), subject,
                 redact_text(body))


class SmtpTransport:
    """Send over SMTP: ``smtp://user:pass@host:587`` (STARTTLS on 587 or with ``?starttls=true``)
    or ``smtps://user:pass@host:465`` (TLS from the start)."""

    def __init__(self, url: str):
        parts = urlsplit(url)
        if parts.scheme not in ("smtp", "smtps") or not parts.hostname:
            raise ValueError("SMTP_URL must look like smtp://user:password@host:587")
        self.tls = parts.scheme == "smtps"
        self.host = parts.hostname
        self.port = parts.port or (465 if self.tls else 25)
        query = parse_qs(parts.query)
        self.starttls = not self.tls and (self.port == 587 or
                                          query.get("starttls", ["false"])[0] == "true")
        self.user = unquote(parts.username) if parts.username else None
        self.password = unquote(parts.password) if parts.password else None

    def send(self, sender: str, recipients: list[str], subject: str, body: str) -> None:
        """Send one message, raising whatever the server or the network raised."""
        message = EmailMessage()
        message["From"], message["To"], message["Subject"] = sender, ", ".join(recipients), subject
        message.set_content(body)
        connect = smtplib.SMTP_SSL if self.tls else smtplib.SMTP
        with connect(self.host, self.port, timeout=30) as smtp:
            if self.starttls:
                smtp.starttls()
            if self.user:
                smtp.login(self.user, self.password or "")
            smtp.send_message(message)


def masked(recipients: list[str]) -> str:
    """Return the recipients as a log may show them (``j…@example.org``)."""
    return ", ".join(mask_email(r) for r in recipients)


def transport_for(smtp_url: str):
    """Return the SMTP transport for ``smtp_url``, or the log when it is empty."""
    return SmtpTransport(smtp_url) if smtp_url else LogTransport()


def claim_email(session: Session, after_id: int) -> OutboxMessage | None:
    """Lock and return the next unsent email after ``after_id``."""
    return session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == "email", OutboxMessage.sent_at.is_(None),
               OutboxMessage.id > after_id)
        .order_by(OutboxMessage.id).limit(1).with_for_update(skip_locked=True)).first()


def deliver(transport, sender: str, recipients: list[str], messages: list[OutboxMessage],
            subject: str, body: str) -> bool:
    """Send one message made of ``messages``; mark them sent, or record why it failed."""
    for message in messages:
        message.attempts += 1
    try:
        transport.send(sender, recipients, subject, body)
    except Exception as err:  # the network, the server, a refused address: keep and retry
        log.warning("could not send %r to %s: %s", subject, masked(recipients),
                    redact_text(str(err)))
        for message in messages:
            message.last_error = f"{type(err).__name__}: {err}"[:500]
        return False
    for message in messages:
        message.sent_at, message.last_error = func.now(), None
    return True


def deliver_email(message: OutboxMessage, transport, sender: str) -> bool:
    """Send one claimed email; once sent, its private links are no longer kept in clear."""
    ok = deliver(transport, sender, [message.recipient], [message], message.subject,
                 message.body)
    if ok and EDIT_TOKEN.search(message.body or ""):
        message.body = EDIT_TOKEN.sub(rf"\1{REDACTED}", message.body)
    return ok


def digest_days(session: Session, include_today: bool = False) -> list[dt.date]:
    """Return the UTC days with unsent digest lines; today only when asked (it isn't over)."""
    today = "" if include_today else f"AND {UTC_DAY} < (now() AT TIME ZONE 'UTC')::date"
    return list(session.scalars(text(
        f"SELECT DISTINCT {UTC_DAY} FROM outbox WHERE kind = 'digest' AND sent_at IS NULL "
        f"{today} ORDER BY 1")))


def deliver_digest(session: Session, day: dt.date, transport, sender: str,
                   recipients: list[str]) -> bool:
    """Send the moderators one message with every unsent line of ``day``."""
    lines = session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.kind == "digest", OutboxMessage.sent_at.is_(None),
               text(f"{UTC_DAY} = :day").bindparams(day=day))
        .order_by(OutboxMessage.id).with_for_update(skip_locked=True)).all()
    if not lines:
        return True
    body = "\n".join(f"- {line.body}" for line in lines)
    # Without addresses the digest still reaches someone: the log.
    target = transport if recipients else LogTransport()
    return deliver(target, sender, recipients or ["moderators"], lines,
                   f"finder moderation digest for {day.isoformat()} ({len(lines)})", body)
