"""Retention: records older than the configured period are deleted; the purge itself is audited.

The audit log is kept (it holds ids and counts, no record text, and the database refuses deletes).
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlmodel import col, delete, select

from .access import audit
from .db import session_for
from .models import (
    Action,
    Ask,
    Decision,
    Entry,
    Feedback,
    RememberedName,
    SlackEvent,
    StepMove,
    SupervisionSession,
    utcnow,
)


def purge(database_url: str, *, older_than_days: int, actor: str,
          now: datetime | None = None) -> dict[str, int]:
    """Delete asks, sessions and what hangs from them created before the cutoff; counts by kind."""
    if older_than_days < 1:
        raise ValueError("The retention period must be at least one day.")
    cutoff = (now or utcnow()) - timedelta(days=older_than_days)
    with session_for(database_url) as db:
        old_asks = select(Ask.id).where(col(Ask.created_at) < cutoff)
        old_sessions = select(SupervisionSession.id).where(col(SupervisionSession.created_at) < cutoff)
        counts = {
            "feedback": _delete(db, delete(Feedback).where(col(Feedback.ask_id).in_(old_asks))),
            "asks": _delete(db, delete(Ask).where(col(Ask.created_at) < cutoff)),
            "entries": _delete(db, delete(Entry).where(col(Entry.session_id).in_(old_sessions))),
            "actions": _delete(db, delete(Action).where(col(Action.session_id).in_(old_sessions))),
            "decisions": _delete(db, delete(Decision).where(col(Decision.session_id).in_(old_sessions))),
            "step_moves": _delete(db, delete(StepMove).where(col(StepMove.session_id).in_(old_sessions))),
            "sessions": _delete(db, delete(SupervisionSession)
                                .where(col(SupervisionSession.created_at) < cutoff)),
            "slack_events": _delete(db, delete(SlackEvent).where(col(SlackEvent.claimed_at) < cutoff)),
            "remembered_names": _delete(db, delete(RememberedName)
                                        .where(col(RememberedName.created_at) < cutoff)),
        }
        audit(db, actor=actor, action="purge", subject="records",
              detail=f"older_than_days={older_than_days} " + " ".join(f"{k}={v}" for k, v in counts.items()))
    return counts


def _delete(db, statement) -> int:  # type: ignore[no-untyped-def]
    return int(db.exec(statement).rowcount or 0)
