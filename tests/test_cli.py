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
    assert {"source", "title", "section", "role", "text", "score"} == set(data["learning"][0])
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
