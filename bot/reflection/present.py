"""Wording shared by every surface (Slack, the terminal, the case-file exports): how a source is
cited, how a passage's role is named, how days and moments are written. Each surface adds only
its own markup (Slack's links and escaping, the terminal's panels)."""

from __future__ import annotations

from datetime import UTC, date, datetime

from ..ingest.model import role_label

MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def source_name(title: str, partnership: str | None, year: int | None) -> str:
    """'Child B1 (Leicester Safeguarding Children Board, 2016)'."""
    where = ", ".join(str(x) for x in (partnership, year) if x)
    return title + (f" ({where})" if where else "")


def citation(title: str, partnership: str | None, year: int | None, section: str) -> str:
    """'Child B1 (Leicester Safeguarding Children Board, 2016), 16 What did…, para 16.7'."""
    name = source_name(title, partnership, year)
    return f"{name}, {section}" if section else name


def role_heading(role: str) -> str:
    """What a passage is, as a heading: 'Key lesson', or 'From the document' when unplaced."""
    return role_label(role).capitalize() or "From the document"


def day(when: date) -> str:
    """'2 Dec 2026': a day in a record, a table or a list."""
    return f"{when.day} {MONTHS[when.month - 1]} {when.year}"


def in_words(when: date) -> str:
    """'Wednesday 2 December 2026': a day confirmed back to the person who typed it."""
    return f"{when:%A} {when.day} {when:%B %Y}"


def utc(moment: datetime) -> datetime:
    """Naive datetimes are stored as UTC; aware ones are converted."""
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def moment(when: datetime) -> str:
    """'2 Dec 2026 05:42 UTC'."""
    when = utc(when)
    return f"{day(when)} {when:%H:%M} UTC"
