"""The supervision core both surfaces run on: what a surface shows at each moment, and every change.

Slack's listeners and `reflect chat` only turn input into these calls and render what comes back.
Each call takes the session of the request; nothing is held between requests, so a session carries
on after a restart and on any worker.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, select

from ..records import people
from ..records.access import NotAllowed, is_supervisor
from ..records.db import session_for
from ..records.models import Action, Decision, Entry
from ..reflection import Answer, Engine
from ..reflection.present import day
from . import casefile, learning, plan, sessions, signoff
from .frameworks import Frameworks
from .opening import Opening
from .reviews import review_panels, review_title, reviews_of
from .sessions import State, Stored
from .signoff import Closing

NOTHING_SAID = ("Nothing has been said in this session yet, so there is nothing to search the "
                "reviews with. Add to the session, then go back and forward to this step to bring "
                "in learning.")
NOT_A_SUPERVISOR = ("Only supervisors can start a supervision session. Ask your admin to add you "
                    "to the supervisors (REFLECT_SUPERVISORS or the Slack group).")
RECAP_CHARS = 200  # of the latest contribution at each step, in a resume's recap


@dataclass(frozen=True)
class StepView:
    """A step as a surface shows it: the step itself, with the review's panels where the step
    reads a review, the cited learning brought on arrival, or why none could be brought."""

    state: State
    review_title: str = ""
    panels: tuple[tuple[str, str], ...] = ()
    learning: Answer | None = None
    nothing_said: bool = False
    recap: tuple[str, ...] = ()  # on resume: where the session stands


@dataclass(frozen=True)
class Supervision:
    """One supervision service over the records and the live index."""

    engine: Engine
    frameworks: Frameworks
    url: str  # the records database
    key: bytes = b""  # the redaction key: names said earlier in a session go from later entries

    def reviews(self) -> dict[str, str]:
        return reviews_of(self.engine)

    def state(self, session_id: int) -> State:
        return sessions.state(self.url, self.frameworks, session_id)

    def title(self, state: State) -> str:
        return review_title(self.engine, state.review)

    def may_open(self, user: str) -> None:
        """Refused unless this person supervises (asked before the opening form is shown)."""
        with session_for(self.url) as db:
            if not is_supervisor(db, user):
                raise NotAllowed(NOT_A_SUPERVISOR)

    def set_roles(self, *, supervisors: set[str], admins: set[str], unread: list[str]) -> None:
        """Roles as configuration and the Slack groups give them; with a group unread, everyone
        who supervised keeps the role, and the failure is kept for `reflect doctor`."""
        with session_for(self.url) as db:
            people.set_roles(db, supervisors=supervisors, admins=admins, keep_supervisors=bool(unread))
            people.note_group_read(db, unread)

    def grant_supervisor(self, user: str) -> None:
        with session_for(self.url) as db:
            people.grant_supervisor(db, user)

    def names(self, users: set[str]) -> dict[str, str]:
        """The names the records know for these people (those not known are left out)."""
        with session_for(self.url) as db:
            return people.names(db, users)

    def opening_problems(self, opening: Opening) -> dict[str, str]:
        return sessions.opening_problems(self.frameworks, self.reviews(), opening)

    def open(self, opening: Opening) -> State:
        """Open a session (refused unless the opener supervises); its first step is `arrive`'s."""
        return self.state(sessions.start(self.url, self.frameworks, self.reviews(), opening))

    def abandon(self, state: State, actor: str, reason: str) -> None:
        sessions.abandon(self.url, state.id, actor=actor, reason=reason)

    def attach(self, state: State, channel: str, thread_ts: str) -> State:
        sessions.attach_thread(self.url, state.id, channel=channel, thread_ts=thread_ts)
        return self.state(state.id)

    def arrive(self, state: State, *, bring: bool = True, recap: bool = False) -> StepView:
        """The step the session is at; learning is searched for and stored only on arrival
        going forward (`bring`), so Back or a resume does not add it again."""
        title = self.title(state)
        panels = tuple(review_panels(self.engine, state.review)) if state.step.panels else ()
        brought, nothing_said = None, False
        if state.step.learning and bring:
            brought = learning.bring_learning(self.url, self.engine, self.frameworks, state.id,
                                              review_title=title)
            nothing_said = brought is None
        return StepView(state, title, panels, brought, nothing_said,
                        self.recap(state) if recap else ())

    def move(self, session_id: int, *, actor: str, by: int, at: int | None = None) -> StepView:
        state = sessions.move(self.url, self.frameworks, session_id, actor=actor, by=by, at=at)
        return self.arrive(state, bring=by > 0)

    def pause(self, session_id: int, *, actor: str) -> State:
        return sessions.set_status(self.url, self.frameworks, session_id, actor=actor, status="paused")

    def resume(self, session_id: int, *, actor: str) -> StepView:
        state = sessions.set_status(self.url, self.frameworks, session_id, actor=actor, status="active")
        return self.arrive(state, bring=False, recap=True)

    def say(self, session_id: int, *, author: str, text: str, source_ts: str | None = None) -> Stored:
        return sessions.add_entry(self.url, self.frameworks, session_id, author=author, text=text,
                                  source_ts=source_ts, key=self.key)

    def scale(self, session_id: int, *, author: str, value: int, channel: str | None = None) -> Stored:
        return sessions.record_scale(self.url, self.frameworks, session_id, author=author, value=value,
                                     channel=channel)

    def add_action(self, session_id: int, *, actor: str, values: dict[str, str]) -> Action:
        return plan.add_action(self.url, session_id, actor=actor, values=values)

    def add_decision(self, session_id: int, *, actor: str, what: str, rationale: str) -> Decision:
        return plan.add_decision(self.url, self.frameworks, session_id, actor=actor, what=what,
                                 rationale=rationale)

    def may_sign_off(self, session_id: int, *, actor: str) -> State:
        """The session, when this person may sign it off (before a form asks them how)."""
        state = self.state(session_id)
        if actor != state.supervisor:
            raise NotAllowed("Only the supervisor who opened the session can close and sign it off.")
        if state.status == "closed":
            raise sessions.SessionClosed(f"Session {session_id} is already closed and signed off.")
        return state

    def close(self, session_id: int, *, actor: str, values: dict[str, str]) -> Closing:
        """Sign off with the supervisor's oversight and the next supervision date."""
        state = self.state(session_id)
        return signoff.close(self.url, self.frameworks, session_id, actor=actor, values=values,
                              review_title=self.title(state))

    def acknowledge(self, session_id: int, *, actor: str) -> State:
        return signoff.acknowledge(self.url, self.frameworks, session_id, actor=actor)

    def mark_done(self, action_id: int, *, actor: str) -> Action:
        return plan.mark_action_done(self.url, action_id, actor=actor)

    def export(self, session_id: int, *, viewer: str, fmt: str) -> casefile.ExportFile:
        return casefile.export_session(self.url, self.frameworks, session_id, viewer=viewer,
                                       reviews=self.reviews(), fmt=fmt)

    def name(self, users: dict[str, str]) -> None:
        """Remember people's names (Slack profile or typed in the terminal) for the record."""
        with session_for(self.url) as db:
            for user, name in users.items():
                if user and name.strip():
                    people.name_person(db, user, name.strip())

    def recap(self, state: State) -> tuple[str, ...]:
        """Where a session stands, for someone coming back to it: each step's contributions with
        the latest, the decisions and the actions so far."""
        session_id = state.id
        with session_for(self.url) as db:
            entries = list(db.exec(select(Entry).where(Entry.session_id == session_id,
                                                       Entry.kind != "learning")
                                   .order_by(col(Entry.id))).all())
            decisions = db.exec(select(Decision).where(Decision.session_id == session_id)).all()
            actions = db.exec(select(Action).where(Action.session_id == session_id)).all()
        lines = []
        for step in state.framework.steps:
            said = [e.text for e in entries if e.step == step.id]
            if said:
                latest = " ".join(said[-1].split())
                if len(latest) > RECAP_CHARS:
                    latest = latest[:RECAP_CHARS].rsplit(" ", 1)[0] + "…"
                lines.append(f"{step.title}: {len(said)} contribution{'s' * (len(said) != 1)}; "
                             f"latest: “{latest}”")
        if not lines:
            lines.append("Nothing has been said in this session yet.")
        lines += [f"Decided: {d.what}" for d in decisions]
        lines += [f"Action: {a.what} (by {day(a.due)})" for a in actions]
        lines.append(f"Now at step {state.index + 1} of {len(state.framework.steps)}: {state.step.title}.")
        return tuple(lines)

