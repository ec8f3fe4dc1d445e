"""What a thread or supervision session remembers of the names it has shown: keyed digests only."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import Session, select

from ..privacy import Remembered, digests, storable
from .models import RememberedName, utcnow


def thread_scope(channel: str, thread_ts: str) -> str:
    return storable(f"thread:{channel}:{thread_ts}")[:200]


def session_scope(session_id: int) -> str:
    return f"session:{session_id}"


def recall(session: Session, *, scope: str, key: bytes) -> Remembered:
    """The digests of the names this conversation has shown so far."""
    rows = session.exec(select(RememberedName.digest).where(RememberedName.scope == scope)).all()
    return Remembered(key, frozenset(rows))


def remember(session: Session, *, scope: str, key: bytes, words: Iterable[str],
             known: Remembered) -> None:
    """Keep the digests of name words not yet remembered in this conversation; one a second
    message of the same thread stored meanwhile is kept once."""
    new = sorted(digests(key, words) - known.digests)
    if not new:
        return
    dialect = postgresql if session.get_bind().dialect.name == "postgresql" else sqlite
    rows = [{"scope": scope, "digest": d, "created_at": utcnow()} for d in new]
    session.execute(dialect.insert(RememberedName).values(rows).on_conflict_do_nothing())
