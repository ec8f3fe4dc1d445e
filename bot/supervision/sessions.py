"""A supervision session from opening to sign-off: the one set of functions Slack and the terminal call.

Each function opens its own records transaction, checks who may do what, and stores only redacted
text. Review learning is never held in a transaction: it is retrieved first, then stored.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime, timezone

from sqlmodel import col, or_, select

from ..privacy import describe, found_names, redact, storable
from ..records import memory, people
from ..records.access import (
    NotAllowed,
    Refused,
    audit,
    can_change_action,
    is_supervisor,
    refuse,
    took_part,
)
from ..records.db import session_for
from ..records.models import Action, Decision, Entry, StepMove, SupervisionSession, utcnow
from ..reflection import Answer, Engine
from ..reflection.inputs import MAX_SEARCH_CHARS
from .case_ref import case_ref_problem
from .dates import in_words, parse_date
from .frameworks import Framework, Frameworks, Step

ACTION_FIELDS = ("what", "who", "due", "done_check", "worked_check")
MAX_ENTRY_CHARS = 4000
MAX_ID_CHARS = 64  # a Slack ID, as the records key people


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
class Opening:
    framework: str
    supervisor: str
    case_ref: str
    supervisee: str = ""
    team_channel: str = ""
    functions: tuple[str, ...] = ()
    review: str = ""  # a document path from the index, for team learning
    surface: str = "slack"
    channel: str = ""


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


@dataclass
class Closing:
    state: State
    summary: str
    actions: list[Action] = field(default_factory=list)


def opening_problems(frameworks: Frameworks, reviews: dict[str, str], opening: Opening) -> dict[str, str]:
    """Field name -> what is wrong, for a modal or a prompt; empty when the opening is good."""
    errors: dict[str, str] = {}
    try:
        framework = frameworks.get(opening.framework)
    except KeyError:
        return {"framework": "Choose a framework."}
    problem = case_ref_problem(opening.case_ref, team=framework.audience == "team")
    if problem:
        errors["case_ref"] = problem
    if framework.audience == "team" and not opening.team_channel:
        errors["team_channel"] = "A team session needs the team's channel."
    if framework.audience == "individual" and not (opening.supervisee or opening.team_channel):
        errors["supervisee"] = "Choose the practitioner you are supervising, or a team channel."
    if opening.supervisee and opening.supervisee == opening.supervisor:
        errors["supervisee"] = "Choose someone other than yourself."
    for name, value in (("supervisee", opening.supervisee), ("team_channel", opening.team_channel)):
        if len(value) > MAX_ID_CHARS or storable(value) != value:
            errors[name] = "That is not a Slack user or channel I can record; choose from the list."
    if framework.needs_review and opening.review not in reviews:
        errors["review"] = "Choose the review the team will learn from."
    unknown = [f for f in opening.functions if f not in {x.id for x in frameworks.functions}]
    if unknown:
        errors["functions"] = f"Unknown supervision function: {', '.join(unknown)}."
    return errors


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
        row = _row(db, session_id)
        now = utcnow()
        row.status, row.closed_at, row.updated_at = "closed", now, now
        row.summary = f"Not started: {reason}"
        audit(db, actor=actor, action="abandon", subject=f"session:{session_id}")


def attach_thread(database_url: str, session_id: int, *, channel: str, thread_ts: str) -> None:
    """Remember the Slack thread the session runs in."""
    with session_for(database_url) as db:
        row = _row(db, session_id)
        row.channel, row.thread_ts = channel, thread_ts


def in_thread(database_url: str, *, channel: str, thread_ts: str) -> int | None:
    """The session running in this Slack thread, if any."""
    with session_for(database_url) as db:
        return db.exec(select(SupervisionSession.id).where(
            SupervisionSession.channel == channel, SupervisionSession.thread_ts == thread_ts)).first()


def state(database_url: str, frameworks: Frameworks, session_id: int) -> State:
    with session_for(database_url) as db:
        return _state(db, frameworks, _row(db, session_id))


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
        row = _row(db, session_id)
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
        row = _row(db, session_id)
        _check_driver(actor, row)
        if row.status != "active":
            raise SessionClosed(f"Session {session_id} is {row.status}.")
        if at is not None and at != row.step:
            raise MovedOn("The session has already moved on from that step.")
        last = len(frameworks.get(row.framework).steps) - 1
        row.step = max(0, min(last, row.step + by))
        row.updated_at = utcnow()
        db.add(StepMove(session_id=session_id, step=row.step, at=row.updated_at))
        return _state(db, frameworks, row)


def set_status(database_url: str, frameworks: Frameworks, session_id: int, *, actor: str,
               status: str) -> State:
    """Pause or resume a session."""
    assert status in ("active", "paused")
    with session_for(database_url) as db:
        row = _row(db, session_id)
        _check_driver(actor, row)
        if row.status == "closed":
            raise SessionClosed(f"Session {session_id} is closed.")
        row.status, row.updated_at = status, utcnow()
        audit(db, actor=actor, action="pause" if status == "paused" else "resume",
              subject=f"session:{session_id}")
        return _state(db, frameworks, row)


def learning_query(database_url: str, session_id: int) -> str:
    """Everything said so far in the session (already redacted), newest first, as one query."""
    with session_for(database_url) as db:
        texts = db.exec(select(Entry.text).where(Entry.session_id == session_id,
                                                 Entry.kind == "entry")
                        .order_by(col(Entry.id).desc())).all()
    return "\n".join(texts)[:MAX_SEARCH_CHARS - 200]


def bring_learning(database_url: str, engine: Engine, frameworks: Frameworks, session_id: int,
                   review_title: str = "") -> Answer | None:
    """Retrieve cited learning for the session so far and store it as a learning entry;
    None when nothing has been said yet to search with."""
    query = learning_query(database_url, session_id)
    if not query.strip():
        return None
    answer = engine.ask(f"{review_title}: {query}" if review_title else query)
    with session_for(database_url) as db:
        row = _row(db, session_id)
        db.add(Entry(session_id=session_id, step=_step_id(frameworks, row), author="bot",
                     kind="learning", text=_learning_text(answer),
                     answer=answer.to_dict(full=True)))
    return answer


def record_scale(database_url: str, frameworks: Frameworks, session_id: int, *, author: str,
                 value: int) -> Stored:
    if not 0 <= value <= 10:
        raise SessionInputError({"scale": "Choose a number from 0 to 10."})
    return add_entry(database_url, frameworks, session_id, author=author, kind="scale",
                     text=f"Safety scale: {value} out of 10")


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
               today: date | None = None) -> int:
    """Store one action of the plan (text fields redacted); the supervisor or practitioner may."""
    today = today or utcnow().date()
    errors = action_problems(values, today)
    due = parse_date(values.get("due") or "", today)
    if errors or due is None:
        raise SessionInputError(errors)
    with session_for(database_url) as db:
        row = _row(db, session_id)
        _check_driver(actor, row)
        if row.status == "closed":
            raise SessionClosed(f"Session {session_id} is closed.")
        action = Action(session_id=session_id, what=_clean(values["what"]),
                        owner=values["who"].strip(), due=due,
                        done_check=_clean(values["done_check"]),
                        worked_check=_clean(values["worked_check"]), created_by=actor)
        db.add(action)
        db.flush()
        audit(db, actor=actor, action="add_action", subject=f"session:{session_id}",
              detail=f"action={action.id}")
        assert action.id is not None
        return action.id


def add_decision(database_url: str, frameworks: Frameworks, session_id: int, *, actor: str,
                 what: str, rationale: str) -> int:
    """Store a decision the session reached and why (both redacted); the supervisor or the
    practitioner may, until the session is signed off."""
    errors = decision_problems({"what": what, "rationale": rationale})
    if errors:
        raise SessionInputError(errors)
    with session_for(database_url) as db:
        row = _row(db, session_id)
        _check_driver(actor, row)
        if row.status == "closed":
            raise SessionClosed(f"Session {session_id} is closed.")
        decision = Decision(session_id=session_id, step=_step_id(frameworks, row), what=_clean(what),
                            rationale=_clean(rationale), decided_by=actor)
        db.add(decision)
        db.flush()
        audit(db, actor=actor, action="add_decision", subject=f"session:{session_id}",
              detail=f"decision={decision.id}")
        assert decision.id is not None
        return decision.id


def decision_problems(values: dict[str, str]) -> dict[str, str]:
    """Field -> what is wrong with a decision: both what was decided and why are needed."""
    return {name: "This is needed." for name in ("what", "rationale")
            if not (values.get(name) or "").strip()}


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
        row = _row(db, session_id)
        if actor != row.supervisor:
            raise NotAllowed("Only the supervisor who opened the session can close and sign it off.")
        if row.status != "closed":
            errors = sign_off_problems(values, today)
            if errors:
                raise SessionInputError(errors)
            now = utcnow()
            row.oversight = _clean(values["oversight"])
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
        return Closing(_state(db, frameworks, row), row.summary, actions)


def acknowledge(database_url: str, frameworks: Frameworks, session_id: int, *, actor: str) -> State:
    """The practitioner records that they have read the signed-off record (audited)."""
    with session_for(database_url) as db:
        row = _row(db, session_id)
        if not row.supervisee or actor != row.supervisee:
            refuse(db, actor=actor, subject=f"session:{session_id}", detail="acknowledge",
                   message="Only the practitioner supervised in this session can acknowledge its record.")
        if row.status != "closed":
            raise SessionClosed("The record can be acknowledged once the supervisor has signed it off.")
        if not row.acknowledged_by:
            row.acknowledged_by, row.acknowledged_at = actor, utcnow()
            audit(db, actor=actor, action="acknowledge", subject=f"session:{session_id}")
        return _state(db, frameworks, row)


SAID_CHARS = 160  # of each step's first contribution, in the summary


def summary_text(framework: Framework, row: SupervisionSession, entries: list[Entry],
                 decisions: list[Decision], actions: list[Action], *, review_title: str = "",
                 names: dict[str, str] | None = None) -> str:
    """The summary in words for the thread and the record: who, what was discussed, the learning
    cited, what was decided and why, the actions, the oversight and the next date."""
    def name(user: str) -> str:
        return (names or {}).get(user) or user

    who = f"with {name(row.supervisee)}" if row.supervisee else f"with the team in {name(row.team_channel)}"
    lines = [f"{framework.name} session {row.id} {who}, {_ref_label(framework)} {row.case_ref}, "
             f"led by {name(row.supervisor)}."]
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
        lines.append(f"Action {action.id}: {action.what} ({name(action.owner)}, by {action.due:%d %b %Y}).")
    if not actions:
        lines.append("No actions were recorded.")
    if row.oversight:
        lines.append(f"Management oversight: {row.oversight}")
    if row.next_date:
        lines.append(f"Next supervision: {in_words(row.next_date)}.")
    return "\n".join(lines)


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


def _row(db, session_id: int) -> SupervisionSession:  # type: ignore[no-untyped-def]
    row = db.get(SupervisionSession, session_id)
    if row is None:
        raise NoSession(f"There is no supervision session {session_id}.")
    return row


def _state(db, frameworks: Frameworks, row: SupervisionSession) -> State:  # type: ignore[no-untyped-def]
    assert row.id is not None
    return State(row.id, frameworks.get(row.framework), row.step, row.status, row.supervisor,
                 row.supervisee, row.team_channel, row.case_ref, row.review, row.channel,
                 row.thread_ts, tuple(row.functions), row.acknowledged_by)


def _step_id(frameworks: Frameworks, row: SupervisionSession) -> str:
    return frameworks.get(row.framework).steps[row.step].id


def _step_said(db, frameworks: Frameworks, row: SupervisionSession,  # type: ignore[no-untyped-def]
               source_ts: str | None) -> str:
    """The step in force when a Slack message was posted (its ts is the time it was posted), so
    a reply processed late, or after a quick Back, is filed where it was said."""
    posted = _posted_at(source_ts)
    if posted is None:
        return _step_id(frameworks, row)
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


def _content(db, session_id: int) -> tuple[list[Entry], list[Decision], list[Action]]:  # type: ignore[no-untyped-def]
    def rows(model):  # type: ignore[no-untyped-def]
        return list(db.exec(select(model).where(model.session_id == session_id)
                            .order_by(col(model.id))).all())
    return rows(Entry), rows(Decision), rows(Action)


def _names(db, row: SupervisionSession, content) -> dict[str, str]:  # type: ignore[no-untyped-def]
    entries, decisions, actions = content
    return people.names(db, {row.supervisor, row.supervisee, *(a.owner for a in actions),
                             *(d.decided_by for d in decisions)} - {""})


def _ref_label(framework: Framework) -> str:
    return "team" if framework.audience == "team" else "case"


def _lower_first(text: str) -> str:
    """'A baby…' reads on after 'because'; 'NHS…' and 'I…' keep their capitals."""
    word = text.split(" ", 1)[0]
    ordinary = word[:1].isupper() and (word[1:].islower() or word == "A")
    return text[0].lower() + text[1:] if ordinary else text


def _clip(text: str) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= SAID_CHARS else flat[:SAID_CHARS].rsplit(" ", 1)[0] + "…"


def _check_driver(actor: str, row: SupervisionSession) -> None:
    if actor not in (row.supervisor, row.supervisee):
        raise NotAllowed("Only the supervisor and the practitioner can move this session on.")


def _clean(text: str) -> str:
    return redact(text.strip()[:MAX_ENTRY_CHARS])[0]


def _learning_text(answer: Answer) -> str:
    """The learning entry's own words; its passages and citations are kept with it."""
    if answer.no_match:
        return "Nothing close in the reviews."
    titles = list(dict.fromkeys(item.title for item in answer.learning))
    return ("Learning from case reviews, found from everything said so far in the session: "
            + ", ".join(titles) + ".")
