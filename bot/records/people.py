"""People and their roles, kept in the records so every surface checks the same thing."""

from __future__ import annotations

from sqlmodel import Session, col, select

from .access import audit
from .models import Audit, Person, SupervisionLink, utcnow

GROUPS_UNREAD = "groups_unread"  # the audit action of a failed read of the supervisors' groups
GROUPS_READ = "groups_read"


def set_roles(session: Session, *, supervisors: set[str], admins: set[str],
              keep_supervisors: bool = False) -> None:
    """Make the stored roles exactly these (from configuration and Slack user groups); with
    `keep_supervisors` (a group could not be read), nobody loses the supervisor role."""
    if keep_supervisors:
        supervisors = supervisors | set(session.exec(
            select(Person.slack_user).where(col(Person.supervisor).is_(True))).all())
    for user in supervisors | admins:
        if session.get(Person, user) is None:
            session.add(Person(slack_user=user))
    session.flush()
    for person in session.exec(select(Person)).all():
        wanted = (person.slack_user in supervisors, person.slack_user in admins)
        if (person.supervisor, person.admin) != wanted:
            person.supervisor, person.admin = wanted
            person.updated_at = utcnow()


def name_person(session: Session, slack_user: str, name: str) -> None:
    person = session.get(Person, slack_user) or Person(slack_user=slack_user)
    if name and person.name != name:
        person.name, person.updated_at = name, utcnow()
        session.add(person)


def names(session: Session, users: set[str]) -> dict[str, str]:
    found = session.exec(select(Person).where(col(Person.slack_user).in_(users))).all()
    return {p.slack_user: p.name for p in found if p.name}


def link(session: Session, *, supervisor: str, supervisee: str) -> None:
    """Remember that the supervisor supervises this practitioner."""
    if supervisee and session.get(SupervisionLink, (supervisor, supervisee)) is None:
        session.add(SupervisionLink(supervisor=supervisor, supervisee=supervisee))


def grant_supervisor(session: Session, slack_user: str) -> None:
    """Give one person the supervisor role (the terminal's operator, who holds the database)."""
    person = session.get(Person, slack_user) or Person(slack_user=slack_user)
    person.supervisor = True
    session.add(person)


def note_group_read(session: Session, unread: list[str]) -> None:
    """Audit a failed read of the supervisors' user groups, and the first good read after one,
    so `reflect doctor` can tell whether the groups are being read."""
    last = last_group_read(session)
    if unread:
        audit(session, actor="system", action=GROUPS_UNREAD, subject="roles",
              detail="groups not read: " + ", ".join(unread))
    elif last is not None and last.action == GROUPS_UNREAD:
        audit(session, actor="system", action=GROUPS_READ, subject="roles", detail="groups read again")


def last_group_read(session: Session) -> Audit | None:
    return session.exec(select(Audit).where(col(Audit.action).in_((GROUPS_UNREAD, GROUPS_READ)))
                        .order_by(col(Audit.id).desc()).limit(1)).first()
