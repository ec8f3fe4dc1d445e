"""Edits and deletions follow the author: what Slack's message events and the remove button call.

A stored ask or supervision entry edited in Slack takes the new text, redacted again; deleted in
Slack or removed with the privacy note's button, it leaves the record. Only its author's change
counts. Each function opens its own transaction; the audit names ids, never text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlmodel import Session

from ..privacy import Redaction, describe, redact
from ..records import corrections, memory
from ..records.asks import ask_for_message
from ..records.db import session_for
from ..records.models import Ask, Entry
from ..supervision.sessions import MAX_ENTRY_CHARS

KEPT = "As kept in the record"  # before the stored text, in Slack and the terminal alike
_MENTION = re.compile(r"<@[A-Z0-9]+>")
EDIT, DELETE = "slack_edit", "slack_delete"
EDITED, REMOVED, REFUSED, GONE = (corrections.EDITED, corrections.REMOVED, corrections.REFUSED,
                                  corrections.GONE)


@dataclass(frozen=True)
class Correction:
    kind: str  # ask | entry
    record_id: int
    outcome: str  # edited | removed | unchanged | refused | gone
    note: str = ""  # what was removed from the new text, for its author ('' when nothing was)
    text: str = ""  # the new text as stored (redacted)


def without_mentions(text: str) -> str:
    """A Slack message as an ask keeps it: without the mentions of users (the bot's included)."""
    return _MENTION.sub(" ", text)


def kept(text: str) -> str:
    """The line that shows a person their text as stored."""
    return f"{KEPT}: {text}"


def edit_message(database_url: str, *, channel: str, ts: str, author: str,
                 text: str, key: bytes = b"") -> list[Correction]:
    """A Slack message edited: the ask and the entry stored from it (if any) take its new text,
    without the names its thread or session has shown (with the redaction key)."""
    ask_id, entry_id = _stored_for(database_url, channel, ts, author)
    done: list[Correction] = []
    if ask_id is not None:
        with session_for(database_url) as db:
            ask = db.get(Ask, ask_id)
            scope = memory.thread_scope(channel, ask.thread_ts) if ask and ask.thread_ts else ""
            known = memory.recall(db, scope=scope, key=key) if key and scope else None
            prompt, found = redact(without_mentions(text), known=known)
            outcome = _ask_edited(db, ask_id, author, prompt, found)
        done.append(Correction("ask", ask_id, outcome, _note(outcome, found), prompt))
    if entry_id is not None:
        with session_for(database_url) as db:
            entry = db.get(Entry, entry_id)
            known = memory.recall(db, scope=memory.session_scope(entry.session_id), key=key) \
                if key and entry else None
            entry_text, found = redact(text[:MAX_ENTRY_CHARS], known=known)
            outcome = _entry_edited(db, entry_id, author, entry_text, found)
        done.append(Correction("entry", entry_id, outcome, _note(outcome, found), entry_text))
    return done


def delete_message(database_url: str, *, channel: str, ts: str, author: str) -> list[Correction]:
    """A Slack message deleted: the ask and the entry stored from it (if any) leave the record."""
    ask_id, entry_id = _stored_for(database_url, channel, ts, author)
    done = []
    if ask_id is not None:
        done.append(remove_ask(database_url, ask_id, actor=author, via=DELETE))
    if entry_id is not None:
        done.append(remove_entry(database_url, entry_id, actor=author, via=DELETE))
    return done


def remove_ask(database_url: str, ask_id: int, *, actor: str, via: str = "button") -> Correction:
    """Take an ask out of the record (its asker only)."""
    with session_for(database_url) as db:
        return Correction("ask", ask_id, corrections.remove_ask(db, ask_id, actor=actor, via=via))


def remove_entry(database_url: str, entry_id: int, *, actor: str,
                 via: str = "button") -> Correction:
    """Take a supervision entry out of its session's record (its author only)."""
    with session_for(database_url) as db:
        return Correction("entry", entry_id,
                          corrections.remove_entry(db, entry_id, actor=actor, via=via))


def _stored_for(database_url: str, channel: str, ts: str,
                author: str) -> tuple[int | None, int | None]:
    """The ask and the entry stored from this Slack message, if any (most edits touch neither);
    none when the event names no author to check against."""
    if not channel or not ts or not author:
        return None, None
    with session_for(database_url) as db:
        ask = ask_for_message(db, channel=channel, message_ts=ts)
        entry = corrections.entry_for_message(db, channel=channel, source_ts=ts)
        return (ask.id if ask else None), (entry.id if entry else None)


def _ask_edited(db: Session, ask_id: int, author: str, prompt: str, found: list[Redaction]) -> str:
    ask = db.get(Ask, ask_id)
    if ask is None:
        return GONE
    if not prompt.strip():  # edited down to nothing to ask: nothing to keep
        return corrections.remove_ask(db, ask_id, actor=author, via=EDIT)
    return corrections.edit_ask(db, ask, actor=author, prompt=prompt, redactions=_plain(found),
                                via=EDIT)


def _entry_edited(db: Session, entry_id: int, author: str, text: str,
                  found: list[Redaction]) -> str:
    entry = db.get(Entry, entry_id)
    if entry is None:
        return GONE
    if not text.strip():
        return corrections.remove_entry(db, entry_id, actor=author, via=EDIT)
    return corrections.edit_entry(db, entry, actor=author, text=text, redactions=_plain(found),
                                  via=EDIT)


def _plain(found: list[Redaction]) -> list[dict]:
    return [{"kind": r.kind, "count": r.count} for r in found]


def _note(outcome: str, found: list[Redaction]) -> str:
    return describe(found) if outcome == EDITED else ""
