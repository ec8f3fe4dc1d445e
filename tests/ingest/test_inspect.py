"""`reflect index inspect FILE`: what the reader understood of one document, without indexing it,
and what it left out and why; the same function gives an upload's summary in Slack."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest

from bot.cli import main
from bot.ingest import chunk_document, parse_document
from bot.ingest.inspect import inspect_document
from tests.conftest import KNOWLEDGE, SEEDS

REALDOCS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "realdocs"
PAGES = Path(__file__).resolve().parents[1] / "data" / "html"


def run(capsys, *args: str) -> tuple[int, str, str]:  # type: ignore[no-untyped-def]
    code = main(["index", "inspect", *args])
    out, err = capsys.readouterr()
    return code, out, err


def test_a_real_report_shows_its_sections_roles_and_what_was_left_out(capsys, tmp_path: Path):  # type: ignore[no-untyped-def]
    pdf = REALDOCS / "dfe_csc_national_framework_2023.pdf"
    if not pdf.is_file():
        pytest.skip(f"{pdf} is not on this machine")
    index = tmp_path / "index"
    code, out, _ = run(capsys, str(pdf), "--index-dir", str(index))
    assert code == 0 and not index.exists()  # nothing indexed
    lines = out.splitlines()
    assert lines[0] == "dfe_csc_national_framework_2023.pdf: “Children’s Social Care National Framework”"
    assert "kind guidance; publisher Department for Education; year 2023" in lines[1]
    assert re.search(r"^ +context +4  Glossary of terms$", out, re.M)
    assert any(line.startswith("    guidance") and "Outcome 1:" in line for line in lines)
    left = out.split("  left out:\n")[1]
    for what in ("lines of page furniture", "contents lines: the contents page",
                 "footnote lines: footnotes at the foot of a page", "footnote markers"):
        assert what in left, what

    code, out, _ = run(capsys, str(pdf), "--json")
    found = json.loads(out)
    assert found["kind"] == "guidance" and found["publisher"] == "Department for Education"
    passages = chunk_document(parse_document(pdf, REALDOCS))
    assert found["passages"] == len(passages) == sum(s["passages"] for s in found["sections"])
    assert found["roles"]["guidance"] == sum(p.role == "guidance" for p in passages)
    assert {x["what"] for x in found["left_out"]} >= {"page furniture", "contents lines", "footnotes"}


def test_a_saved_page_a_web_page_and_a_seed(capsys, tmp_path: Path):  # type: ignore[no-untyped-def]
    page = tmp_path / "briefing.txt"
    page.write_text("Source: https://www.sandfordscp.org.uk/learning/child-z\nSkip to content\nToggle menu\n"
                    "# Learning briefing: Child Z\n\n## What we learned\n\n- Nobody asked who the new "
                    "partner was, though he was at every visit.\n", encoding="utf-8")
    found = inspect_document(page)
    assert found.publisher == "Sandford Safeguarding Children Partnership"
    assert found.link == "https://www.sandfordscp.org.uk/learning/child-z"
    left = {x.what: x.count for x in found.left_out}
    assert left == {"source line": 1, "saved page navigation": 2}
    assert found.role_summary() == "1 learning point"

    html = inspect_document(PAGES / "sandford_scp_child_q_briefing.html")
    assert [left.what for left in html.left_out] == ["web page furniture"] and html.left_out[0].count > 300

    code, out, _ = run(capsys, str(KNOWLEDGE / SEEDS["B1"]))
    assert code == 0 and "“Child B1”" in out
    assert re.search(r"^ +context +7  3\. Methodology$", out, re.M)
    assert "124 findings, 25 learning points, 35 recommendations" in out


def test_a_duplicate_an_identifier_and_an_unreadable_file(capsys, tmp_path: Path):  # type: ignore[no-untyped-def]
    knowledge = tmp_path / "knowledge"
    (knowledge / "reviews").mkdir(parents=True)
    first = knowledge / "reviews" / "child-h.txt"
    shutil.copy(KNOWLEDGE / SEEDS["H"], first)
    copy = knowledge / "reviews" / "child-h (2).txt"
    shutil.copy(first, copy)
    os.utime(copy, (first.stat().st_mtime + 60,) * 2)
    code, out, _ = run(capsys, str(copy), "--knowledge-dir", str(knowledge))
    assert code == 0
    assert "  not indexed: a duplicate of reviews/child-h.txt, which is indexed instead" in out

    draft = tmp_path / "draft.md"
    draft.write_text("# Child T\n\n## Findings\n\nT (NHS number 943 476 5919) was not seen alone.\n",
                     encoding="utf-8")
    code, out, _ = run(capsys, str(draft))
    assert "    1 identifiers: redacted before indexing: 1 NHS number" in out

    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4 not really")
    code, _, err = run(capsys, str(broken))
    assert code == 1 and "broken.pdf could not be read" in err and "skipped by a build" in err

