"""Closing a session: the supervisor's sign-off with management oversight and the next date, the
summary in words, and the practitioner's acknowledgement of the record."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlmodel import col, select

from ..records import people
from ..records.access import NotAllowed, audit, refuse
from ..records.db import session_for
from ..records.models import Action, Decision, Entry, SupervisionSession, utcnow
from ..reflection.present import day, in_words
from .dates import parse_date
from .frameworks import Framework, Frameworks
from .plan import action_field_problem
from .sessions import SessionClosed, SessionInputError, State, clean, session_row, state_of


@dataclass
class Closing:
    state: State
    summary: str
    actions: list[Action] = field(default_factory=list)


def sign_off_problems(values: dict[str, str], today: date) -> dict[str, str]:
    """Field -> what is wrong with the sign-off: the supervisor's oversight and the next date."""
    errors = {}
    if not (values.get("oversight") or "").strip():
        errors["oversight"] = ("Record your management oversight: your view of the work and the "
                               "direction you have given.")
    if problem := action_field_problem("due", values.get("next_date") or "", today):
        errors["next_date"] = problem.replace("This is needed.", "Give the next supervision date.")
    return errors


def close(database_url: str, frameworks: Frameworks, session_id: int, *, actor: str,
          values: dict[str, str], review_title: str = "", today: date | None = None) -> Closing:
    """Close and sign off the session (the supervisor only) with their management oversight and
    the next supervision date, storing its summary."""
    today = today or utcnow().date()
    with session_for(database_url) as db:
        row = session_row(db, session_id)
        if actor != row.supervisor:
            raise NotAllowed("Only the supervisor who opened the session can close and sign it off.")
        if row.status != "closed":
            errors = sign_off_problems(values, today)
            if errors:
                raise SessionInputError(errors)
            now = utcnow()
            row.oversight = clean(values["oversight"])
            row.next_date = parse_date(values["next_date"], today)
            row.status, row.closed_at, row.updated_at = "closed", now, now
            row.signed_off_by, row.signed_off_at = actor, now
            content = _content(db, session_id)
            row.summary = summary_text(frameworks.get(row.framework), row, *content,
                                       review_title=review_title, names=_names(db, row, content))
            audit(db, actor=actor, action="close", subject=f"session:{session_id}",
                  detail=f"entries={len(content[0])} decisions={len(content[1])} "
                         f"actions={len(content[2])}")
        actions = _content(db, session_id)[2]
        return Closing(state_of(db, frameworks, row), row.summary, actions)


def acknowledge(database_url: str, frameworks: Frameworks, session_id: int, *, actor: str) -> State:
    """The practitioner records that they have read the signed-off record (audited)."""
    with session_for(database_url) as db:
        row = session_row(db, session_id)
        if not row.supervisee or actor != row.supervisee:
            refuse(db, actor=actor, subject=f"session:{session_id}", detail="acknowledge",
                   message="Only the practitioner supervised in this session can acknowledge its record.")
        if row.status != "closed":
            raise SessionClosed("The record can be acknowledged once the supervisor has signed it off.")
        if not row.acknowledged_by:
            row.acknowledged_by, row.acknowledged_at = actor, utcnow()
            audit(db, actor=actor, action="acknowledge", subject=f"session:{session_id}")
        return state_of(db, frameworks, row)


SAID_CHARS = 160  # of each step's first contribution, in the summary


def summary_text(framework: Framework, row: SupervisionSession, entries: list[Entry],
                 decisions: list[Decision], actions: list[Action], *, review_title: str = "",
                 names: dict[str, str] | None = None) -> str:
    """The summary in words for the thread and the record: who, what was discussed, the learning
    cited, what was decided and why, the actions, the oversight and the next date."""
    def name(user: str) -> str:
        return (names or {}).get(user) or user

    if row.supervisee:
        who = f"with {name(row.supervisee)}, case {row.case_ref}"
    elif framework.audience == "team":  # its reference names the team or the learning event
        who = f"with {row.case_ref}"
    else:
        who = f"with a team, case {row.case_ref}"
    lines = [f"{framework.name} session {row.id} {who}, led by {name(row.supervisor)}."]
    if review_title:
        lines.append(f"Review discussed: {review_title}.")
    discussed = []
    for step in framework.steps:
        said = [e for e in entries if e.step == step.id and e.kind != "learning"]
        if said:
            more = f" (and {len(said) - 1} more)" if len(said) > 1 else ""
            discussed.append(f"- {step.title}: {_clip(said[0].text)}{more}")
    lines += ["Discussed:", *discussed] if discussed else ["Nothing was recorded at the steps."]
    cited = sorted({item["title"] for e in entries if e.kind == "learning"
                    for item in e.answer.get("learning", [])})
    if cited:
        lines.append("Learning cited from: " + ", ".join(cited) + ".")
    if decisions:
        lines += ["Decided:", *(f"- {d.what.rstrip('.')}, because {_lower_first(d.rationale)}"
                                for d in decisions)]
    else:
        lines.append("No decisions were recorded.")
    for action in actions:
        lines.append(f"Action {action.id}: {action.what} ({name(action.owner)}, by {day(action.due)}).")
    if not actions:
        lines.append("No actions were recorded.")
    if row.oversight:
        lines.append(f"Management oversight: {row.oversight}")
    if row.next_date:
        lines.append(f"Next supervision: {in_words(row.next_date)}.")
    return "\n".join(lines)


def _content(db, session_id: int) -> tuple[list[Entry], list[Decision], list[Action]]:  # type: ignore[no-untyped-def]
    def rows(model):  # type: ignore[no-untyped-def]
        return list(db.exec(select(model).where(model.session_id == session_id)
                            .order_by(col(model.id))).all())
    return rows(Entry), rows(Decision), rows(Action)


def _names(db, row: SupervisionSession, content) -> dict[str, str]:  # type: ignore[no-untyped-def]
    entries, decisions, actions = content
    return people.names(db, {row.supervisor, row.supervisee, *(a.owner for a in actions),
                             *(d.decided_by for d in decisions)} - {""})


def _lower_first(text: str) -> str:
    """'A baby…' reads on after 'because'; 'NHS…' and 'I…' keep their capitals."""
    word = text.split(" ", 1)[0]
    ordinary = word[:1].isupper() and (word[1:].islower() or word == "A")
    return text[0].lower() + text[1:] if ordinary else text


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SAID_CHARS else flat[:SAID_CHARS].rsplit(" ", 1)[0] + "…"
