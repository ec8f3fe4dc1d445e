"""A supervision session's life in the records: opening, entries filed by step, moving, pausing.

Each function opens its own records transaction, checks who may do what, and stores only redacted
text. The plan (plan.py), the sign-off (signoff.py) and the learning (learning.py) build on these;
surfaces call them through flow.py.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import col, select

from ..privacy import describe, found_names, redact
from ..records import memory, people
from ..records.access import NotAllowed, Refused, audit, is_supervisor, refuse, took_part
from ..records.db import session_for
from ..records.models import Entry, StepMove, SupervisionSession, utcnow
from .frameworks import Framework, Frameworks, Step
from .opening import Opening, opening_problems

MAX_ENTRY_CHARS = 4000


class SessionInputError(Refused, ValueError):
    """What was given cannot open a session or make an action; one message per field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


class SessionClosed(Refused):
    """The session is paused or closed, so it takes no entries."""


class NoSession(Refused, LookupError):
    """No such session (a button from another install, or one purged since)."""


class MovedOn(Refused):
    """A button of a step the session has already left."""


@dataclass(frozen=True)
class State:
    """Where a session stands: what the surfaces need to show it."""

    id: int
    framework: Framework
    index: int
    status: str
    supervisor: str
    supervisee: str
    team_channel: str
    case_ref: str
    review: str
    channel: str
    thread_ts: str
    functions: tuple[str, ...] = ()
    acknowledged_by: str = ""

    @property
    def step(self) -> Step:
        return self.framework.steps[self.index]

    @property
    def is_last(self) -> bool:
        return self.index == len(self.framework.steps) - 1


@dataclass(frozen=True)
class Stored:
    entry_id: int | None  # None when there was nothing to store (an empty message)
    privacy_note: str = ""
    retried: bool = False  # this message was stored before: entry_id is that first entry
    text: str = ""  # the entry as the record keeps it (redacted)


def start(database_url: str, frameworks: Frameworks, reviews: dict[str, str], opening: Opening) -> int:
    """Open a session; the supervisor must hold the supervisor role. Returns its id."""
    errors = opening_problems(frameworks, reviews, opening)
    if errors:
        raise SessionInputError(errors)
    with session_for(database_url) as db:
        if not is_supervisor(db, opening.supervisor):
            raise NotAllowed("Only supervisors can open a supervision session. Ask your admin to "
                             "add you to the supervisors (REFLECT_SUPERVISORS or the Slack group).")
        row = SupervisionSession(
            framework=opening.framework, supervisor=opening.supervisor,
            supervisee=opening.supervisee, team_channel=opening.team_channel,
            case_ref=opening.case_ref.strip(), functions=list(opening.functions),
            review=opening.review if frameworks.get(opening.framework).needs_review else "",
            surface=opening.surface, channel=opening.channel)
        db.add(row)
        db.flush()
        assert row.id is not None
        db.add(StepMove(session_id=row.id, step=0, at=row.created_at))
        people.link(db, supervisor=opening.supervisor, supervisee=opening.supervisee)
        audit(db, actor=opening.supervisor, action="open", subject=f"session:{row.id}",
              detail=f"framework={opening.framework}")
        return row.id


def abandon(database_url: str, session_id: int, *, actor: str, reason: str) -> None:
    """Close a session that never got going (its thread could not be posted): nothing is left
    'active' that no one can reach."""
    with session_for(database_url) as db:
        row = session_row(db, session_id)
        now = utcnow()
        row.status, row.closed_at, row.updated_at = "closed", now, now
        row.summary = f"Not started: {reason}"
        audit(db, actor=actor, action="abandon", subject=f"session:{session_id}")


def attach_thread(database_url: str, session_id: int, *, channel: str, thread_ts: str) -> None:
    """Remember the Slack thread the session runs in."""
    with session_for(database_url) as db:
        row = session_row(db, session_id)
        row.channel, row.thread_ts = channel, thread_ts


def in_thread(database_url: str, *, channel: str, thread_ts: str) -> int | None:
    """The session running in this Slack thread, if any."""
    with session_for(database_url) as db:
        return db.exec(select(SupervisionSession.id).where(
            SupervisionSession.channel == channel, SupervisionSession.thread_ts == thread_ts)).first()


def state(database_url: str, frameworks: Frameworks, session_id: int) -> State:
    with session_for(database_url) as db:
        return state_of(db, frameworks, session_row(db, session_id))


def add_entry(database_url: str, frameworks: Frameworks, session_id: int, *, author: str,
              text: str, source_ts: str | None = None, kind: str = "entry",
              key: bytes = b"") -> Stored:
    """Store what someone said at the current step, redacted; a retried message is stored once.
    With the redaction key, names said earlier in the session go from this entry too."""
    text = text[:MAX_ENTRY_CHARS]
    with session_for(database_url) as db:
        scope = memory.session_scope(session_id)
        known = memory.recall(db, scope=scope, key=key) if key else None
        redacted, redactions = redact(text, known=known)
        if not redacted.strip():
            return Stored(None)
        row = session_row(db, session_id)
        if row.status != "active":
            raise SessionClosed(f"Session {session_id} is {row.status}; resume it to add to it.")
        if not (took_part(db, author, row) or row.team_channel):
            raise NotAllowed("Only the supervisor and the practitioner add to this session.")
        earlier = source_ts and db.exec(select(Entry.id).where(
            Entry.session_id == session_id, Entry.source_ts == source_ts)).first()
        if earlier:
            return Stored(earlier, retried=True)
        entry = Entry(session_id=session_id, step=_step_said(db, frameworks, row, source_ts), author=author,
                      kind=kind, text=redacted, source_ts=source_ts,
                      redactions=[{"kind": r.kind, "count": r.count} for r in redactions])
        db.add(entry)
        row.updated_at = utcnow()
        if known is not None:
            memory.remember(db, scope=scope, key=key, words=found_names(text, known), known=known)
        db.flush()
        return Stored(entry.id, describe(redactions), text=redacted)


