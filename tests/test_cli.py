"""The `reflect` command and `scripts/run`, run as a person runs them."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from bot.config import PROJECT_ROOT


def reflect(*args: str, settings=None, stdin: str | None = None, timeout: int = 180):  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REFLECT_"))}
    if settings is not None:
        env["REFLECT_INDEX_DIR"] = str(settings.index_dir)
    return subprocess.run([sys.executable, "-m", "bot", *args], input=stdin, capture_output=True,
                          text=True, timeout=timeout, env=env, cwd=PROJECT_ROOT)


def test_ask_json_honours_the_contract(seed_settings):  # type: ignore[no-untyped-def]
    result = reflect("ask", "--json", "-k", "3", "sw", "wants", "to", "close", "the", "case,",
                     "what", "should", "the", "closure", "rationale", "cover", settings=seed_settings)
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert data["query"] == "sw wants to close the case, what should the closure rationale cover"
    assert len(data["learning"]) == 3 and data["no_match"] is False
    assert {"source", "title", "section", "role", "text", "score", "similarity"} == \
        set(data["learning"][0])
    assert "Warning" not in result.stderr and "Traceback" not in result.stderr


def test_batch_answers_one_line_per_prompt_from_standard_input(seed_settings):  # type: ignore[no-untyped-def]
    prompts = ["bruising on a non mobile baby", "", "what time is the canteen open",
               "Jayden Smith dob 01/02/2020 at 3 Oak Lane"]
    result = reflect("ask", "--batch", "-", "--json", settings=seed_settings,
                     stdin="\n".join(prompts) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == 4
    assert answers[0]["learning"] and not answers[0]["no_match"]
    assert answers[1]["no_match"] and "Tell me a little" in answers[1]["notes"][0]
    assert answers[2]["no_match"] and answers[2]["learning"] == []
    assert "Jayden" not in json.dumps(answers[3]) and "01/02/2020" not in json.dumps(answers[3])


def test_ask_without_text_or_without_an_index_says_what_to_do(tmp_path):  # type: ignore[no-untyped-def]
    empty = reflect("ask", "   ")
    assert empty.returncode == 2 and "Tell me a little" in empty.stderr
    missing = reflect("ask", "hello", "--index-dir", str(tmp_path / "nowhere"), timeout=60)
    assert missing.returncode == 1 and "reflect index build" in missing.stderr


def test_scripts_run_starts_a_chat_that_answers():
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REFLECT_"))}
    result = subprocess.run(
        ["bash", "scripts/run"], input="mum's new partner has a history of domestic abuse\nquit\n",
        capture_output=True, text=True, timeout=300, env=env, cwd=PROJECT_ROOT)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "Reflective supervision" in result.stdout
    assert "Questions to reflect on" in result.stdout
    assert "Child " in result.stdout or "Alice" in result.stdout  # a cited review


def test_records_export_actions_and_purge_from_the_command_line(seed_settings, tmp_path):  # type: ignore[no-untyped-def]
    from datetime import date, timedelta

    from pypdf import PdfReader

    from bot.records import people
    from bot.records.db import session_for
    from bot.supervision import plan, sessions
    from bot.supervision.frameworks import load_frameworks

    url = f"sqlite:///{tmp_path / 'records.db'}"
    frameworks = load_frameworks(PROJECT_ROOT / "knowledge" / "frameworks.yaml")
    with session_for(url) as db:
        people.set_roles(db, supervisors={"USUP"}, admins=set())
    session_id = sessions.start(url, frameworks, {}, sessions.Opening(
        framework="gibbs", supervisor="USUP", supervisee="UALICE", case_ref="LCS/2026/77"))
    sessions.add_entry(url, frameworks, session_id, author="UALICE", text="The strategy meeting was late")
    plan.add_action(url, session_id, actor="USUP", values={
        "what": "=cmd|' /C calc'!A0", "who": "UALICE", "due": (date.today() + timedelta(days=3)).isoformat(),
        "done_check": "Minutes", "worked_check": "On time next time"})
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REFLECT_"))}
    env.update(DATABASE_URL=url, REFLECT_INDEX_DIR=str(seed_settings.index_dir))

    def run(*args: str):  # type: ignore[no-untyped-def]
        return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True,
                              timeout=120, env=env, cwd=tmp_path)

    result = run("records", "export", str(session_id), "--as", "UALICE")
    assert result.returncode == 0, result.stderr
    pdf = tmp_path / f"supervision-{session_id}-LCS-2026-77.pdf"
    assert "strategy meeting was late" in PdfReader(pdf).pages[0].extract_text()
    refused = run("records", "export", str(session_id), "--as", "UMALLORY", "--format", "md")
    assert refused.returncode == 1 and "You can't export" in refused.stderr
    result = run("records", "actions", "--as", "USUP", "--out", "plan.csv")
    assert result.returncode == 0, result.stderr
    csv_text = (tmp_path / "plan.csv").read_text()
    assert "'=cmd" in csv_text and "LCS/2026/77" in csv_text  # a formula is never live in Excel
    assert run("records", "purge").returncode == 2  # no period configured: says how, deletes nothing
    result = run("records", "purge", "--older-than-days", "30")
    assert result.returncode == 0 and "0 sessions" in result.stdout
    result = run("records", "verify")
    assert result.returncode == 0 and "The audit log holds:" in result.stdout, result.stderr
    from sqlalchemy import text

    from bot.records.db import get_engine

    with get_engine(url).begin() as connection:  # a row changed behind a dropped trigger
        connection.execute(text("DROP TRIGGER audit_no_update"))
        connection.execute(text("UPDATE audit SET actor = 'UMALLORY' WHERE id = 1"))
    result = run("records", "verify")
    assert result.returncode == 1 and "broken at row 1: it was changed" in result.stderr
