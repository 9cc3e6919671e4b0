"""The audit trail: one append-only row for every submission, edit and decision."""
from sqlalchemy import text
from sqlalchemy.orm import Session

from finder.models import ModerationEvent


def record(session: Session, provider_id: int, action: str, *, moderator_id: int | None = None,
           reason: str | None = None, changes: dict | None = None) -> None:
    """Append an event to ``provider_id``'s history."""
    session.add(ModerationEvent(provider_id=provider_id, moderator_id=moderator_id,
                                action=action, reason=reason, changes=changes))


def history(session: Session, provider_id: int) -> list[dict]:
    """Return ``provider_id``'s events, oldest first, with the moderator's name."""
    session.flush()
    rows = session.execute(text(
        "SELECT e.id, e.action, e.created_at, m.name AS moderator, e.reason, e.changes "
        "FROM moderation_events e LEFT JOIN moderators m ON m.id = e.moderator_id "
        "WHERE e.provider_id = :id ORDER BY e.id"), {"id": provider_id}).mappings()
    return [{**row, "created_at": row["created_at"].isoformat()} for row in rows]
