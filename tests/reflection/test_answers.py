"""Answers to real practitioner prompts, over the real index of the seed documents."""

from __future__ import annotations

import re

import pytest

from bot.reflection.answer import NO_MATCH_MESSAGE
from bot.reflection.inputs import EMPTY_MESSAGE, MAX_SEARCH_CHARS
from tests.reflection.prompts import NO_MATCH, PROMPTS


@pytest.mark.parametrize("prompt,expected", PROMPTS, ids=[p[:40] for p, _ in PROMPTS])
def test_a_practitioner_prompt_cites_the_review_that_bears_on_it(engine, prompt, expected):  # type: ignore[no-untyped-def]
    answer = engine.ask(prompt)
    assert not answer.no_match
    assert expected in [item.source for item in answer.learning]
    assert 3 <= len(answer.questions) <= 5


def test_cited_passages_are_distinct_and_carry_their_citation(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("hv worried, escalated to the SW twice about neglect and nothing "
                        "happened, what does the escalation learning say")
    assert len(answer.learning) == 5
    places = [(item.source, item.section.split(", para ")[0]) for item in answer.learning]
    assert len({item.text for item in answer.learning}) == 5
    assert max(places.count(place) for place in places) <= 2
    assert max(sum(1 for s, _ in places if s == src) for src, _ in places) <= 3
    for item in answer.learning:
        assert item.title and item.section and item.role and item.text
        assert 0 < item.score <= 1


def test_naming_a_review_keeps_the_answer_to_that_review(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("what did Child LI say about professional curiosity")
    assert {item.source for item in answer.learning} == {"reviews/000_5fe2abf908bc8abd.txt"}
    assert any("professional curiosity" in item.text for item in answer.learning)
    leicester = engine.ask("leicester review - key lessons on domestic violence?")
    assert {i.source for i in leicester.learning} == {"reviews/003_e13a5e6436212c0a.txt"}


def test_questions_fit_the_themes_of_the_prompt(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("mum says dad has moved out after the DV so the risk has gone, "
                        "should we step down the plan?")
    assert "domestic_abuse" in [t.id for t in answer.themes]
    assert any(q.theme == "domestic_abuse" for q in answer.questions)
    assert len({q.text for q in answer.questions}) == len(answer.questions)


def test_a_documents_own_self_question_can_be_asked(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("not sure i know how to use the escalation policy when i disagree "
                        "with CSC about closing a case")
    from_documents = [q for q in answer.questions if q.source.startswith("reviews/")]
    assert from_documents
    assert all(q.text.endswith("?") and not q.text.startswith("-") for q in from_documents)


def test_procedures_named_in_reviews_are_offered(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("i disagree with the social worker's decision and want to escalate, "
                        "is there a procedure for resolving professional disagreements?")
    assert any("Resolving Professional Disagreements" in p.title for p in answer.procedures)


@pytest.mark.parametrize("prompt", NO_MATCH)
def test_nothing_close_is_said_honestly_with_questions_still_offered(engine, prompt):  # type: ignore[no-untyped-def]
    answer = engine.ask(prompt)
    assert answer.no_match and answer.learning == [] and answer.procedures == []
    assert NO_MATCH_MESSAGE in answer.notes
    assert 3 <= len(answer.questions) <= 5


@pytest.mark.parametrize("prompt", ["", "   ", "\n\t", "?!", "..."])
def test_an_empty_prompt_asks_for_more(engine, prompt):  # type: ignore[no-untyped-def]
    answer = engine.ask(prompt)
    assert answer.needs_more and answer.notes == [EMPTY_MESSAGE]
    assert answer.learning == [] and answer.query == ""


def test_a_huge_prompt_is_answered_from_a_bounded_part_with_a_note(engine):  # type: ignore[no-untyped-def]
    prompt = ("The health visitor is worried about bruising on a non-mobile baby and mum's "
              "explanation does not fit. ") * 420
    assert len(prompt) > 40_000
    answer = engine.ask(prompt)
    assert len(answer.query) <= MAX_SEARCH_CHARS
    assert any(f"Your message was long ({len(prompt.strip()):,} characters)" in n
               for n in answer.notes)
    assert answer.learning and not answer.no_match


def test_another_language_is_searched_as_written_with_a_note(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("La madre no permite que el trabajador social vea al niño a solas y "
                        "el padre tiene antecedentes de violencia doméstica")
    assert any("doesn't look like English" in n for n in answer.notes)
    assert 3 <= len(answer.questions) <= 5
    polish = engine.ask("Dziecko ma siniaki i matka nie potrafi wyjaśnić skąd się wzięły")
    assert any("doesn't look like English" in n for n in polish.notes)


def test_identifiers_are_removed_before_searching(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("my child is called Jayden Smith, dob 12/03/2023, NHS 943 476 5919, "
                        "lives at 14 Elm Road OL1 2AB. mum's new boyfriend hits her")
    assert "Jayden" not in answer.query and "943 476 5919" not in answer.query
    assert "12/03/2023" not in answer.query and "Elm Road" not in answer.query
    assert "OL1 2AB" not in answer.query
    kinds = {r.kind for r in answer.redactions}
    assert {"name", "date_of_birth", "nhs_number", "address", "postcode"} <= kinds
    assert not answer.no_match


def test_json_contract(engine):  # type: ignore[no-untyped-def]
    data = engine.ask("pre-birth assessment for a care leaver mum, who should be involved").to_dict()
    assert set(data) == {"query", "redactions", "themes", "learning", "questions",
                         "procedures", "no_match", "notes"}
    assert isinstance(data["no_match"], bool)
    for theme in data["themes"]:
        assert set(theme) == {"id", "label", "score"} and isinstance(theme["score"], float)
    for item in data["learning"]:
        assert set(item) == {"source", "title", "section", "role", "text", "score"}
        assert re.fullmatch(r"reviews/\d{3}_[0-9a-f]{16}\.txt", item["source"])
    for question in data["questions"]:
        assert set(question) == {"text", "theme", "source"}
    for procedure in data["procedures"]:
        assert set(procedure) == {"source", "title", "text"}
