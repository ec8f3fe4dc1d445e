"""The supervision record for the case file: read with access checked and audited, then exported."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import col, or_, select

from ..records import people
from ..records.access import audit, readable_session
from ..records.db import session_for
from ..records.models import Action, Decision, Entry, SupervisionLink, SupervisionSession, utcnow
from ..reflection.present import citation
from .export import actions_csv, session_markdown
from .export_pdf import session_pdf
from .frameworks import Frameworks
from .record import ActionView, Citation, DecisionView, EntryView, Person, SessionRecord

FORMATS = ("md", "pdf")
BOT = Person("bot", "Reflect (case review learning)")


@dataclass(frozen=True)
class ExportFile:
    name: str
    content: bytes
    title: str


def session_record(database_url: str, frameworks: Frameworks, session_id: int, *, viewer: str,
                   reviews: dict[str, str], purpose: str = "read") -> SessionRecord:
    """The whole session as the viewer may see it; NotAllowed (audited) when they may not."""
    with session_for(database_url) as db:
        row = readable_session(db, viewer=viewer, session_id=session_id, purpose=purpose)
        entries = list(db.exec(select(Entry).where(Entry.session_id == session_id)
                               .order_by(col(Entry.id))).all())
        actions = list(db.exec(select(Action).where(Action.session_id == session_id)
                               .order_by(col(Action.id))).all())
        decisions = list(db.exec(select(Decision).where(Decision.session_id == session_id)
                                 .order_by(col(Decision.id))).all())
        users = {row.supervisor, row.supervisee, row.signed_off_by, row.acknowledged_by, viewer,
                 *(e.author for e in entries), *(a.owner for a in actions),
                 *(d.decided_by for d in decisions)} - {""}
        named = people.names(db, users)
    return _record(frameworks, row, entries, actions, decisions, reviews, viewer,
                   lambda user: Person(user, named.get(user, "")))


def export_session(database_url: str, frameworks: Frameworks, session_id: int, *, viewer: str,
                   reviews: dict[str, str], fmt: str) -> ExportFile:
    """The session as Markdown or PDF, for the case file (audited as an export)."""
    if fmt not in FORMATS:
        raise ValueError(f"Export as one of {', '.join(FORMATS)}, not '{fmt}'.")
    record = session_record(database_url, frameworks, session_id, viewer=viewer, reviews=reviews,
                            purpose=f"export_{fmt}")
    stem = f"supervision-{session_id}-{record.case_ref.replace('/', '-').replace(' ', '_')}"
    title = f"Supervision record, session {session_id}"
    if fmt == "pdf":
        return ExportFile(f"{stem}.pdf", session_pdf(record), title)
    return ExportFile(f"{stem}.md", session_markdown(record).encode(), title)


def export_actions(database_url: str, frameworks: Frameworks, *, viewer: str,
                   reviews: dict[str, str]) -> ExportFile:
    """Actions of every session the viewer may read, as CSV (each session's read audited)."""
    with session_for(database_url) as db:
        ids = _sessions_of(db, viewer)
    records = [session_record(database_url, frameworks, i, viewer=viewer, reviews=reviews,
                              purpose="export_csv") for i in ids]
    with session_for(database_url) as db:
        audit(db, actor=viewer, action="export_csv", subject=f"actions:{viewer}",
              detail=f"sessions={len(records)}")
    return ExportFile(f"actions-{viewer}.csv", actions_csv(records).encode(), "Supervision actions")


def sessions_readable(database_url: str, viewer: str, limit: int = 10) -> list[SupervisionSession]:
    """The newest sessions the viewer ran or took part in (a listing: no record text)."""
    with session_for(database_url) as db:
        ids = _sessions_of(db, viewer)[:limit]
        return [row for i in ids if (row := db.get(SupervisionSession, i)) is not None]


def _sessions_of(db, viewer: str) -> list[int]:  # type: ignore[no-untyped-def]
    supervisees = select(SupervisionLink.supervisee).where(SupervisionLink.supervisor == viewer)
    authored = select(Entry.session_id).where(Entry.author == viewer)
    return list(db.exec(select(SupervisionSession.id).where(or_(
        col(SupervisionSession.supervisor) == viewer, col(SupervisionSession.supervisee) == viewer,
        col(SupervisionSession.supervisee).in_(supervisees), col(SupervisionSession.id).in_(authored)))
        .order_by(col(SupervisionSession.id).desc())).all())


def _record(frameworks: Frameworks, row: SupervisionSession, entries: list[Entry],  # type: ignore[no-untyped-def]
            actions: list[Action], decisions: list[Decision], reviews: dict[str, str], viewer: str,
            person) -> SessionRecord:
    framework = frameworks.get(row.framework)
    titles = {s.id: s.title for s in framework.steps}
    participants = [row.supervisee] if row.supervisee else []
    participants += sorted({e.author for e in entries} - {row.supervisor, row.supervisee, "bot"})
    assert row.id is not None
    return SessionRecord(
        id=row.id, framework=framework.name, supervisor=person(row.supervisor),
        participants=tuple(person(p) for p in participants), team_channel=row.team_channel,
        case_ref=row.case_ref, functions=tuple(frameworks.function_label(f) for f in row.functions),
        review=reviews.get(row.review, row.review), status=row.status, started_at=row.created_at,
        closed_at=row.closed_at, summary=row.summary,
        signed_off_by=person(row.signed_off_by) if row.signed_off_by else None,
        signed_off_at=row.signed_off_at, exported_by=person(viewer), exported_at=utcnow(),
        entries=tuple(_entry(e, titles, person) for e in entries),
        actions=tuple(ActionView(a.id or 0, a.what, person(a.owner), a.due, a.done_check,
                                 a.worked_check, a.status, a.done_at) for a in actions),
        decisions=tuple(DecisionView(d.what, d.rationale, person(d.decided_by), d.created_at,
                                     titles.get(d.step, d.step)) for d in decisions),
        oversight=row.oversight, next_date=row.next_date,
        acknowledged_by=person(row.acknowledged_by) if row.acknowledged_by else None,
        acknowledged_at=row.acknowledged_at)


def _entry(entry: Entry, titles: dict[str, str], person) -> EntryView:  # type: ignore[no-untyped-def]
    answer = entry.answer if entry.kind == "learning" else {}
    citations = tuple(Citation(_citation(item), item.get("text", ""), item.get("link") or "")
                      for item in answer.get("learning", []))
    questions = tuple(q["text"] for q in answer.get("questions", []))
    author = BOT if entry.author == "bot" else person(entry.author)
    return EntryView(titles.get(entry.step, entry.step), author, entry.text, entry.created_at,
                     entry.kind, citations, questions)


def _citation(item: dict) -> str:
    return citation(str(item.get("title") or ""), item.get("partnership"), item.get("year"),
                    str(item.get("section") or ""))
