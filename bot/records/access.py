"""Who may read what, enforced here for every surface, and the audit log of every read and export.

- A practitioner reads their own asks, and the sessions they took part in.
- A supervisor reads the sessions they ran, and the sessions of the practitioners they supervise.
- An admin manages knowledge; the admin role alone reads no one's records.
"""

from __future__ import annotations

from typing import NoReturn

from sqlmodel import Session, select

from .models import Action, Audit, Entry, Person, SupervisionLink, SupervisionSession


class Refused(Exception):
    """A request refused for a reason the person can act on: every surface shows them the message."""


class NotAllowed(Refused, PermissionError):
    """The person has no right to this record; the message can be shown to them."""


def audit(session: Session, *, actor: str, action: str, subject: str, detail: str = "") -> None:
    """Append to the audit log (ids and counts only, never record text), chained to the row
    before it."""
    from .audit_chain import latest, seal

    row = Audit(actor=actor, action=action, subject=subject, detail=detail, previous=latest(session))
    row.digest = seal(row)
    session.add(row)


def is_supervisor(session: Session, slack_user: str) -> bool:
    person = session.get(Person, slack_user)
    return bool(person and person.supervisor)


def supervises(session: Session, supervisor: str, supervisee: str) -> bool:
    return bool(supervisee) and is_supervisor(session, supervisor) and session.get(
        SupervisionLink, (supervisor, supervisee)) is not None


def took_part(session: Session, viewer: str, record: SupervisionSession) -> bool:
    if viewer in (record.supervisor, record.supervisee):
        return True
    wrote = session.exec(select(Entry.id).where(Entry.session_id == record.id,
                                                Entry.author == viewer).limit(1)).first()
    return wrote is not None


def can_read(session: Session, viewer: str, record: SupervisionSession) -> bool:
    return took_part(session, viewer, record) or supervises(session, viewer, record.supervisee)


def refuse(session: Session, *, actor: str, subject: str, detail: str, message: str) -> NoReturn:
    """Audit a refusal (kept, whatever happens to the caller's transaction) and raise NotAllowed."""
    audit(session, actor=actor, action="refused", subject=subject, detail=detail)
    session.commit()
    raise NotAllowed(message)


def readable_session(session: Session, *, viewer: str, session_id: int,
                     purpose: str = "read") -> SupervisionSession:
    """The session when the viewer may read it (audited as `purpose`); NotAllowed otherwise."""
    record = session.get(SupervisionSession, session_id)
    if record is None or not can_read(session, viewer, record):
        verb = "export" if purpose.startswith("export") else "read"
        refuse(session, actor=viewer, subject=f"session:{session_id}", detail=purpose,
               message=f"You can't {verb} supervision session {session_id}: only the people who "
                       "took part and their supervisor can.")
    audit(session, actor=viewer, action=purpose, subject=f"session:{session_id}")
    return record


def can_change_action(session: Session, viewer: str, action: Action) -> bool:
    """The action's owner, or the supervisor of its session."""
    record = session.get(SupervisionSession, action.session_id)
    return viewer == action.owner or (record is not None and viewer == record.supervisor)
