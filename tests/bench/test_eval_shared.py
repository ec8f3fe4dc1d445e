"""Answers measured on questions nobody on the project wrote, over the seeds and 20 real published
web pages dropped in without sidecars (../shared/eval/retrieval), and on two sets written for the
project from the documents alone by people who did not read the code (tests/data/retrieval/).

The floors are what the product reaches now, a little under, so a change that loses ground fails;
the README gives the figures. The sets are never tuned to one question at a time."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.bench import evaluation
from bot.config import PROJECT_ROOT, Settings
from bot.retrieval.build import build_index
from tests.conftest import KNOWLEDGE

SHARED = PROJECT_ROOT.parent / "shared" / "eval" / "retrieval"
DATA = PROJECT_ROOT / "tests" / "data" / "retrieval"


@pytest.fixture(scope="module")
def corpus_engine(tmp_path_factory: pytest.TempPathFactory, embedder):  # type: ignore[no-untyped-def]
    """The seeds plus the shared corpus, laid out as an admin drops files in (no sidecars)."""
    if not (SHARED / "corpus").is_dir():
        pytest.skip(f"{SHARED} is absent (a clone without the shared evaluation material)")
    from bot.reflection import Engine

    knowledge = tmp_path_factory.mktemp("shared") / "knowledge"
    shutil.copytree(KNOWLEDGE, knowledge)
    shutil.copytree(SHARED / "corpus", knowledge / "incoming-reviews",
                    ignore=shutil.ignore_patterns("MANIFEST.tsv"))
    index = knowledge.parent / "index"
    build_index(knowledge, index, embedder)
    data = knowledge.parent / "data"
    return Engine(Settings(knowledge_dir=knowledge, index_dir=index, data_dir=data,
                           database_url=f"sqlite:///{data / 'records.db'}"))


def _hybrid(engine, path: Path) -> dict:  # type: ignore[no-untyped-def]
    return evaluation.run(engine, evaluation.load_questions(path), ("hybrid",))["results"][0]


def test_the_shared_development_set(corpus_engine):  # type: ignore[no-untyped-def]
    row = _hybrid(corpus_engine, SHARED / "questions.jsonl")
    assert row["hit@5"] >= 0.92 and row["mrr"] >= 0.80  # what is shown, after grading
    # the answering passage among those shown: 0.741 measured with sentence vectors, 0.667 without
    assert row["quote_recall"] >= 0.70
    assert row["answerable_none"] <= 0.05
    assert row["unanswerable_not_strong"] >= 0.8


def test_a_held_out_set_written_without_the_code(corpus_engine):  # type: ignore[no-untyped-def]
    row = _hybrid(corpus_engine, DATA / "heldout.jsonl")
    assert row["hit@5"] >= 0.70 and row["mrr"] >= 0.55
    assert row["answerable_none"] <= 0.12
    assert row["unanswerable_not_strong"] >= 0.65


def test_questions_in_other_languages_get_the_right_review_with_a_language_note(corpus_engine):  # type: ignore[no-untyped-def]
    import json

    rows = [json.loads(line) for line in (DATA / "dev_translated.jsonl").read_text().splitlines()]
    for language in ("cy", "pl"):
        asked = [r for r in rows if r["language"] == language]
        found = 0
        for row in asked:
            answer = corpus_engine.ask(row["question"])
            assert any("reviews are in English" in n for n in answer.notes), row["question"]
            found += any(s in row["expected_docs"] for s in evaluation.shown_sources(answer)[:5])
        # bridged by the closest English theme and questions: Welsh 0.74, Polish 0.69 (as typed
        # with the English encoder alone, 0.63 and 0.61)
        assert found / len(asked) >= 0.66, language
