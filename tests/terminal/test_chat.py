"""`reflect chat`: answers in the terminal, and each ask is recorded, redacted."""

from __future__ import annotations

import io
import re
from datetime import date, timedelta

from rich.console import Console
from sqlalchemy import text

from bot.records.db import get_engine
from bot.reflection.present import in_words
from bot.terminal.chat import run_chat


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


def test_a_supervision_session_runs_in_the_terminal_and_exports(engine, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    engine.settings = replace(engine.settings, data_dir=tmp_path)
    typed = iter([
        "/supervise", "1", "Sam Okafor", "UALICE", "Alice Brown",  # who: named for the record
        "1, 9", "1,3",  # the functions in focus: a number that is none of them, asked again
        "Jayden Smith",  # a name as the case reference: refused,
        "CR-2026-0101",  # and the reference alone asked for again
        "Visited; the baby had a bruise and mum said she rolled off the sofa",  # Alice speaks
        "/speaker", "What made the explanation feel enough at the time?",  # Sam asks
        "/speaker", "/next", "I felt rushed and accepted the explanation", "/next", "/next",
        "/decision", "Treat the bruise as a safeguarding concern",
        "A baby who cannot roll cannot roll off a sofa",
        # a date that has passed, then one typed as people type it; each refused field is asked
        # again on its own, and the rest of the action is kept
        "/action", "Strategy discussion about the bruise", "UALICE", "2020-01-01", "tomorrow",
        "Minutes on file", "A plan that protects the baby",
        "/action", "Ask the GP about the bruise", "", "UALICE", "31/01/2099", "GP letter on file",
        "The GP has seen the baby",
        "/close", "no", "/close", "yes", "Referral agreed; I will check the strategy outcome",
        "31/01/2099", "yes",  # the next supervision, then Alice acknowledges the record
        "/export 1 md", "quit"])
    monkeypatch.setattr("builtins.input", lambda *args: next(typed))
    out = io.StringIO()
    assert run_chat(engine, Console(file=out, width=120)) == 0
    shown = out.getvalue()
    assert "looks like a name" in shown and "No session opened" not in shown
    assert "Give numbers from 1 to 4" in shown
    assert "Session 1 (4x4x4" in shown and "case CR-2026-0101" in shown
    analysis = shown[shown.index("Step 3 of 4: Analysis"):shown.index("Step 4 of 4")]
    assert "Safeguarding Children" in analysis  # learning cited from a review
    tomorrow = in_words(date.today() + timedelta(days=1))
    assert "Wednesday 1 January 2020 has passed" in shown and f"→ {tomorrow}" in shown
    assert f"Action 1 added: due {tomorrow}." in shown
    assert "This is needed." in shown and "Action 2 added: due Saturday 31 January 2099." in shown
    assert "Not closed" in shown and shown.count("Closed and signed off") == 1
    assert "session 1 with Alice Brown, case CR-2026-0101, led by Sam Okafor" in shown
    assert "Acknowledgement recorded." in shown
    record = (tmp_path / "exports" / "supervision-1-CR-2026-0101.md").read_text()
    assert "rolled off the sofa" in record and "Strategy discussion" in record and "31 Jan 2099" in record
    assert "| Functions in focus | Management, Personal support |" in record
    said = record[record.index("## Entries"):]
    assert "Alice Brown (UALICE)" in said.split("rolled off the sofa")[0]  # credited to who spoke
    assert "Sam Okafor (local:" in said.split("feel enough at the time")[0].split("rolled off")[1]
    assert "A baby who cannot roll" in record and "I will check the strategy outcome" in record
    assert "Next supervision: 31 Jan 2099" in record and "acknowledged by Alice Brown" in record


def test_the_terminal_shows_the_text_as_kept_after_the_privacy_note(engine, monkeypatch, tmp_path):  # type: ignore[no-untyped-def]
    from dataclasses import replace

    from bot.privacy import redact

    engine.settings = replace(engine.settings, data_dir=tmp_path)
    asked = "dad is never seen at visits, his mobile is 07700 900123"
    said = "Mum said the baby rolled off the sofa, NHS 943 476 5919"
    out = io.StringIO()

    def lines():  # type: ignore[no-untyped-def]
        yield from [asked, "/supervise", "1", "Sam", "UALICE", "Alice", "", "CR-7", said, "/pause"]
        paused = re.findall(r"Session (\d+) paused", out.getvalue())[-1]  # the records are shared
        yield from [f"/resume {paused}", "/pause", "quit"]

    typed = lines()
    monkeypatch.setattr("builtins.input", lambda *args: next(typed))
    assert run_chat(engine, Console(file=out, width=400)) == 0
    lines = out.getvalue().splitlines()
    kept = [n for n, line in enumerate(lines) if line.startswith("As kept in the record: ")]
    assert [lines[n].removeprefix("As kept in the record: ") for n in kept] == [
        redact(asked)[0], redact(said)[0]]
    assert all("I removed" in lines[n - 1] for n in kept)  # each right after its note
    assert "900123" not in out.getvalue() and "5919" not in out.getvalue()
    recap = out.getvalue()[out.getvalue().index("Where we are"):]  # resumed: where it stands
    assert "Experience: 1 contribution; latest: “Mum said the baby rolled off the sofa" in recap


def test_a_multi_line_paste_is_one_ask(engine, monkeypatch):  # type: ignore[no-untyped-def]
    from bot.terminal.chat import PASTE_END, PASTE_START

    typed = iter([f"{PASTE_START}Chronology: 3 Jan HV visit, baby seen, dad not present.",
                  "10 Jan duty advised monitor; mum says partner moved out.",
                  f"What does review learning say about men who are said to have left?{PASTE_END}",
                  "quit"])
    monkeypatch.setattr("builtins.input", lambda *args: next(typed))
    assert run_chat(engine, Console(file=io.StringIO(), width=100)) == 0
    with get_engine(engine.settings.database_url).connect() as connection:
        prompts = [r[0] for r in connection.execute(text("SELECT prompt FROM ask"))
                   if "HV visit" in r[0]]
    assert len(prompts) == 1
    assert "baby seen" in prompts[0] and "said to have left?" in prompts[0]
    assert "\x1b" not in prompts[0]
