"""The supervision flows of `reflect chat`: the same sessions as /supervise, run in a terminal.

The person at the terminal is the supervisor (they hold the records database already). Lines typed
are entries at the current step; commands move the session: /next /back /action /pause /close.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from functools import partial
from pathlib import Path

from rich.console import Console

from .corrections import kept
from .records import people
from .records.access import NotAllowed
from .records.db import session_for
from .reflection import Engine
from .reflection.render_text import render
from .supervision import casefile, sessions
from .supervision.case_ref import case_ref_problem
from .supervision.dates import in_words, parse_date
from .supervision.frameworks import Frameworks, load_frameworks
from .supervision.reviews import review_panels, review_title, reviews_of

HELP = ("Type what was said; each line is stored at the current step. Commands: /next, /back, "
        "/action (add to the plan), /pause, /close (sign off), /help.")
ACTION_QUESTIONS = (("what", "What needs to happen? "), ("who", "Who will do it? "),
                    ("due", "By when (e.g. 'next Friday', '15/12')? "),
                    ("done_check", "How will you know it has been done? "),
                    ("worked_check", "How will you know it has worked? "))
ASKS = 3  # times a refused field is asked again before the action is given up
REFUSALS = (NotAllowed, sessions.SessionClosed, sessions.SessionInputError, LookupError)


class Terminal:
    """One supervision conversation in the terminal."""

    def __init__(self, engine: Engine, console: Console, supervisor: str, read: Callable[[str], str]):
        self.engine, self.console, self.supervisor, self.read = engine, console, supervisor, read
        self.url = engine.settings.database_url
        self.frameworks: Frameworks = load_frameworks(engine.settings.curated_file("frameworks.yaml"))
        with session_for(self.url) as db:  # the terminal's operator supervises
            people.grant_supervisor(db, supervisor)

    def start(self) -> int | None:
        """Ask for the framework, who, the case reference; open the session. None if abandoned."""
        for n, framework in enumerate(self.frameworks.frameworks, 1):
            self.console.print(f"  {n}. [bold]{framework.name}[/]: {framework.summary}")
        count = len(self.frameworks.frameworks)
        choice = self.ask("Framework number: ", lambda c: None if c.isdigit() and 1 <= int(c) <= count
                          else f"Choose one of the numbers 1 to {count}.")
        if choice is None:
            self.console.print("No session opened.")
            return None
        framework = self.frameworks.frameworks[int(choice) - 1]
        reviews = reviews_of(self.engine)
        values = {"supervisee": "", "team_channel": "", "review": ""}
        if framework.audience == "team":
            values["team_channel"] = self.read("Team (a channel or team name): ").strip()
        else:
            values["supervisee"] = self.read("Practitioner (their Slack ID, or initials): ").strip()
        if framework.needs_review:
            paths = sorted(reviews, key=reviews.get)  # type: ignore[arg-type]
            for n, path in enumerate(paths, 1):
                self.console.print(f"  {n}. {reviews[path]}")
            pick = self.read("Review number: ").strip()
            values["review"] = paths[int(pick) - 1] if pick.isdigit() and 0 < int(pick) <= len(paths) else ""
        team = framework.audience == "team"
        case_ref = self.ask("Team or learning event (never a child or family): " if team else
                            "Case reference (never the child's name): ",
                            lambda ref: case_ref_problem(ref, team=team) or None)
        if case_ref is None:
            self.console.print("No session opened.")
            return None
        opening = sessions.Opening(framework=framework.id, supervisor=self.supervisor,
                                   case_ref=case_ref, surface="chat", supervisee=values["supervisee"],
                                   team_channel=values["team_channel"], review=values["review"])
        try:
            return sessions.start(self.url, self.frameworks, reviews, opening)
        except REFUSALS as exc:
            self.console.print(f"No session opened. {exc}")
            return None

    def run(self, session_id: int) -> None:
        """Walk the session's steps until it is paused or closed (or input ends)."""
        state = sessions.state(self.url, self.frameworks, session_id)
        self.console.print(f"Session {session_id} ({state.framework.name}), case {state.case_ref}. {HELP}")
        self._show(state, arrived=True)
        while True:
            try:
                line = self.read("[bold cyan]supervision>[/] ")
            except EOFError:
                sessions.set_status(self.url, self.frameworks, session_id, actor=self.supervisor,
                                    status="paused")
                self.console.print(f"\nSession {session_id} paused; '/resume {session_id}' carries on.")
                return
            try:
                if self._command(session_id, line.strip()):
                    return
            except REFUSALS as exc:
                self.console.print(str(exc))

    def _command(self, session_id: int, line: str) -> bool:
        """Act on one line; True when the session has left the terminal (paused or closed)."""
        if line in ("/next", "/back"):
            state = sessions.move(self.url, self.frameworks, session_id, actor=self.supervisor,
                                  by=1 if line == "/next" else -1)
            self._show(state, arrived=line == "/next")
        elif line == "/action":
            self._action(session_id)
        elif line == "/pause":
            sessions.set_status(self.url, self.frameworks, session_id, actor=self.supervisor,
                                status="paused")
            self.console.print(f"Session {session_id} paused; '/resume {session_id}' carries on.")
            return True
        elif line == "/close":
            sure = self.read(f"Close and sign off session {session_id}? Nothing more can be added "
                             "to it (yes/no): ").strip().lower()
            if sure not in ("y", "yes"):
                self.console.print("Not closed; carry on, or /close when the record is complete.")
                return False
            state = sessions.state(self.url, self.frameworks, session_id)
            closing = sessions.close(self.url, self.frameworks, session_id, actor=self.supervisor,
                                     review_title=review_title(self.engine, state.review))
            self.console.print(closing.summary, highlight=False)
            self.console.print(f"Closed and signed off. '/export {session_id} pdf' (or md) writes "
                               "the record for the case file.")
            return True
        elif line == "/help":
            self.console.print(HELP)
        elif line.startswith("/"):
            self.console.print(f"I don't know {line.split()[0]}. {HELP}")
        elif line:
            stored = sessions.add_entry(self.url, self.frameworks, session_id,
                                        author=self.supervisor, text=line,
                                        key=self.engine.settings.redaction_key())
            if stored.privacy_note:
                self.console.print(stored.privacy_note, highlight=False)
                self.console.print(kept(stored.text), highlight=False, markup=False)
        return False

    def _show(self, state: sessions.State, arrived: bool) -> None:
        step = state.step
        self.console.print(f"\n[bold]Step {state.index + 1} of {len(state.framework.steps)}: "
                           f"{step.title}[/]")
        for prompt in step.prompts:
            self.console.print(f"  • {prompt}", highlight=False)
        self.console.print(f"  [dim]For the supervisor: {step.guidance}[/]", highlight=False)
        if step.panels:
            for heading, text in review_panels(self.engine, state.review):
                self.console.print(f"[bold]{heading}[/]\n{text}\n", highlight=False)
        if step.learning and arrived:
            answer = sessions.bring_learning(self.url, self.engine, self.frameworks, state.id,
                                             review_title(self.engine, state.review))
            self.console.print(render(answer) if answer else "Nothing said yet to search with.")

    def _action(self, session_id: int) -> None:
        values: dict[str, str] = {}
        today = date.today()
        for name, question in ACTION_QUESTIONS:
            typed = self.ask(question, partial(sessions.action_field_problem, name, today=today))
            if typed is None:
                self.console.print("The action was not added; type /action to start again.")
                return
            if name == "due":
                due = parse_date(typed, today)
                assert due is not None  # no problem found: it is a date
                self.console.print(f"  → {in_words(due)}", highlight=False)
                typed = due.isoformat()
            values[name] = typed
        try:
            action_id = sessions.add_action(self.url, session_id, actor=self.supervisor, values=values)
        except sessions.SessionInputError as exc:
            for name, problem in exc.errors.items():
                self.console.print(f"{name}: {problem}")
            self.console.print("The action was not added; type /action to try again.")
            return
        self.console.print(f"Action {action_id} added: due {in_words(date.fromisoformat(values['due']))}.")

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
        exported = casefile.export_session(self.url, self.frameworks, session_id,
                                           viewer=self.supervisor, reviews=reviews_of(self.engine),
                                           fmt=fmt)
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / exported.name
        path.write_bytes(exported.content)
        return path
