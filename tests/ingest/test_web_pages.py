"""Saved web pages: the 'Source:' line is the source link, never the title or a passage, and the
site's navigation is not indexed; on the retrieval set's 20 real pages where it lies."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.ingest import parse_document
from bot.ingest.chunker import chunk_document

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "eval" / "retrieval" / "corpus"
NAVIGATION = re.compile(r"(?i)^(skip to|toggle|menu\b|search\b|back to top)")


def test_a_saved_page_keeps_its_link_and_loses_its_navigation(tmp_path: Path):
    page = tmp_path / "neglect-briefing.txt"
    page.write_text(
        "Source: https://scp.example.org/learning/neglect-briefing?x=1\n"
        "Skip to content\nToggle menu\n"
        "Learning Briefing: Neglect in families with younger children\n"
        "Practitioners saw each incident alone and missed the pattern of cumulative harm "
        "across three years of referrals, visits and missed health appointments.\n",
        encoding="utf-8")
    document = parse_document(page, tmp_path)
    assert document.meta["source"] == "https://scp.example.org/learning/neglect-briefing?x=1"
    assert document.meta["title"] == "Learning Briefing: Neglect in families with younger children"
    assert document.meta["kind"] == "briefing"
    passages = chunk_document(document)
    assert not [p for p in passages if "http" in p.text or NAVIGATION.search(p.text)]


def test_the_retrieval_sets_pages_are_titled_and_sectioned_by_their_text():
    if not CORPUS.is_dir():
        pytest.skip(f"{CORPUS} is absent (a clone without the shared evaluation material)")
    briefings = 0
    for path in sorted(CORPUS.glob("*.txt")):
        document = parse_document(path, CORPUS)
        title = document.meta["title"]
        assert "http" not in title and not NAVIGATION.search(title), (path.name, title)
        for passage in chunk_document(document):
            assert "http" not in (passage.section or ""), (path.name, passage.section)
            assert not NAVIGATION.search(passage.text), (path.name, passage.text[:60])
        if "briefing" in path.stem:
            briefings += 1
            assert document.meta["kind"] != "procedure", (path.name, document.meta["kind"])
    assert briefings >= 5
