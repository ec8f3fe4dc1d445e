"""The same document twice in the knowledge folder: indexed once, the other copy named as its
duplicate in the build report, and indexed again if the first copy goes."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bot.admin.knowledge import report_lines
from bot.ingest import CHUNKER_VERSION, DuplicateDocument, parse_document
from bot.retrieval import artifact
from bot.retrieval.build import build_index
from tests.conftest import KNOWLEDGE, SEEDS


def test_a_second_copy_is_reported_not_indexed(tmp_path: Path, embedder):  # type: ignore[no-untyped-def]
    knowledge, index = tmp_path / "knowledge", tmp_path / "index"
    (knowledge / "reviews").mkdir(parents=True)
    (knowledge / "incoming").mkdir()
    first = knowledge / "reviews" / "child-li.txt"
    shutil.copy(KNOWLEDGE / SEEDS["LI"], first)
    shutil.copy(KNOWLEDGE / SEEDS["H"], knowledge / "reviews" / "child-h.txt")
    copy = knowledge / "incoming" / "Oldham 7 minute briefing (1).txt"
    shutil.copy(first, copy)
    held = first.stat().st_mtime
    os.utime(copy, (held + 60, held + 60))  # sent in a minute later

    report = build_index(knowledge, index, embedder)
    assert report.documents == 2
    assert sorted(artifact.load(index, embedder.name, CHUNKER_VERSION).manifest["documents"]) == [
        "reviews/child-h.txt", "reviews/child-li.txt"]
    assert report.skipped == [("incoming/Oldham 7 minute briefing (1).txt",
                               "a duplicate of reviews/child-li.txt (the same file under another name), "
                               "which is indexed instead")]
    assert "  skipped incoming/Oldham 7 minute briefing (1).txt: a duplicate of reviews/child-li.txt" \
        in "\n".join(report_lines(report))

    again = build_index(knowledge, index, embedder)  # said again while both copies are there
    assert [name for name, _ in again.skipped] == ["incoming/Oldham 7 minute briefing (1).txt"]
    assert not again.wrote_new_version

    first.unlink()
    moved = build_index(knowledge, index, embedder)
    assert moved.added == ["incoming/Oldham 7 minute briefing (1).txt"]
    assert moved.removed == ["reviews/child-li.txt"] and not moved.skipped


def test_the_copy_held_first_is_the_one_kept_whatever_its_name(tmp_path: Path):
    older, newer = tmp_path / "z-original.txt", tmp_path / "a-copy.txt"
    shutil.copy(KNOWLEDGE / SEEDS["H"], older)
    shutil.copy(older, newer)
    held = older.stat().st_mtime
    os.utime(newer, (held + 5, held + 5))
    assert parse_document(older, tmp_path).title == "Child H"
    try:
        parse_document(newer, tmp_path)
    except DuplicateDocument as exc:
        assert "a duplicate of z-original.txt" in str(exc)
    else:
        raise AssertionError("the later copy was read as a document of its own")
    newer.write_bytes(older.read_bytes() + b"\nA line added by hand.\n")  # no longer the same file
    assert parse_document(newer, tmp_path).title == "Child H"
