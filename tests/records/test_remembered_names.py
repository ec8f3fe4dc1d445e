"""A name shown once in a thread or a supervision session goes from every later message of it, in
any case or form, on SQLite and PostgreSQL alike; the records keep keyed digests, never the name."""

from __future__ import annotations

import copy
from dataclasses import replace

from sqlalchemy import text

from bot.config import PROJECT_ROOT
from bot.conversation import ask_and_record
from bot.records import people
from bot.records.db import get_engine, session_for
from bot.supervision import sessions
from bot.supervision.frameworks import load_frameworks

FRAMEWORKS = load_frameworks(PROJECT_ROOT / "knowledge" / "frameworks.yaml")


def _everything(url: str) -> str:
    """Every stored value of every table, as one text to search."""
    with get_engine(url).connect() as connection:
        tables = [r[0] for r in connection.execute(text(
            "SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'"
            if url.startswith("postgresql") else "SELECT name FROM sqlite_master WHERE type='table'"))]
        return "\n".join(str(row) for table in tables
                         for row in connection.execute(text(f'SELECT * FROM "{table}"')))


def test_a_name_a_thread_has_shown_goes_from_its_follow_ups(engine, database_url, tmp_path):  # type: ignore[no-untyped-def]
    engine = _with_records(engine, database_url, tmp_path)
    ask = {"surface": "mention", "slack_user": "U1", "channel": "C1", "thread_ts": "5.1"}
    ask_and_record(engine, database_url, text="Worried about Hope Kowalczyk, dad drinks", **ask,
                   message_ts="5.1")
    later = ask_and_record(engine, database_url, text="hope said dad hit mum again, hope is scared",
                           **{**ask, "surface": "thread"}, message_ts="5.2", follow_up=True)
    assert "hope" not in later.stored.lower() and "[name] said" in later.stored
    assert "hope" not in later.answer.query.lower()
    elsewhere = ask_and_record(engine, database_url, text="i hope the plan helps", **{
        **ask, "thread_ts": "6.1"}, message_ts="6.1")
    assert elsewhere.stored == "i hope the plan helps"  # another thread never saw the name
    stored = _everything(database_url)
    assert "Kowalczyk" not in stored and "Hope" not in stored


def test_a_name_said_in_a_session_goes_from_its_later_entries(database_url, tmp_path):  # type: ignore[no-untyped-def]
    key = b"k" * 32
    with session_for(database_url) as db:
        people.set_roles(db, supervisors={"USUP"}, admins=set())
    session_id = sessions.start(database_url, FRAMEWORKS, {}, sessions.Opening(
        framework="four_by_four", supervisor="USUP", supervisee="UALICE", case_ref="CR-7"))
    sessions.add_entry(database_url, FRAMEWORKS, session_id, author="UALICE", source_ts="1.1",
                       text="Dad is Mark Szymański, he shouts at the children", key=key)
    later = sessions.add_entry(database_url, FRAMEWORKS, session_id, author="USUP",
                               source_ts="1.2", text="what do you think mark wants?", key=key)
    assert later.text == "what do you think [name] wants?"
    other = sessions.start(database_url, FRAMEWORKS, {}, sessions.Opening(
        framework="four_by_four", supervisor="USUP", supervisee="UALICE", case_ref="CR-8"))
    plain = sessions.add_entry(database_url, FRAMEWORKS, other, author="USUP", source_ts="2.1",
                               text="mark the date in the plan", key=key)
    assert plain.text == "mark the date in the plan"
    assert "Szyma" not in _everything(database_url)


def _with_records(engine, database_url: str, tmp_path):  # type: ignore[no-untyped-def]
    """The session's engine, keeping its records (and the key file) where this test says."""
    mine = copy.copy(engine)
    mine.settings = replace(engine.settings, database_url=database_url, data_dir=tmp_path)
    return mine
