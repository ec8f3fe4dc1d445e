"""`reflect chat`: the same answers in an interactive terminal session."""

from __future__ import annotations

import getpass

from rich.console import Console

from .conversation import ask_and_record
from .reflection import Engine
from .reflection.render_text import render

WELCOME = ("Reflective supervision: describe a situation you're working with and I'll bring "
           "in learning from case reviews, with questions to reflect on.\n"
           "Type 'quit' to leave. Please don't type a child's name or details; I remove the ones "
           "I recognise.")


def run_chat(engine: Engine, console: Console | None = None) -> int:
    """Read prompts until end of input or 'quit'; answer each one and record it as an ask."""
    console = console or Console()
    user = getpass.getuser()
    console.print(WELCOME, style="bold")
    while True:
        try:
            text = console.input("\n[bold green]you>[/] ")
        except EOFError:
            console.print()
            return 0
        if text.strip().lower() in ("quit", "exit", ":q"):
            return 0
        reply = ask_and_record(engine, engine.settings.database_url, text=text, surface="chat",
                               slack_user=f"local:{user}")
        console.print(render(reply.answer))
