"""A session's plan for the case file: its actions (who does what by when, and how we will know)
and its decisions with their rationale; each stored redacted, by the supervisor or practitioner."""

from __future__ import annotations

from datetime import date

from sqlmodel import col, or_, select

from ..records.access import audit, can_change_action, refuse
from ..records.db import session_for
from ..records.models import Action, Decision, SupervisionSession, utcnow
from ..reflection.present import in_words
from .dates import parse_date
from .frameworks import Frameworks
from .sessions import SessionClosed, SessionInputError, check_driver, clean, session_row, step_id

ACTION_FIELDS = ("what", "who", "due", "done_check", "worked_check")


def action_problems(values: dict[str, str], today: date) -> dict[str, str]:
    """Field -> what is wrong with an action's fields; empty when it can be stored."""
    errors = {name: problem for name in ACTION_FIELDS
              if (problem := action_field_problem(name, values.get(name) or "", today))}
    return errors


def action_field_problem(name: str, value: str, today: date) -> str | None:
    """What is wrong with one field of an action, so a form can ask for that field again."""
    if not value.strip():
        return "This is needed."
    if name == "due":
        due = parse_date(value, today)
        if due is None:
            return "Give a day: 'tomorrow', 'next Friday', '15/12' or 2026-12-15."
        if due < today:
            return f"{in_words(due)} has passed: choose today or later."
    return None


def add_action(database_url: str, session_id: int, *, actor: str, values: dict[str, str],
               today: date | None = None) -> Action:
    """Store one action of the plan (text fields redacted); the supervisor or practitioner may."""
    today = today or utcnow().date()
    errors = action_problems(values, today)
    due = parse_date(values.get("due") or "", today)
    if errors or due is None:
        raise SessionInputError(errors)
    with session_for(database_url) as db:
        _open_to(db, session_id, actor)
        return _added(db, Action(session_id=session_id, what=clean(values["what"]),
                                 owner=values["who"].strip(), due=due,
                                 done_check=clean(values["done_check"]),
                                 worked_check=clean(values["worked_check"]), created_by=actor),
                      actor, "action")


def decision_problems(values: dict[str, str]) -> dict[str, str]:
    """Field -> what is wrong with a decision: both what was decided and why are needed."""
    return {name: "This is needed." for name in ("what", "rationale")
            if not (values.get(name) or "").strip()}


def add_decision(database_url: str, frameworks: Frameworks, session_id: int, *, actor: str,
                 what: str, rationale: str) -> Decision:
    """Store a decision the session reached and why (both redacted); the supervisor or the
    practitioner may, until the session is signed off."""
    errors = decision_problems({"what": what, "rationale": rationale})
    if errors:
        raise SessionInputError(errors)
    with session_for(database_url) as db:
        row = _open_to(db, session_id, actor)
        return _added(db, Decision(session_id=session_id, step=step_id(frameworks, row),
                                   what=clean(what), rationale=clean(rationale), decided_by=actor),
                      actor, "decision")


def mark_action_done(database_url: str, action_id: int, *, actor: str) -> Action:
    """The owner or the session's supervisor marks an action done."""
    with session_for(database_url) as db:
        action = db.get(Action, action_id)
        if action is None or not can_change_action(db, actor, action):
            refuse(db, actor=actor, subject=f"action:{action_id}", detail="done",
                   message="Only the action's owner or the session's supervisor can mark it done.")
        if action.status != "done":
            action.status, action.done_by, action.done_at = "done", actor, utcnow()
            audit(db, actor=actor, action="action_done", subject=f"action:{action_id}")
        return action


def actions_for(database_url: str, slack_user: str, limit: int = 20) -> list[Action]:
    """Open actions the person owns or supervises, soonest due first."""
    with session_for(database_url) as db:
        supervised = select(SupervisionSession.id).where(SupervisionSession.supervisor == slack_user)
        return list(db.exec(select(Action).where(
            Action.status == "open",
            or_(col(Action.owner) == slack_user, col(Action.session_id).in_(supervised)))
            .order_by(col(Action.due), col(Action.id)).limit(limit)).all())


def _open_to(db, session_id: int, actor: str) -> SupervisionSession:  # type: ignore[no-untyped-def]
    """The session, while its plan is open to this person (the supervisor or the practitioner,
    until it is signed off)."""
    row = session_row(db, session_id)
    check_driver(actor, row)
    if row.status == "closed":
        raise SessionClosed(f"Session {session_id} is closed.")
    return row


def _added(db, record, actor: str, kind: str):  # type: ignore[no-untyped-def]
    """Store an action or a decision of the plan, audited by its id (never its text)."""
    db.add(record)
    db.flush()
    audit(db, actor=actor, action=f"add_{kind}", subject=f"session:{record.session_id}",
          detail=f"{kind}={record.id}")
    return record
