"""Whatever text reaches a rendering function, what it renders can only mention real user IDs
and link where a review's own source link points: typed text never pings, mentions or links."""

from __future__ import annotations

import re
from datetime import date, datetime, timezone

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.config import PROJECT_ROOT
from bot.records.models import Action, Ask, SupervisionSession
from bot.reflection import Answer, Learning, Procedure, Question
from bot.reflection.themes import DetectedTheme
from bot.slack.blocks import answer_blocks, fallback_text
from bot.slack.home import home_view
from bot.slack.supervision_blocks import (
    action_line,
    closing_blocks,
    home_supervision_blocks,
    panels_messages,
    session_header,
)
from bot.supervision.frameworks import load_frameworks
from bot.supervision.sessions import State
from bot.supervision.signoff import Closing
from tests.hostile.test_fuzz_slack import ATOMS
from tests.slack.harness import check_blocks

FUZZ = settings(derandomize=True, max_examples=60, deadline=None, database=None,
                suppress_health_check=[HealthCheck.too_slow])
texts = st.lists(st.one_of(st.sampled_from(ATOMS + ["<", ">", "&", "|", "<@", "<!"]),
                           st.text(max_size=30)), max_size=6).map("".join)
FRAMEWORKS = load_frameworks(PROJECT_ROOT / "knowledge" / "frameworks.yaml")
FRAMEWORK = FRAMEWORKS.get("four_by_four")
ALLOWED = re.compile(r"<@[UW][A-Z0-9]+>|<https://review\.example[^<>]*>")  # ours, nothing typed


def mrkdwn(blocks: object) -> list[str]:
    """The texts Slack reads as markup (plain_text is shown as typed, so it cannot ping)."""
    if isinstance(blocks, str):
        return [blocks]
    if isinstance(blocks, list):
        return [t for item in blocks for t in mrkdwn(item)]
    if isinstance(blocks, dict):
        if blocks.get("type") == "mrkdwn":
            return [blocks["text"]]
        return [t for value in blocks.values() if not isinstance(value, str) for t in mrkdwn(value)]
    return []


def raw_markup(blocks: object) -> list[str]:
    """Slack markup in what would be shown, other than real mentions and the review's own link."""
    return [m for text in mrkdwn(blocks) for m in re.findall(r"<[^<>]*>", ALLOWED.sub("", text))]


@FUZZ
@given(a=texts, b=texts, c=texts, d=texts)
def test_an_answer_renders_typed_and_stored_text_as_text(a, b, c, d):  # type: ignore[no-untyped-def]
    answer = Answer(query=a, notes=[a, "Nothing in the case reviews " + b],
                    themes=[DetectedTheme("t", b, 0.5)],
                    learning=[Learning("reviews/x.txt", a, b, "finding", c, 0.7, d, 2020,
                                       "https://review.example/x")],
                    questions=[Question(c, None, "questions.yaml")], procedures=[Procedure("p", d, a)])
    blocks = answer_blocks(answer, ask_id=1, shareable=True)
    assert check_blocks(blocks) == ""
    assert raw_markup(blocks) == [] and raw_markup(fallback_text(answer)) == []


@FUZZ
@given(a=texts, b=texts, owner=st.one_of(texts, st.just("UALICE")))
def test_supervision_and_home_render_typed_and_stored_text_as_text(a, b, owner):  # type: ignore[no-untyped-def]
    today = date(2026, 1, 1)
    action = Action(id=1, session_id=1, what=a, owner=owner, due=today, done_check=b,
                    worked_check=b)
    row = SupervisionSession(id=1, framework=a, supervisor="USUP", case_ref=b,
                             created_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    state = State(1, FRAMEWORK, 0, "active", "USUP", owner, "", b, "", "C1", "1.1")
    ask = Ask(surface="dm", prompt=a, created_at=datetime(2026, 1, 1, tzinfo=timezone.utc))
    rendered = {
        "action": action_line(action, today),
        "header": session_header(state, a),
        "closing": closing_blocks(Closing(state, f"{a}\n{b}", [action])),
        "panels": [block for message in panels_messages(a, [(b, a)]) for block in message],
        "home": home_view({"documents": {"d": {"title": a}}, "built_at": b}, [b], [ask],
                          home_supervision_blocks([action], [row], today, FRAMEWORKS)),
    }
    for where, blocks in rendered.items():
        assert raw_markup(blocks) == [], where
