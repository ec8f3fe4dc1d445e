"""Edits and removals on SQLite and PostgreSQL: the text leaves the queries stored with later
answers too, only the author's change counts, and each is audited by id."""

from __future__ import annotations

import json

from sqlalchemy import text
from sqlmodel import select

from bot.config import PROJECT_ROOT
from bot.conversation import corrections
from bot.records import asks, people
from bot.records.corrections import replace_text
from bot.records.db import get_engine, session_for
from bot.records.models import Ask, Entry
from bot.supervision import sessions
from bot.supervision.frameworks import load_frameworks

FRAMEWORKS = load_frameworks(PROJECT_ROOT / "knowledge" / "frameworks.yaml")
FIRST = "baby has a bruise and dad works nights"


def _all(url: str, sql: str) -> list[tuple]:
    with get_engine(url).connect() as connection:
        return [tuple(r) for r in connection.execute(text(sql))]


def _thread(url: str) -> tuple[int, int]:
    """An ask and its follow-up in one Slack thread, the follow-up searched with the first."""
    with session_for(url) as db:
        first = asks.record_ask(db, surface="mention", prompt=FIRST, slack_user="UALICE",
                                channel="C1", thread_ts="1.1", message_ts="1.1",
                                answer={"query": FIRST, "redactions": []})
        second = asks.record_ask(db, surface="thread", prompt="and mum seems low",
                                 slack_user="UALICE", channel="C1", thread_ts="1.1",
                                 message_ts="1.2", answer={"query": f"and mum seems low\n{FIRST}",
                                                           "redactions": []})
        asks.record_feedback(db, ask_id=first.id or 0, slack_user="UALICE", helpful=True)
        return first.id or 0, second.id or 0


def test_an_edited_ask_leaves_no_old_text_in_its_thread(database_url):  # type: ignore[no-untyped-def]
    first, second = _thread(database_url)
    done = corrections.edit_message(database_url, channel="C1", ts="1.1", author="UALICE",
                                    text="baby has a bruise, dad on 07700 900123")
    assert [(c.kind, c.record_id, c.outcome) for c in done] == [("ask", first, "edited")]
    assert "removed" in done[0].note and "900123" not in done[0].text
    with session_for(database_url) as db:
        rows = {a.id: a for a in db.exec(select(Ask)).all()}
    assert rows[first].prompt == done[0].text and rows[first].answer["query"] == done[0].text
    assert rows[second].answer["query"] == f"and mum seems low\n{done[0].text}"
    assert rows[first].redactions == rows[first].answer["redactions"] != []
    assert FIRST not in json.dumps(_all(database_url, "SELECT * FROM ask"), default=str)
    assert ("UALICE", "edit", f"ask:{first}", "via=slack_edit") in _all(
        database_url, "SELECT actor, action, subject, detail FROM audit")


def test_only_the_asker_removes_an_ask_and_its_feedback_goes_with_it(database_url):  # type: ignore[no-untyped-def]
    first, second = _thread(database_url)
    assert corrections.remove_ask(database_url, first, actor="UMALLORY").outcome == "refused"
    assert corrections.delete_message(database_url, channel="C1", ts="1.1",
                                      author="UMALLORY")[0].outcome == "refused"
    assert len(_all(database_url, "SELECT id FROM ask")) == 2
    assert corrections.remove_ask(database_url, first, actor="UALICE").outcome == "removed"
    assert corrections.remove_ask(database_url, first, actor="UALICE").outcome == "gone"
    assert _all(database_url, "SELECT id FROM ask") == [(second,)]
    assert _all(database_url, "SELECT id FROM feedback") == []
    assert FIRST not in json.dumps(_all(database_url, "SELECT * FROM ask"), default=str)
    assert _all(database_url, "SELECT actor, action, subject FROM audit") == [
        ("UMALLORY", "refused", f"ask:{first}"), ("UMALLORY", "refused", f"ask:{first}"),
        ("UALICE", "remove", f"ask:{first}")]


def test_an_entry_edited_or_removed_leaves_the_sessions_learning_queries(database_url):  # type: ignore[no-untyped-def]
    with session_for(database_url) as db:
        people.set_roles(db, supervisors={"USUP"}, admins=set())
    session_id = sessions.start(database_url, FRAMEWORKS, {}, sessions.Opening(
        framework="four_by_four", supervisor="USUP", supervisee="UALICE", case_ref="CR-7"))
    sessions.attach_thread(database_url, session_id, channel="G1", thread_ts="5.0")
    for ts, said in (("5.1", "mum said she rolled into the cot"), ("5.2", "dad was not seen")):
        sessions.add_entry(database_url, FRAMEWORKS, session_id, author="UALICE", text=said,
                           source_ts=ts)
    with session_for(database_url) as db:
        db.add(Entry(session_id=session_id, step="analysis", author="bot", kind="learning",
                     text="Child H, Key lessons",
                     answer={"query": "Child H: dad was not seen\nmum said she rolled into the cot"}))
    assert corrections.edit_message(database_url, channel="G1", ts="5.2", author="USUP",
                                    text="dad was seen")[0].outcome == "refused"
    assert corrections.edit_message(database_url, channel="G1", ts="5.2", author="UALICE",
                                    text="dad was seen briefly")[0].outcome == "edited"
    assert corrections.delete_message(database_url, channel="G1", ts="5.1",
                                      author="UALICE")[0].outcome == "removed"
    with session_for(database_url) as db:
        kept = [(e.kind, e.text, e.answer.get("query")) for e in db.exec(select(Entry)).all()]
    assert kept == [("entry", "dad was seen briefly", None),
                    ("learning", "Child H, Key lessons", "Child H: dad was seen briefly")]
    assert _all(database_url, "SELECT actor, action, subject FROM audit")[-3:] == [
        ("USUP", "refused", "entry:2"), ("UALICE", "edit", "entry:2"),
        ("UALICE", "remove", "entry:1")]


def test_a_query_loses_a_text_only_where_it_stands_whole():
    query = "ok then\nthe visit was ok\nok"
    assert replace_text(query, "ok", "") == "ok then\nthe visit was ok"
    assert replace_text("Child H: newest\nolder", "newest", "new") == "Child H: new\nolder"
    cut = "newer text\nthe oldest text, cut short wh"  # a query bounded inside its last text
    assert replace_text(cut, "the oldest text, cut short where the bound fell", "") == "newer text"
