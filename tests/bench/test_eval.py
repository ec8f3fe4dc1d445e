"""`reflect eval` on the project's own question set: a slice here, the whole set when marked slow."""

from __future__ import annotations

import pytest

from bot.bench import evaluation
from bot.config import PROJECT_ROOT

QUESTIONS = PROJECT_ROOT / "tests" / "data" / "eval_questions.jsonl"


def test_the_question_set_is_well_formed_and_covers_every_seed():
    questions = evaluation.load_questions(QUESTIONS)
    assert len(questions) >= 80
    no_match = [q for q in questions if q.expected_behavior == "no_match"]
    assert len(no_match) >= 15 and all(not q.expected_docs for q in no_match)
    for q in questions:
        for doc in q.expected_docs:
            assert (PROJECT_ROOT / "knowledge" / doc).exists(), doc
        if q.expected_quote:
            text = (PROJECT_ROOT / "knowledge" / q.expected_docs[0]).read_text(encoding="utf-8")
            assert q.expected_quote in text


def test_a_slice_runs_every_mode_side_by_side(engine):  # type: ignore[no-untyped-def]
    questions = evaluation.load_questions(QUESTIONS)[::6]  # 15 questions, all kinds
    report = evaluation.run(engine, questions)
    assert [row["mode"] for row in report["results"]] == ["lexical", "dense", "hybrid"]
    hybrid = report["results"][2]
    assert hybrid["hit@5"] >= 0.8 and hybrid["mrr"] >= 0.6
    assert "| hybrid |" in evaluation.table(report)


def test_quote_recall_needs_the_quotes_words_in_one_passage():
    quote = "Child LI was invisible, and his lived experience was not considered."
    assert evaluation.quote_found(quote, ["- child li was invisible and his lived experience "
                                          "was not considered at any point"])
    assert not evaluation.quote_found(quote, ["Child LI was invisible.", "lived experience"])


@pytest.mark.slow
def test_the_whole_set_meets_the_targets(engine):  # type: ignore[no-untyped-def]
    questions = evaluation.load_questions(QUESTIONS)
    report = evaluation.run(engine, questions)
    lexical, dense, hybrid = report["results"]
    assert hybrid["hit@5"] >= 0.9
    assert hybrid["mrr"] > max(lexical["mrr"], dense["mrr"])
    assert hybrid["hit@5"] >= max(lexical["hit@5"], dense["hit@5"]) - 0.05  # dense alone: 0.957
    assert hybrid["answerable_none"] <= 0.05
    assert hybrid["unanswerable_not_strong"] >= 0.9


def test_the_misses_say_where_the_document_came_and_what_was_shown_instead(engine, tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "q.jsonl"
    path.write_text(
        '{"question": "pre-birth assessment for a care leaver mum", "expected_docs": '
        '["reviews/nowhere.txt"], "expected_behavior": "answer"}\n'
        '{"question": "hi there", "expected_docs": [], "expected_behavior": "no_match"}\n',
        encoding="utf-8")
    report = evaluation.run(engine, evaluation.load_questions(path), ("hybrid",))
    [miss] = report["results"][0]["misses"]
    assert miss["rank"] is None and miss["shown"] and miss["expected"] == ["reviews/nowhere.txt"]
    text = evaluation.misses_text(report)
    assert "pre-birth assessment" in text and "shown at -" in text and "reviews/" in text
