"""People and their roles, kept in the records so every surface checks the same thing."""

from __future__ import annotations

from sqlmodel import Session, col, select

from .models import Person, SupervisionLink, utcnow


def set_roles(session: Session, *, supervisors: set[str], admins: set[str]) -> None:
    """Make the stored roles exactly these (from configuration and Slack user groups)."""
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
