"""A team reads a review's panels whole: no passage cut mid-word, each list item on its own line."""

from __future__ import annotations

from bot.slack.supervision_blocks import panels_messages
from bot.supervision.reviews import review_panels
from tests.slack.harness import check_blocks


def _briefing(engine) -> str:  # type: ignore[no-untyped-def]
    return next(path for path in engine.documents() if "001_" in path)


def _shown(messages: list[list[dict]]) -> str:
    return "\n".join(b["text"]["text"] for m in messages for b in m if b["type"] == "section") + "\n"


def test_every_passage_of_a_panel_is_kept_whole_and_list_items_stay_apart(engine):  # type: ignore[no-untyped-def]
    path = _briefing(engine)
    panels = dict(review_panels(engine, path))
    questions = panels["What does this mean for me?"].splitlines()
    assert len(questions) == 6 and all(q.startswith("- ") for q in questions)
    for chunk in engine.passages(path):
        assert chunk.text in panels[chunk.section or chunk.title]  # nothing clipped


def test_slack_shows_each_item_as_a_bullet_on_its_own_line(engine):  # type: ignore[no-untyped-def]
    shown = _shown(panels_messages("Child X1/X2", review_panels(engine, _briefing(engine))))
    assert "\n• Am I aware of the Greater Manchester Bruising Protocol?\n" in shown
    assert "\n• Am I aware of the escalation policy?\n" in shown


def test_a_panel_longer_than_a_slack_section_runs_on_whole_over_sections_and_messages():
    items = [f"- Finding {n}: " + "the plan was not reviewed " * 12 for n in range(500)]  # over 50 sections
    messages = panels_messages("Long review", [("Findings", "\n".join(items))])
    assert len(messages) > 1 and all(check_blocks(m) == "" for m in messages)
    shown = _shown(messages)
    for item in items:
        assert f"\n• {item.removeprefix('- ')}\n" in shown  # every item whole, none cut