def move(database_url: str, frameworks: Frameworks, session_id: int, *, actor: str,
         by: int, at: int | None = None) -> State:
    """Go on (by=1) or back (by=-1) a step; the supervisor or the practitioner may. With `at`,
    the step the button was on: MovedOn when the session has left it (a second click)."""
    with session_for(database_url) as db:
        row = session_row(db, session_id)
        check_driver(actor, row)
        if row.status != "active":
            raise SessionClosed(f"Session {session_id} is {row.status}.")
        if at is not None and at != row.step:
            raise MovedOn("The session has already moved on from that step.")
        last = len(frameworks.get(row.framework).steps) - 1
        row.step = max(0, min(last, row.step + by))
        row.updated_at = utcnow()
        db.add(StepMove(session_id=session_id, step=row.step, at=row.updated_at))
        return state_of(db, frameworks, row)


def set_status(database_url: str, frameworks: Frameworks, session_id: int, *, actor: str,
               status: str) -> State:
    """Pause or resume a session."""
    assert status in ("active", "paused")
    with session_for(database_url) as db:
        row = session_row(db, session_id)
        check_driver(actor, row)
        if row.status == "closed":
            raise SessionClosed(f"Session {session_id} is closed.")
        row.status, row.updated_at = status, utcnow()
        audit(db, actor=actor, action="pause" if status == "paused" else "resume",
              subject=f"session:{session_id}")
        return state_of(db, frameworks, row)


def record_scale(database_url: str, frameworks: Frameworks, session_id: int, *, author: str,
                 value: int, channel: str | None = None) -> Stored:
    """A 0-10 rating, at the step that asks for it. `channel` is where the choice was made (Slack
    says so in the click): in a team session, only the supervisor and the practitioner may
    rate from anywhere else, so a choice forged from outside the team's channel stores nothing."""
    if not 0 <= value <= 10:
        raise SessionInputError({"scale": "Choose a number from 0 to 10."})
    with session_for(database_url) as db:
        row = session_row(db, session_id)
        if not frameworks.get(row.framework).steps[row.step].scale:
            raise MovedOn("The session has moved on from the safety scale.")
        outside = channel is not None and channel != row.channel
        if outside and author not in (row.supervisor, row.supervisee):
            refuse(db, actor=author, subject=f"session:{session_id}",
                   detail="scale from outside its channel",
                   message="Only the people in this session's channel can rate it.")
    return add_entry(database_url, frameworks, session_id, author=author, kind="scale",
                     text=f"Safety scale: {value} out of 10")


def session_row(db, session_id: int) -> SupervisionSession:  # type: ignore[no-untyped-def]
    row = db.get(SupervisionSession, session_id)
    if row is None:
        raise NoSession(f"There is no supervision session {session_id}.")
    return row


def state_of(db, frameworks: Frameworks, row: SupervisionSession) -> State:  # type: ignore[no-untyped-def]
    assert row.id is not None
    return State(row.id, frameworks.get(row.framework), row.step, row.status, row.supervisor,
                 row.supervisee, row.team_channel, row.case_ref, row.review, row.channel,
                 row.thread_ts, tuple(row.functions), row.acknowledged_by)


def step_id(frameworks: Frameworks, row: SupervisionSession) -> str:
    return frameworks.get(row.framework).steps[row.step].id


def _step_said(db, frameworks: Frameworks, row: SupervisionSession,  # type: ignore[no-untyped-def]
               source_ts: str | None) -> str:
    """The step in force when a Slack message was posted (its ts is the time it was posted), so
    a reply processed late, or after a quick Back, is filed where it was said."""
    posted = _posted_at(source_ts)
    if posted is None:
        return step_id(frameworks, row)
    move = db.exec(select(StepMove.step).where(StepMove.session_id == row.id,
                                               col(StepMove.at) <= posted)
                   .order_by(col(StepMove.at).desc(), col(StepMove.id).desc())).first()
    steps = frameworks.get(row.framework).steps
    return steps[move if move is not None and move < len(steps) else row.step].id


def _posted_at(source_ts: str | None) -> datetime | None:
    try:
        return datetime.fromtimestamp(float(source_ts or ""), timezone.utc)
    except (ValueError, OverflowError, OSError):
        return None


def check_driver(actor: str, row: SupervisionSession) -> None:
    if actor not in (row.supervisor, row.supervisee):
        raise NotAllowed("Only the supervisor and the practitioner can move this session on.")


def clean(text: str) -> str:
    return redact(text.strip()[:MAX_ENTRY_CHARS])[0]


