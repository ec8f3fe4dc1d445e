"""Block Kit rendering is pure and always within Slack's limits."""

from __future__ import annotations

from bot.ingest.inspect import Inspection, Left
from bot.privacy import Redaction
from bot.reflection import Answer, Learning, Procedure, Question
from bot.reflection.themes import DetectedTheme
from bot.slack.blocks import (
    MAX_CONTEXT,
    MAX_FALLBACK,
    answer_blocks,
    citation,
    escape,
    fallback_text,
    inspection_summary,
    privacy_note_blocks,
    upload_offer,
)
from bot.slack.home import home_view
from tests.slack.harness import check_blocks


def huge_answer() -> Answer:
    long = "A very long passage about neglect and escalation. " * 400  # 20,000 characters
    return Answer(
        query="q", redactions=[Redaction("name", 2)],
        themes=[DetectedTheme(f"t{i}", "Theme " * 50, 0.5) for i in range(30)],
        learning=[Learning("reviews/x.txt", "Child Q" * 40, "Section " * 200, "finding", long,
                           0.7, "Partnership " * 30, 2020, "www.example.org") for _ in range(80)],
        questions=[Question("Why? " * 500, None, "questions.yaml") for _ in range(20)],
        procedures=[Procedure("p", "Escalation " * 100, "text " * 2000) for _ in range(10)],
        notes=["A note. " * 1000 for _ in range(10)])


def test_an_oversized_answer_stays_within_slacks_limits():
    blocks = answer_blocks(huge_answer(), ask_id=7, shareable=True)
    assert check_blocks(blocks) == ""
    assert len(blocks) <= 50
    assert blocks[-1]["type"] == "actions" or len(blocks) == 50
    assert len(fallback_text(huge_answer())) <= MAX_FALLBACK


def test_nothing_close_is_said_and_questions_still_shown():
    answer = Answer(query="canteen", no_match=True,
                    notes=["Nothing in the case reviews I hold comes close to this."],
                    questions=[Question("What is the child's day like?", None, "questions.yaml")])
    shown = str(answer_blocks(answer, ask_id=1))
    assert "Nothing close in the reviews" in shown and "What is the child" in shown
    assert fallback_text(answer).startswith("Nothing close in the reviews.")


def test_citation_names_review_partnership_year_section_and_link():
    text = citation("Child X1/X2", "Rochdale Borough Safeguarding Children Partnership", 2019,
                    "Recommendations", "www.rbscp.org")
    assert text == ("<https://www.rbscp.org|Child X1/X2 (Rochdale Borough Safeguarding Children "
                    "Partnership, 2019)> · Recommendations")


def test_text_echoed_back_cannot_ping_or_link():
    assert escape("<!channel> <@U123> <http://evil|click> & co") == \
        "&lt;!channel&gt; &lt;@U123&gt; &lt;http://evil|click&gt; &amp; co"


def test_home_view_within_limits_with_many_documents():
    manifest = {"built_at": "2026-11-23T10:00:00+00:00",
                "documents": {f"d{i}": {"title": f"Child {i}", "year": 2020} for i in range(2000)}}
    view = home_view(manifest, ["Theme"] * 40, [])
    assert check_blocks(view["blocks"]) == "" and "2000 documents" in str(view)


def test_the_privacy_note_quotes_the_stored_text_safely_within_limits():
    stored = "line one <!channel> & <@U123>\n" + "said at the visit " * 400  # 7,000 characters
    blocks = privacy_note_blocks("I removed 1 phone number.", stored, "remove_entry", 42)
    assert check_blocks(blocks) == ""
    kept = blocks[1]["text"]["text"]
    assert kept.startswith("*As kept in the record:*\n> line one &lt;!channel&gt; &amp; &lt;@U123&gt;")
    assert kept.endswith("…") and len(kept) <= 3000
    (button,) = blocks[2]["elements"]
    assert (button["action_id"], button["value"], button["style"]) == ("remove_entry", "42", "danger")
    assert button["text"]["text"] == "Remove this from the record" and "confirm" in button


def test_the_slack_summary_stays_within_a_context_block():
    many = Inspection("x.pdf", "Child Q", "overview report", "Sandford Safeguarding Children Partnership",
                      2024, None, passages=4000, roles={"finding": 3000, "context": 1000},
                      left_out=[Left(f"thing {n}", n, "why") for n in range(1, 400)])
    text = inspection_summary(many)
    assert text.startswith("*What I read:* overview report · published by Sandford Safeguarding Children "
                           "Partnership · 2024\n0 sections, 4000 passages: 3000 findings, 1000 context "
                           "passages (context is never shown as learning)\nLeft out: 1 thing 1, 2 thing 2")
    _, blocks = upload_offer("x.pdf", {"title": "Child Q", "year": 2024}, "", many, "{}")
    assert len(blocks[1]["elements"][0]["text"]) <= MAX_CONTEXT
    assert check_blocks(blocks) == ""


def test_guidance_that_fits_better_comes_before_the_learning_with_where_it_says_it():
    learning = Learning("reviews/x.txt", "Child Q", "Findings", "finding", "Carers were not heard.",
                        0.5, 0.5)
    guidance = Procedure("guide.pdf", "Guide to the Children's Homes Regulations",
                         "Searching a child's room needs their consent unless…", "9 Protection, para 9.40")
    answer = Answer(query="q", evidence="strong", learning=[learning], procedures=[guidance],
                    lead="procedures")
    shown = [b["text"]["text"] for b in answer_blocks(answer, ask_id=3) if b.get("text")]
    first = next(i for i, t in enumerate(shown) if "Procedures and guidance" in t)
    assert first < shown.index("What case reviews have learned")
    assert "Guide to the Children's Homes Regulations* · 9 Protection, para 9.40" in shown[first + 1]
    assert fallback_text(answer).startswith("Procedures and guidance: Guide to the Children")
    answer.lead = "learning"
    shown = [b["text"]["text"] for b in answer_blocks(answer, ask_id=3) if b.get("text")]
    assert shown.index("What case reviews have learned") < next(
        i for i, t in enumerate(shown) if "Procedures and guidance" in t)
    assert fallback_text(answer).startswith("From case reviews: Child Q")


def test_guidance_alone_is_shown_without_a_learning_heading():
    guidance = Procedure("guide.pdf", "Guide", "Searching a room…", "9 Protection")
    answer = Answer(query="q", evidence="strong", procedures=[guidance], lead="procedures",
                    notes=["Nothing in the case reviews I hold comes close to this; the procedures "
                           "and guidance below do."])
    shown = str(answer_blocks(answer, ask_id=3))
    assert "What case reviews have learned" not in shown and "Procedures and guidance" in shown
