"""Supervision records on SQLite and PostgreSQL alike: who reads what, the audit, retention."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError

from bot.config import PROJECT_ROOT
from bot.records import people
from bot.records.access import NotAllowed
from bot.records.db import get_engine, session_for
from bot.records.models import utcnow
from bot.records.retention import purge
from bot.supervision import casefile, plan, sessions, signoff
from bot.supervision.frameworks import load_frameworks

FRAMEWORKS = load_frameworks(PROJECT_ROOT / "knowledge" / "frameworks.yaml")
SUPERVISOR, OTHER_SUPERVISOR, PRACTITIONER, COLLEAGUE = "USUP", "USUP2", "UALICE", "UBOB"


def _audit(url: str) -> list[tuple]:
    with get_engine(url).connect() as connection:
        return [tuple(r) for r in connection.execute(text(
            "SELECT actor, action, subject FROM audit ORDER BY id"))]


def _session(url: str, supervisor: str = SUPERVISOR, supervisee: str = PRACTITIONER) -> int:
    with session_for(url) as db:
        people.set_roles(db, supervisors={SUPERVISOR, OTHER_SUPERVISOR}, admins={"UADMIN"})
    session_id = sessions.start(url, FRAMEWORKS, {}, sessions.Opening(
        framework="four_by_four", supervisor=supervisor, supervisee=supervisee, case_ref="CR-7"))
    sessions.add_entry(url, FRAMEWORKS, session_id, author=supervisee,
                       text="Mum's partner Kyle Jones, NHS 943 476 5919, was at the visit",
                       source_ts="1.1")
    return session_id


def test_a_session_is_stored_redacted_with_its_actions(database_url):  # type: ignore[no-untyped-def]
    session_id = _session(database_url)
    again = sessions.add_entry(database_url, FRAMEWORKS, session_id, author=PRACTITIONER,
                               text="Mum's partner Kyle Jones, NHS 943 476 5919", source_ts="1.1")
    assert again.retried and again.entry_id is not None  # the same Slack message: stored once
    sessions.move(database_url, FRAMEWORKS, session_id, actor=SUPERVISOR, by=1)
    due = date.today() + timedelta(days=7)
    plan.add_action(database_url, session_id, actor=SUPERVISOR, values={
        "what": "Check the partner Kyle Jones's history", "who": PRACTITIONER, "due": due.isoformat(),
        "done_check": "PNC check on file", "worked_check": "Plan reflects it"})
    closing = signoff.close(database_url, FRAMEWORKS, session_id, actor=SUPERVISOR, values={
        "oversight": "Agreed; Kyle Jones's history to be checked first", "next_date": "in 4 weeks"})
    record = casefile.session_record(database_url, FRAMEWORKS, session_id, viewer=PRACTITIONER,
                                     reviews={})
    assert [e.step for e in record.entries] == ["Experience"]
    assert "Kyle" not in record.entries[0].text and "943 476 5919" not in record.entries[0].text
    assert record.actions[0].due == due and record.actions[0].who.slack_user == PRACTITIONER
    assert record.signed_off_by is not None and record.signed_off_by.slack_user == SUPERVISOR
    assert "Experience: Mum's partner" in closing.summary and "Kyle" not in closing.summary
    assert record.oversight.startswith("Agreed;") and "Kyle" not in record.oversight  # redacted
    assert record.next_date == date.today() + timedelta(days=28)


def test_who_may_read_a_session(database_url):  # type: ignore[no-untyped-def]
    session_id = _session(database_url)
    for allowed in (SUPERVISOR, PRACTITIONER):
        casefile.session_record(database_url, FRAMEWORKS, session_id, viewer=allowed, reviews={})
    for refused in (COLLEAGUE, OTHER_SUPERVISOR, "UADMIN"):  # an admin by role alone reads nothing
        with pytest.raises(NotAllowed):
            casefile.session_record(database_url, FRAMEWORKS, session_id, viewer=refused, reviews={})
    # A supervisor reads the sessions of the practitioners they supervise, run by someone else.
    _session(database_url, supervisor=OTHER_SUPERVISOR, supervisee=COLLEAGUE)
    sessions.start(database_url, FRAMEWORKS, {}, sessions.Opening(
        framework="kolb", supervisor=SUPERVISOR, supervisee=COLLEAGUE, case_ref="CR-8"))
    casefile.session_record(database_url, FRAMEWORKS, 2, viewer=SUPERVISOR, reviews={})
    audit = _audit(database_url)
    assert (COLLEAGUE, "refused", f"session:{session_id}") in audit
    assert ("UADMIN", "refused", f"session:{session_id}") in audit
    assert (PRACTITIONER, "read", f"session:{session_id}") in audit
    assert (SUPERVISOR, "read", "session:2") in audit


def test_the_audit_log_is_append_only(database_url):  # type: ignore[no-untyped-def]
    _session(database_url)
    # SQLite's REPLACE rewrites a row without a delete trigger; PostgreSQL's TRUNCATE fires none
    rewrite = ("INSERT OR REPLACE INTO audit (id, at, actor, action, subject, detail) "
               "VALUES (1, '2026-01-01', 'someone', 'open', 'session:1', '')"
               if database_url.startswith("sqlite") else "TRUNCATE audit")
    for statement in ("UPDATE audit SET actor = 'someone'", "DELETE FROM audit", rewrite):
        with pytest.raises(DBAPIError), get_engine(database_url).begin() as connection:
            connection.execute(text(statement))
    assert _audit(database_url)[0] == (SUPERVISOR, "open", "session:1")


def _behind_the_triggers(url: str, statement: str) -> None:
    """What someone with the database file or an owner's login can still do: triggers off."""
    with get_engine(url).begin() as connection:
        if url.startswith("sqlite"):
            for trigger in ("audit_no_update", "audit_no_delete"):
                connection.execute(text(f"DROP TRIGGER IF EXISTS {trigger}"))
        else:
            connection.execute(text("ALTER TABLE audit DISABLE TRIGGER audit_append_only"))
        connection.execute(text(statement))


