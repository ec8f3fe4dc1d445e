"""The audit log as a chain: each row carries a digest of its own fields and of the row before,
so a row changed or removed behind the database's back (a dropped trigger on a SQLite file) is
found by `reflect records verify`, even where the database could not refuse it.

The digest is SHA-256, not keyed: someone who rewrites every row after the one they change, and
their digests, is not found. Two workers writing at once may both chain to the same row; that is
a fork, not a break.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import Session, col, select

from .models import Audit


def seal(row: Audit) -> str:
    """The digest of a row: its fields and the digest of the row it follows."""
    fields = (row.previous, _instant(row.at), row.actor, row.action, row.subject, row.detail)
    return hashlib.sha256("\x1f".join(fields).encode("utf-8")).hexdigest()


def latest(session: Session) -> str:
    """The digest a new row chains to: the newest row's ('' for the first)."""
    return session.exec(select(Audit.digest).order_by(col(Audit.id).desc()).limit(1)).first() or ""


@dataclass(frozen=True)
class Verified:
    rows: int  # rows checked (rows older than the chain carry no digest and are counted apart)
    unchained: int
    broken_at: int | None  # the first row whose digest or predecessor does not hold
    reason: str = ""


def verify(session: Session) -> Verified:
    """Walk the log in order: every row's digest must be its own, and chain to a row before it."""
    seen: set[str] = set()
    rows = unchained = 0
    for row in session.exec(select(Audit).order_by(col(Audit.id))):
        if not row.digest:
            if seen:  # a digest taken off a chained row
                return Verified(rows, unchained, row.id, "its digest was removed")
            unchained += 1
            continue
        rows += 1
        if seal(row) != row.digest:
            return Verified(rows, unchained, row.id, "it was changed after it was written")
        if (row.previous or seen) and row.previous not in seen:
            return Verified(rows, unchained, row.id, "the row before it was changed or removed")
        seen.add(row.digest)
    return Verified(rows, unchained, None)


def _instant(at: datetime) -> str:
    """A time as both databases give it back: UTC, to the microsecond, without a zone."""
    if at.tzinfo is not None:
        at = at.astimezone(timezone.utc).replace(tzinfo=None)
    return at.isoformat(timespec="microseconds")
