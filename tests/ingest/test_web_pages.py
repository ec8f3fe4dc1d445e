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


def test_a_saved_pages_title_is_the_heading_its_address_names_not_the_sites_menu(tmp_path: Path):
    page = tmp_path / "page.txt"
    page.write_text(
        "Source: https://scp.example.org/resources/reviews/learning-briefing-infant-c-head-injury/\n"
        "Our training and resources\n\nLearning briefing: Infant C – Head injury\n\n"
        "The Incident\n- Infant C was a 6-week-old baby living at home with family.\n",
        encoding="utf-8")
    assert parse_document(page, tmp_path).meta["title"] == "Learning briefing: Infant C – Head injury"


def test_a_page_that_prints_no_title_is_named_by_its_file_not_by_a_heading_or_a_list(tmp_path: Path):
    page = tmp_path / "devon_neglect_thematic_briefing.txt"
    page.write_text(
        "Source: https://scp.example.org/?p=14829\nBackground\n"
        "This learning briefing summarises key learning from a thematic review of neglect in three "
        "families, where help was offered for short periods, declined and closed.\n"
        "Key events\nAcross the 3 families, similar events occurred:\n"
        "- Long-standing concerns about poor home conditions and hygiene\n"
        "- Children missing school for long periods\n", encoding="utf-8")
    assert parse_document(page, tmp_path).meta["title"] == "Devon neglect thematic briefing"
