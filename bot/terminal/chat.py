"""`reflect chat`: the same answers in an interactive terminal session, and supervision flows."""

from __future__ import annotations

import contextlib
import getpass

from rich.console import Console

from ..conversation import ask_and_record
from ..conversation.corrections import kept
from ..reflection import Engine
from .render import render

WELCOME = ("Reflective supervision: describe a situation you're working with and I'll bring "
           "in learning from case reviews, with questions to reflect on.\n"
           "Supervisors: '/supervise' runs a supervision session, '/resume N' carries one on, "
           "'/export N pdf' (or md) writes its record.\n"
           "Type 'quit' to leave. Please don't type a child's name or details; I remove the ones "
           "I recognise.")


PASTE_START, PASTE_END = "\x1b[200~", "\x1b[201~"  # a terminal's bracketed-paste markers


def read_prompt(console: Console) -> str:
    """One prompt as typed or pasted: a multi-line paste is one prompt, not one a line. With
    readline the terminal's bracketed paste arrives whole; without it, the markers are read here
    and the lines between them joined."""
    text = console.input("\n[bold green]you>[/] ")
    if PASTE_START not in text:
        return text
    lines = [text]
    while PASTE_END not in lines[-1]:
        try:
            lines.append(input())
        except EOFError:
            break
    return "\n".join(lines).replace(PASTE_START, "").replace(PASTE_END, "")


def run_chat(engine: Engine, console: Console | None = None) -> int:
    """Read prompts until end of input or 'quit'; answer each one and record it as an ask."""
    with contextlib.suppress(ImportError):
        import readline  # noqa: F401  (line editing, and a multi-line paste read as one prompt)
    console = console or Console()
    user = getpass.getuser()
    console.print(WELCOME, style="bold")
    while True:
        try:
            text = read_prompt(console)
        except EOFError:
            console.print()
            return 0
        if text.strip().lower() in ("quit", "exit", ":q"):
            return 0
        if text.strip().startswith("/"):
            _supervision_command(engine, console, f"local:{user}", text.strip())
            continue
        reply = ask_and_record(engine, engine.settings.database_url, text=text, surface="chat",
                               slack_user=f"local:{user}")
        console.print(render(reply.answer, kept=kept(reply.stored) if reply.stored else ""))


def _supervision_command(engine: Engine, console: Console, user: str, line: str) -> None:
    """/supervise, /resume N, /export N pdf|md: the supervision flows, shared with Slack."""
    from ..records.access import Refused
    from .supervision import Terminal

    terminal = Terminal(engine, console, user, console.input)
    words = line.split()
    try:
        if words[0] == "/supervise":
            session_id = terminal.start()
            if session_id is not None:
                terminal.run(session_id)
        elif words[0] == "/resume" and len(words) == 2 and words[1].isdigit():
            terminal.resume(int(words[1]))
        elif words[0] == "/export" and len(words) == 3 and words[1].isdigit():
            path = terminal.export(int(words[1]), words[2], engine.settings.data_dir / "exports")
            console.print(f"Written to {path}", highlight=False)
        else:
            console.print("Commands: /supervise, /resume N, /export N pdf|md.")
    except (Refused, ValueError) as exc:
        console.print(str(exc), highlight=False)
