"""`reflect chat`: answers in the terminal, and each ask is recorded, redacted."""

from __future__ import annotations

import io

from rich.console import Console
from sqlalchemy import text

from bot.chat import run_chat
from bot.records.db import get_engine


def test_chat_answers_and_records_each_ask(engine, monkeypatch):  # type: ignore[no-untyped-def]
    typed = iter(["my child Amelia Jones keeps missing nursery and mum's new partner is violent",
                  "   ", "quit"])
    monkeypatch.setattr("builtins.input", lambda *args: next(typed))
    out = io.StringIO()
    assert run_chat(engine, Console(file=out, width=100)) == 0
    shown = out.getvalue()
    assert "Questions to reflect on" in shown and "removed 1 name" in shown
    assert "Tell me a little about the situation" in shown
    with get_engine(engine.settings.database_url).connect() as connection:
        rows = list(connection.execute(text("SELECT surface, prompt FROM ask")))
    assert [r[0] for r in rows] == ["chat"]
    assert "Amelia" not in rows[0][1] and "[name]" in rows[0][1]
