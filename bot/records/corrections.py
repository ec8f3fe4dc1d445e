"""An ask or a supervision entry edited or removed by its author. Each function takes the session.

New text must already be redacted. The audit names ids, never text. What someone wrote also lives
in the queries stored with later answers (an ask's thread, a session's learning), so an edit or a
removal reaches those too.
"""

from __future__ import annotations

import re

from sqlmodel import Session, col, delete, select

from .access import audit
from .models import Ask, Entry, Feedback, SupervisionSession

EDITED, REMOVED, UNCHANGED, REFUSED, GONE = "edited", "removed", "unchanged", "refused", "gone"
MIN_TAIL = 12  # a query cut short ends in part of a text: only a part this long is taken for it


def entry_for_message(session: Session, *, channel: str, source_ts: str) -> Entry | None:
    """The entry stored from this Slack message (ts is unique in a channel)."""
    return session.exec(select(Entry).join(SupervisionSession,
                                           col(Entry.session_id) == col(SupervisionSession.id))
                        .where(SupervisionSession.channel == channel,
                               Entry.source_ts == source_ts)).first()


def edit_ask(session: Session, ask: Ask, *, actor: str, prompt: str, redactions: list[dict],
             via: str) -> str:
    """The ask's prompt becomes `prompt` (its answer stands); only its asker may change it."""
    if actor != ask.slack_user:
        return _refused(session, actor, f"ask:{ask.id}", via)
    if prompt == ask.prompt:
        return UNCHANGED
    _rewrite_queries(_thread_of(session, ask), ask.prompt, prompt)
    ask.prompt, ask.redactions = prompt, redactions
    ask.answer = {**ask.answer, "redactions": redactions}
    audit(session, actor=actor, action="edit", subject=f"ask:{ask.id}", detail=f"via={via}")
    return EDITED


def remove_ask(session: Session, ask_id: int, *, actor: str, via: str) -> str:
    """Delete an ask and its feedback; only its asker may."""
    ask = session.get(Ask, ask_id)
    if ask is None:
        return GONE
    if actor != ask.slack_user:
        return _refused(session, actor, f"ask:{ask_id}", via)
    _rewrite_queries([a for a in _thread_of(session, ask) if a.id != ask_id], ask.prompt, "")
    session.exec(delete(Feedback).where(col(Feedback.ask_id) == ask_id))
    session.delete(ask)
    audit(session, actor=actor, action="remove", subject=f"ask:{ask_id}", detail=f"via={via}")
    return REMOVED


def edit_entry(session: Session, entry: Entry, *, actor: str, text: str, redactions: list[dict],
               via: str) -> str:
    """The entry's text becomes `text`, at the step it was said; only its author may change it."""
    if actor != entry.author:
        return _refused(session, actor, f"entry:{entry.id}", via)
    if text == entry.text:
        return UNCHANGED
    _rewrite_queries(_learning_of(session, entry.session_id), entry.text, text)
    entry.text, entry.redactions = text, redactions
    audit(session, actor=actor, action="edit", subject=f"entry:{entry.id}",
          detail=f"session={entry.session_id} via={via}")
    return EDITED


def remove_entry(session: Session, entry_id: int, *, actor: str, via: str) -> str:
    """Delete an entry from its session; only its author may."""
    entry = session.get(Entry, entry_id)
    if entry is None:
        return GONE
    if actor != entry.author:
        return _refused(session, actor, f"entry:{entry_id}", via)
    _rewrite_queries(_learning_of(session, entry.session_id), entry.text, "")
    session.delete(entry)
    audit(session, actor=actor, action="remove", subject=f"entry:{entry_id}",
          detail=f"session={entry.session_id} via={via}")
    return REMOVED


def _refused(session: Session, actor: str, subject: str, via: str) -> str:
    audit(session, actor=actor, action="refused", subject=subject, detail=via)
    return REFUSED


def _thread_of(session: Session, ask: Ask) -> list[Ask]:
    """The ask and, in a conversation thread, the asks that carried it as context."""
    if not ask.thread_ts:
        return [ask]
    return list(session.exec(select(Ask).where(Ask.channel == ask.channel,
                                               Ask.thread_ts == ask.thread_ts)).all())


def _learning_of(session: Session, session_id: int) -> list[Entry]:
    """The session's learning entries: each was searched with everything said before it."""
    return list(session.exec(select(Entry).where(Entry.session_id == session_id,
                                                 Entry.kind == "learning")).all())


def _rewrite_queries(rows: list, old: str, new: str) -> None:  # type: ignore[type-arg]
    for row in rows:
        query = row.answer.get("query")
        if isinstance(query, str) and old.strip():
            rewritten = replace_text(query, old, new)
            if rewritten != query:
                row.answer = {**row.answer, "query": rewritten}  # a new dict, so it is saved


def replace_text(query: str, old: str, new: str) -> str:
    """`query` with `old` replaced by `new` wherever it stands as whole lines (queries join texts
    by newlines; a session's learning puts 'Review title: ' before the first); a query cut short
    inside `old` loses that part too."""
    old, new = old.strip(), new.strip()
    query = re.sub(r"(?m)^" + re.escape(old) + r"$", lambda _: new, query)
    query = re.sub(r"\A([^\n]*?: )" + re.escape(old) + r"(?=\n|\Z)",
                   lambda m: m.group(1) + new, query)
    start = query.rfind("\n") + 1
    tail = query[start:]
    if MIN_TAIL <= len(tail) < len(old) and old.startswith(tail):
        query = query[:start] + new
    return re.sub(r"\n{2,}", "\n", query).strip() if not new else query
