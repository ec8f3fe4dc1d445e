"""Data functions for asks, feedback and event de-duplication. Each takes the session."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from .models import Ask, Feedback, SlackEvent, utcnow
from .workers import this_worker, worker_gone

STALE_CLAIM = timedelta(seconds=60)  # a claim this old, never finished, died with its worker


def record_ask(session: Session, *, surface: str, prompt: str, answer: dict,
               slack_team: str = "", slack_user: str = "", channel: str = "",
               thread_ts: str = "", message_ts: str = "") -> Ask:
    """Store an ask; `prompt` and `answer` must already be redacted."""
    ask = Ask(surface=surface, slack_team=slack_team, slack_user=slack_user, channel=channel,
              thread_ts=thread_ts, message_ts=message_ts, prompt=prompt, answer=answer,
              redactions=answer.get("redactions", []), no_match=bool(answer.get("no_match")),
              sources=sorted({item["source"] for item in answer.get("learning", [])}))
    session.add(ask)
    session.flush()
    return ask


def get_ask(session: Session, ask_id: int) -> Ask | None:
    return session.get(Ask, ask_id)


def ask_for_message(session: Session, *, channel: str, message_ts: str) -> Ask | None:
    """The ask already stored for this Slack message, if a worker answered it before."""
    return session.exec(select(Ask).where(Ask.channel == channel,
                                          Ask.message_ts == message_ts)).first()


def thread_prompts(session: Session, *, channel: str, thread_ts: str, limit: int = 5) -> list[str]:
    """Earlier (redacted) prompts of a conversation thread, oldest first."""
    rows = session.exec(select(Ask.prompt).where(Ask.channel == channel, Ask.thread_ts == thread_ts)
                        .order_by(col(Ask.id).desc()).limit(limit)).all()
    return list(reversed(rows))


def is_bot_thread(session: Session, *, channel: str, thread_ts: str) -> bool:
    """The bot has answered in this thread before."""
    found = session.exec(select(Ask.id).where(Ask.channel == channel, Ask.thread_ts == thread_ts)
                         .limit(1)).first()
    return found is not None


def recent_asks(session: Session, *, slack_user: str, limit: int = 5) -> list[Ask]:
    return list(session.exec(select(Ask).where(Ask.slack_user == slack_user)
                             .order_by(col(Ask.id).desc()).limit(limit)).all())


def record_feedback(session: Session, *, ask_id: int, slack_user: str, helpful: bool,
                    reason: str = "") -> Feedback:
    """Store a feedback click (the reason must already be redacted)."""
    feedback = Feedback(ask_id=ask_id, slack_user=slack_user, helpful=helpful, reason=reason)
    session.add(feedback)
    session.flush()
    return feedback


def gave_feedback(session: Session, *, ask_id: int, slack_user: str) -> bool:
    return session.exec(select(Feedback.id).where(Feedback.ask_id == ask_id,
                                                  Feedback.slack_user == slack_user)).first() is not None


def claim_event(session: Session, *, event_id: str, now: datetime | None = None,
                pending: dict | None = None) -> bool:
    """True when this worker should handle the event: first sight, or an unfinished claim whose
    worker has died (known at once on this host, elsewhere once the claim is stale)."""
    now = now or utcnow()
    try:
        with session.begin_nested():
            session.add(SlackEvent(event_id=event_id, claimed_at=now, owner=this_worker(),
                                   pending=pending))
        return True
    except IntegrityError:
        pass
    seen = session.get(SlackEvent, event_id, with_for_update=True)
    if seen is None or not _abandoned(seen, now):
        return False
    seen.claimed_at, seen.owner = now, this_worker()
    return True


def _abandoned(seen: SlackEvent, now: datetime) -> bool:
    """An unfinished claim whose worker has died (known at once on this host, else when stale)."""
    claimed = seen.claimed_at if seen.claimed_at.tzinfo else seen.claimed_at.replace(tzinfo=timezone.utc)
    return not seen.done and (now - claimed >= STALE_CLAIM or worker_gone(seen.owner))


def abandoned_events(session: Session, now: datetime | None = None) -> list[dict]:
    """The events, as received (text redacted), that dead workers claimed and never finished."""
    now = now or utcnow()
    rows = session.exec(select(SlackEvent).where(SlackEvent.done == False,  # noqa: E712
                                                 col(SlackEvent.pending).is_not(None))).all()
    return [row.pending for row in rows if row.pending and _abandoned(row, now)]


def finish_event(session: Session, *, event_id: str) -> None:
    seen = session.get(SlackEvent, event_id)
    if seen is not None:
        seen.done, seen.pending = True, None
