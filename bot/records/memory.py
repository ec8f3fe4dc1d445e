"""What a thread or supervision session remembers of the names it has shown: keyed digests only."""

from __future__ import annotations

from collections.abc import Iterable

from sqlmodel import Session, select

from ..privacy import Remembered, digests
from .models import RememberedName


def thread_scope(channel: str, thread_ts: str) -> str:
    return f"thread:{channel}:{thread_ts}"


def session_scope(session_id: int) -> str:
    return f"session:{session_id}"


def recall(session: Session, *, scope: str, key: bytes) -> Remembered:
    """The digests of the names this conversation has shown so far."""
    rows = session.exec(select(RememberedName.digest).where(RememberedName.scope == scope)).all()
    return Remembered(key, frozenset(rows))


def remember(session: Session, *, scope: str, key: bytes, words: Iterable[str],
             known: Remembered) -> None:
    """Keep the digests of name words not yet remembered in this conversation."""
    for digest in sorted(digests(key, words) - known.digests):
        session.add(RememberedName(scope=scope, digest=digest))
    session.flush()
