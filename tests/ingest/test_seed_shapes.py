"""Each seed document's real shape comes through as sections with the right roles."""

from __future__ import annotations

import re

import pytest

from bot.ingest import chunk_document, parse_document
from tests.conftest import KNOWLEDGE, SEEDS


def chunks_of(name: str):  # type: ignore[no-untyped-def]
    return chunk_document(parse_document(KNOWLEDGE / SEEDS[name], KNOWLEDGE))


def roles_by_section(name: str) -> dict[str, set[str]]:
    found: dict[str, set[str]] = {}
    for c in chunks_of(name):
        found.setdefault(c.section.split(", para ")[0], set()).add(c.role)
    return found


def test_jumbled_seven_minute_briefing_panels_are_read_by_heading():
    sections = roles_by_section("LI")
    assert sections == {
        "Background": {"background"},
        "Safeguarding Concerns": {"concern"},
        "Implementing Change": {"action"},
        "Recommendations": {"recommendation"},
        "The Incident": {"incident"},
        "The Review": {"context"},  # how the review was done: never shown as learning
        "The Findings": {"finding"},
    }
    findings = "\n".join(c.text for c in chunks_of("LI") if c.section == "The Findings")
    assert "- Child LI was invisible, and his lived experience was not considered." in findings
    # The bare panel numbers ("01", "05") that the PDF scattered are not text.
    assert not any(re.search(r"^\s*0\d\s*$", c.text, re.M) for c in chunks_of("LI"))


def test_self_questions_become_questions_the_bot_can_ask():
    questions = [c.text for c in chunks_of("X1X2") if c.role == "reflection_question"]
    assert len(questions) == 6
    assert "- Am I aware of the escalation policy?" in questions
    assert all(q.rstrip().endswith("?") for q in questions)
    sections = roles_by_section("X1X2")
    assert sections["Emerging Issues from the Review"] == {"finding"}
    assert sections["Learning Points for Professionals"] == {"learning_point"}


def test_briefing_and_action_plan_template_in_one_file():
    chunks = chunks_of("H")
    sections = roles_by_section("H")
    assert sections["The Findings"] == {"finding"}
    assert sections["Recommendations"] == {"recommendation"}
    # The template's column questions are a form to fill in, not learning.
    template = [c for c in chunks if "Who will do it?" in c.text]
    assert template and {c.role for c in template} == {"context"}
    assert sections["Implementing Change"] == {"action"}
    # Empty form fields ("1.", "2.") are not passages.
    assert not any(re.fullmatch(r"[\d.\s-]*", c.text) for c in chunks)


def test_overview_report_keeps_paragraph_numbers_for_citation():
    chunks = chunks_of("B1")
    para = next(c for c in chunks if c.paragraphs == "16.7")
    assert para.section.startswith("16 What did partner agencies understand by the nature of attachment")
    assert para.section.endswith(", para 16.7")
    assert para.role == "finding"
    assert para.text.startswith("16.7 In May 2013 Child B1's mother told the health visitors")


def test_overview_report_key_lessons_are_learning_points_under_their_conclusion():
    lessons = [c for c in chunks_of("B1") if c.role == "learning_point"]
    assert any(c.section == "22 Conclusion and Learning › Key lessons learned (iv)" and
               "Resolving Professional Disagreements" in c.text for c in lessons)
    conclusion = next(c for c in chunks_of("B1") if c.text.startswith("ii. In relation to domestic"))
    assert conclusion.role == "finding"


def test_overview_report_markup_footnotes_and_tables_are_cleaned():
    chunks = chunks_of("B1")
    text = "\n".join(c.text for c in chunks)
    assert "<sup>" not in text and "<b>" not in text and "**" not in text
    assert "Deficiency in the amount of oxygen" not in text  # footnote 1
    panel = next(c for c in chunks if "Organisation | Position" in c.text)
    assert "Leicestershire Police | Detective Chief Inspector" in panel.text
    recs = roles_by_section("B1")
    assert recs["Appendix 1 › Recommendations (Children's Social Care)"] == {"recommendation"}


def test_page_break_inside_a_paragraph_is_joined():
    para = next(c for c in chunks_of("B1") if c.paragraphs.startswith("16.1"))
    assert "aware that healthy child development depends on a child's relationships" in para.text


def test_signs_of_safety_shape_and_lost_link_targets():
    chunks = chunks_of("ALICE")
    sections = roles_by_section("ALICE")
    assert sections["What are we worried about?"] == {"concern"}
    assert sections["What needs to happen?"] == {"recommendation"}
    assert sections["What's going well?"] == {"finding"}
    assert sections["Voice of the Child?"] == {"finding"}
    text = "\n".join(c.text for c in chunks)
    assert "(#)" not in text and "](" not in text and "\\(" not in text
    assert "The 'Rule of Optimism' was very much in evidence." in text
    procedures = [c.text for c in chunks if c.role == "procedure"]
    assert "- Resolving Professional Disagreements and Escalation" in procedures


@pytest.mark.parametrize("name", list(SEEDS))
def test_no_chunk_cuts_a_sentence_or_a_bullet(name: str):
    source = (KNOWLEDGE / SEEDS[name]).read_text(encoding="utf-8")
    for chunk in chunks_of(name):
        last = chunk.text.splitlines()[-1]
        if re.search(r"[.?!:;)\"'’”]$", last):
            continue  # ends at a sentence end
        # Otherwise it ends where the document's own paragraph, bullet or row ends.
        tail = re.findall(r"\w+", last)[-3:]
        ending = r"\W+".join(map(re.escape, tail)) + r"(?:<sup>[^<]*</sup>)?[^\w\n]*(\n|$)"
        assert re.search(ending, source), (chunk.section, last[-80:])


def test_long_paragraphs_split_only_at_sentence_ends():
    from bot.ingest.chunker import MAX_WORDS, split_sentences

    long_para = next(c for c in chunks_of("B1") if c.paragraphs == "22.3")
    assert len(long_para.text.split()) <= MAX_WORDS * 1.5
    text = ("The plan was reviewed (e.g. at core group). Dr. Smith agreed! Was it enough? "
            "The child, aged 2, was seen 14.3 times.")
    assert split_sentences(text) == ["The plan was reviewed (e.g. at core group).",
                                     "Dr. Smith agreed!", "Was it enough?",
                                     "The child, aged 2, was seen 14.3 times."]


def test_metadata_comes_from_the_sidecar():
    document = parse_document(KNOWLEDGE / SEEDS["B1"], KNOWLEDGE)
    assert document.meta["title"] == "Child B1"
    assert document.meta["partnership"] == "Leicester Safeguarding Children Board"
    assert document.meta["year"] == 2016
    assert document.meta["kind"] == "overview report"
    assert document.source == SEEDS["B1"]
