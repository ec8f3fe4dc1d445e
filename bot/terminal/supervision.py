"""The supervision flows of `reflect chat`: the same core as /supervise (bot.supervision.flow), in
a terminal. This module only asks, reads lines, and prints what the core returns.

The person at the terminal is the supervisor (they hold the records database already); the
practitioner may sit with them, so each line is credited to whoever is speaking (/speaker swaps).
Lines typed are entries at the current step; commands move the session on.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from rich.console import Console

from ..conversation.corrections import kept
from ..records.access import Refused
from ..reflection import Engine
from ..reflection.present import in_words
from ..supervision import plan, sessions
from ..supervision.case_ref import case_ref_problem
from ..supervision.dates import parse_date
from ..supervision.flow import NOTHING_SAID, StepView, Supervision
from ..supervision.frameworks import Frameworks, load_frameworks
from .render import render

HELP = ("Type what was said; each line is stored at the current step, credited to the person shown "
        "in the prompt. Commands: /next, /back, /speaker (the other person speaks), /decision, "
        "/action (add to the plan), /pause, /close (sign off), /help.")
ACTION_QUESTIONS = (("what", "What needs to happen? "), ("who", "Who will do it? "),
                    ("due", "By when (e.g. 'next Friday', '15/12')? "),
                    ("done_check", "How will you know it has been done? "),
                    ("worked_check", "How will you know it has worked? "))
ASKS = 3  # times a refused field is asked again before the form is given up


def _needed(value: str) -> str | None:
    return None if value.strip() else "This is needed."


class Terminal:
    """One supervision conversation in the terminal."""

    def __init__(self, engine: Engine, console: Console, supervisor: str, read: Callable[[str], str]):
        self.console, self.supervisor, self.read = console, supervisor, read
        frameworks = load_frameworks(engine.settings.curated_file("frameworks.yaml"))
        self.flow = Supervision(engine, frameworks, engine.settings.database_url,
                                engine.settings.redaction_key())
        self.speaker = supervisor
        self.flow.grant_supervisor(supervisor)  # the terminal's operator supervises

    @property
    def frameworks(self) -> Frameworks:
        return self.flow.frameworks

    def start(self) -> int | None:
        """Ask for the framework, who, the functions in focus, the case reference; open the
        session. None if abandoned."""
        frameworks = self.frameworks.frameworks
        for n, framework in enumerate(frameworks, 1):
            self.console.print(f"  {n}. [bold]{framework.name}[/]: {framework.summary}")
        choice = self.ask("Framework number: ", partial(_number, count=len(frameworks)))
        if choice is None:
            self.console.print("No session opened.")
            return None
        framework = frameworks[int(choice) - 1]
        team = framework.audience == "team"
        values = {"supervisee": "", "team_channel": "", "review": ""}
        self._know_name(self.supervisor, "Your name, as the record should show it: ")
        if team:
            values["team_channel"] = self.read("Team (a channel or team name): ").strip()
        else:
            values["supervisee"] = self.read("Practitioner (their Slack ID, or initials): ").strip()
            self._know_name(values["supervisee"], "The practitioner's name, for the record: ")
        if framework.needs_review:
            reviews = self.flow.reviews()
            paths = sorted(reviews, key=reviews.get)  # type: ignore[arg-type]
            for n, path in enumerate(paths, 1):
                self.console.print(f"  {n}. {reviews[path]}")
            pick = self.ask("Review number: ", partial(_number, count=len(paths)))
            values["review"] = paths[int(pick) - 1] if pick else ""
        functions = self._functions()
        case_ref = self.ask("Team or learning event (never a child or family): " if team else
                            "Case reference (never the child's name): ",
                            lambda ref: case_ref_problem(ref, team=team) or None)
        if case_ref is None or functions is None:
            self.console.print("No session opened.")
            return None
        opening = sessions.Opening(framework=framework.id, supervisor=self.supervisor,
                                   case_ref=case_ref, surface="chat", functions=functions, **values)
        try:
            state = self.flow.open(opening)
        except Refused as exc:
            self.console.print(f"No session opened. {exc}")
            return None
        self.speaker = state.supervisee or self.supervisor
        return state.id

    def run(self, session_id: int, view: StepView | None = None) -> None:
        """Walk the session's steps until it is paused or closed (or input ends)."""
        state = self.flow.state(session_id)
        self.console.print(f"Session {session_id} ({state.framework.name}), case {state.case_ref}. {HELP}",
                           highlight=False)
        self._show(view or self.flow.arrive(state))
        while True:
            try:
                line = self.read(f"[bold cyan]supervision ({self._name(self.speaker)})>[/] ")
            except EOFError:
                self.flow.pause(session_id, actor=self.supervisor)
                self.console.print(f"\nSession {session_id} paused; '/resume {session_id}' carries on.")
                return
            try:
                if self._command(session_id, line.strip()):
                    return
            except Refused as exc:
                self.console.print(str(exc), highlight=False)

    def resume(self, session_id: int) -> None:
        self.speaker = self.flow.state(session_id).supervisee or self.supervisor
        self.run(session_id, self.flow.resume(session_id, actor=self.supervisor))

    def _command(self, session_id: int, line: str) -> bool:
        """Act on one line; True when the session has left the terminal (paused or closed)."""
        if line in ("/next", "/back"):
            self._show(self.flow.move(session_id, actor=self.supervisor, by=1 if line == "/next" else -1))
        elif line == "/speaker":
            state = self.flow.state(session_id)
            other = state.supervisee if self.speaker == self.supervisor else self.supervisor
            self.speaker = other or self.supervisor
            self.console.print(f"Now speaking: {self._name(self.speaker)}.", highlight=False)
        elif line == "/action":
            self._action(session_id)
        elif line == "/decision":
            self._decision(session_id)
        elif line == "/pause":
            self.flow.pause(session_id, actor=self.supervisor)
            self.console.print(f"Session {session_id} paused; '/resume {session_id}' carries on.")
            return True
        elif line == "/close":
            return self._close(session_id)
        elif line == "/help":
            self.console.print(HELP, highlight=False)
        elif line.startswith("/"):
            self.console.print(f"I don't know {line.split()[0]}. {HELP}", highlight=False)
        elif line:
            stored = self.flow.say(session_id, author=self.speaker, text=line)
            if stored.privacy_note:
                self.console.print(stored.privacy_note, highlight=False)
                self.console.print(kept(stored.text), highlight=False, markup=False)
        return False

    def _show(self, view: StepView) -> None:
        state, step = view.state, view.state.step
        if view.recap:
            self.console.print("\n[bold]Where we are[/]")
            for line in view.recap:
                self.console.print(f"  • {line}", highlight=False, markup=False)
        for heading, text in view.panels:
            self.console.print(f"\n[bold]{heading}[/]", highlight=False)
            self.console.print(text, highlight=False, markup=False)
        self.console.print(f"\n[bold]Step {state.index + 1} of {len(state.framework.steps)}: "
                           f"{step.title}[/]")
        for prompt in step.prompts:
            self.console.print(f"  • {prompt}", highlight=False)
        self.console.print(f"  [dim]For the supervisor: {step.guidance}[/]", highlight=False)
        if view.nothing_said:
            self.console.print(NOTHING_SAID, highlight=False)
        elif view.learning is not None:
            self.console.print(render(view.learning))

    def _action(self, session_id: int) -> None:
        values: dict[str, str] = {}
        today = date.today()
        for name, question in ACTION_QUESTIONS:
            typed = self.ask(question, partial(plan.action_field_problem, name, today=today))
            if typed is None:
                self.console.print("The action was not added; type /action to start again.")
                return
            if name == "due":
                typed = self._confirmed_date(typed, today).isoformat()
            values[name] = typed
        action = self.flow.add_action(session_id, actor=self.supervisor, values=values)
        self.console.print(f"Action {action.id} added: due {in_words(action.due)}.", highlight=False)

    def _decision(self, session_id: int) -> None:
        what = self.ask("What was decided? ", _needed)
        why = what and self.ask("Why: the reasons and what was weighed? ", _needed)
        if not what or not why:
            self.console.print("No decision was recorded; type /decision to start again.")
            return
        decision = self.flow.add_decision(session_id, actor=self.speaker, what=what, rationale=why)
        self.console.print(f"Decision {decision.id} recorded.", highlight=False)

    def _close(self, session_id: int) -> bool:
        """Confirm, take the oversight and next date, sign off, then ask the practitioner to
        acknowledge the record. True once it is closed."""
        sure = self.read(f"Close and sign off session {session_id}? Nothing more can be added "
                         "to it (yes/no): ").strip().lower()
        if sure not in ("y", "yes"):
            self.console.print("Not closed; carry on, or /close when the record is complete.")
            return False
        today = date.today()
        oversight = self.ask("Management oversight (your view of the work and the direction "
                             "given): ", _needed)
        next_date = oversight and self.ask("Next supervision (e.g. 'in 4 weeks', '15/1'): ",
                                           partial(plan.action_field_problem, "due", today=today))
        if not oversight or not next_date:
            self.console.print("Not closed: the sign-off needs both. Type /close to try again.")
            return False
        when = self._confirmed_date(next_date, today)
        closing = self.flow.close(session_id, actor=self.supervisor,
                                  values={"oversight": oversight, "next_date": when.isoformat()})
        self.console.print(closing.summary, highlight=False, markup=False)
        self.console.print(f"Closed and signed off. '/export {session_id} pdf' (or md) writes "
                           "the record for the case file.")
        practitioner = closing.state.supervisee
        if practitioner:
            answer = self.read(f"{self._name(practitioner)}: have you read this record, and do you "
                               "acknowledge it? (yes/no): ").strip().lower()
            if answer in ("y", "yes"):
                self.flow.acknowledge(session_id, actor=practitioner)
                self.console.print("Acknowledgement recorded.")
            else:
                self.console.print("Not acknowledged; the record says so until they do.")
        return True

    def _functions(self) -> tuple[str, ...] | None:
        functions = self.frameworks.functions
        for n, function in enumerate(functions, 1):
            self.console.print(f"  {n}. {function.label}: {function.description}", highlight=False)
        typed = self.ask("Functions of supervision in focus (numbers, e.g. 1,3; Enter for none): ",
                         partial(_numbers, count=len(functions)))
        if typed is None:
            return None
        return tuple(functions[int(n) - 1].id for n in re.findall(r"\d+", typed))

    def _confirmed_date(self, typed: str, today: date) -> date:
        when = parse_date(typed, today)
        assert when is not None  # the form accepted it: it is a date
        self.console.print(f"  → {in_words(when)}", highlight=False)
        return when

    def _know_name(self, user: str, question: str) -> None:
        if user and not self._name(user, fallback=""):
            name = self.read(question).strip()
            self.flow.name({user: name})

    def _name(self, user: str, fallback: str | None = None) -> str:
        name = self.flow.names({user}).get(user, "")
        return name or (user if fallback is None else fallback)

    def ask(self, question: str, problem_of: Callable[[str], str | None]) -> str | None:
        """One answer, asked again on its own while it is refused (saying why), at most ASKS
        times; None when the person never gives one that is accepted."""
        for _ in range(ASKS):
            typed = self.read(question).strip()
            problem = problem_of(typed)
            if problem is None:
                return typed
            self.console.print(f"  {problem}", highlight=False)
        return None

    def export(self, session_id: int, fmt: str, folder: Path) -> Path:
        exported = self.flow.export(session_id, viewer=self.supervisor, fmt=fmt)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / exported.name
        path.write_bytes(exported.content)
        return path


def _number(typed: str, count: int) -> str | None:
    if typed.isdigit() and 1 <= int(typed) <= count:
        return None
    return f"Choose one of the numbers 1 to {count}."


def _numbers(typed: str, count: int) -> str | None:
    chosen = re.findall(r"\d+", typed)
    if re.sub(r"[\d,\s]", "", typed) or any(not 1 <= int(n) <= count for n in chosen):
        return f"Give numbers from 1 to {count}, separated by commas, or press Enter for none."
    return None