@pytest.mark.parametrize("statement, row, reason", [
    ("UPDATE audit SET subject = 'session:99' WHERE id = 2", 2, "changed after it was written"),
    ("DELETE FROM audit WHERE id = 2", 3, "the row before it was changed or removed"),
], ids=["a row changed", "a row removed"])
def test_the_audit_chain_finds_what_the_triggers_did_not_stop(database_url, statement, row, reason):  # type: ignore[no-untyped-def]
    from bot.records.audit_chain import verify

    session_id = _session(database_url)
    casefile.session_record(database_url, FRAMEWORKS, session_id, viewer=PRACTITIONER, reviews={})
    with pytest.raises(NotAllowed):  # a refusal is audited too
        casefile.session_record(database_url, FRAMEWORKS, session_id, viewer=COLLEAGUE, reviews={})
    with session_for(database_url) as db:
        held = verify(db)
    assert held.broken_at is None and held.rows == len(_audit(database_url)) >= 3
    _behind_the_triggers(database_url, statement)
    with session_for(database_url) as db:
        broken = verify(db)
    assert broken.broken_at == row and reason in broken.reason


def test_only_the_owner_or_the_supervisor_marks_an_action_done(database_url):  # type: ignore[no-untyped-def]
    session_id = _session(database_url)
    action_id = plan.add_action(database_url, session_id, actor=SUPERVISOR, values={
        "what": "Visit again", "who": PRACTITIONER, "due": date.today().isoformat(),
        "done_check": "Visit note", "worked_check": "Baby seen"}).id
    assert [a.id for a in plan.actions_for(database_url, PRACTITIONER)] == [action_id]
    assert [a.id for a in plan.actions_for(database_url, SUPERVISOR)] == [action_id]
    with pytest.raises(NotAllowed):
        plan.mark_action_done(database_url, action_id, actor=COLLEAGUE)
    done = plan.mark_action_done(database_url, action_id, actor=PRACTITIONER)
    assert done.status == "done" and plan.actions_for(database_url, PRACTITIONER) == []
    assert (COLLEAGUE, "refused", f"action:{action_id}") in _audit(database_url)


def test_an_action_needs_every_field_and_a_date_not_past(database_url):  # type: ignore[no-untyped-def]
    session_id = _session(database_url)
    with pytest.raises(sessions.SessionInputError) as refused:
        plan.add_action(database_url, session_id, actor=SUPERVISOR, values={
            "what": "Visit", "who": "", "due": (date.today() - timedelta(days=1)).isoformat(),
            "done_check": "", "worked_check": "x"})
    assert set(refused.value.errors) == {"who", "due", "done_check"}


def test_a_practitioner_cannot_open_a_session_nor_use_a_name_as_the_case(database_url):  # type: ignore[no-untyped-def]
    _session(database_url)
    with pytest.raises(NotAllowed):
        sessions.start(database_url, FRAMEWORKS, {}, sessions.Opening(
            framework="gibbs", supervisor=PRACTITIONER, supervisee=COLLEAGUE, case_ref="CR-9"))
    for name in ("Jayden Smith", "Jayden 2019", "943 476 5919", "01/02/2020"):
        with pytest.raises(sessions.SessionInputError) as refused:
            sessions.start(database_url, FRAMEWORKS, {}, sessions.Opening(
                framework="gibbs", supervisor=SUPERVISOR, supervisee=COLLEAGUE, case_ref=name))
        assert "case_ref" in refused.value.errors, name
    for forged in ("U" * 65, "UALICE\x00"):  # no such Slack user; the records could not key it
        with pytest.raises(sessions.SessionInputError) as refused:
            sessions.start(database_url, FRAMEWORKS, {}, sessions.Opening(
                framework="gibbs", supervisor=SUPERVISOR, supervisee=forged, case_ref="CR-9"))
        assert "supervisee" in refused.value.errors


def test_retention_purges_old_records_and_keeps_the_audit(database_url):  # type: ignore[no-untyped-def]
    old = _session(database_url)
    with get_engine(database_url).begin() as connection:
        connection.execute(text("UPDATE supervision_session SET created_at = :at WHERE id = :id"),
                           {"at": utcnow() - timedelta(days=400), "id": old})
    recent = _session(database_url)
    counts = purge(database_url, older_than_days=365, actor="cli:admin")
    assert counts["sessions"] == 1 and counts["entries"] == 1
    casefile.session_record(database_url, FRAMEWORKS, recent, viewer=SUPERVISOR, reviews={})
    with pytest.raises(NotAllowed):
        casefile.session_record(database_url, FRAMEWORKS, old, viewer=SUPERVISOR, reviews={})
    audit = _audit(database_url)
    assert ("cli:admin", "purge", "records") in audit and audit[0][1] == "open"
