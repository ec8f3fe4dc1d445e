"""Review learning brought into a session: searched with everything said so far, stored as an
entry with its citations. Learning is never retrieved inside a records transaction."""

from __future__ import annotations

from sqlmodel import col, select

from ..records.db import session_for
from ..records.models import Entry
from ..reflection import Answer, Engine
from ..reflection.inputs import MAX_SEARCH_CHARS
from .frameworks import Frameworks
from .sessions import session_row, step_id


def learning_query(database_url: str, session_id: int) -> str:
    """Everything said so far in the session (already redacted), newest first, as one query."""
    with session_for(database_url) as db:
        texts = db.exec(select(Entry.text).where(Entry.session_id == session_id,
                                                 Entry.kind == "entry")
                        .order_by(col(Entry.id).desc())).all()
    return "\n".join(texts)[:MAX_SEARCH_CHARS - 200]


def bring_learning(database_url: str, engine: Engine, frameworks: Frameworks, session_id: int,
                   review_title: str = "") -> Answer | None:
    """Retrieve cited learning for the session so far and store it as a learning entry;
    None when nothing has been said yet to search with."""
    query = learning_query(database_url, session_id)
    if not query.strip():
        return None
    answer = engine.ask(f"{review_title}: {query}" if review_title else query)
    with session_for(database_url) as db:
        row = session_row(db, session_id)
        db.add(Entry(session_id=session_id, step=step_id(frameworks, row), author="bot",
                     kind="learning", text=_learning_text(answer),
                     answer=answer.to_dict(full=True)))
    return answer


def _learning_text(answer: Answer) -> str:
    """The learning entry's own words; its passages and citations are kept with it."""
    if answer.no_match:
        return "Nothing close in the reviews."
    titles = list(dict.fromkeys(item.title for item in answer.learning))
    return ("Learning from case reviews, found from everything said so far in the session: "
            + ", ".join(titles) + ".")
