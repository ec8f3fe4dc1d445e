"""What to do with a prompt before searching: refuse empty, bound huge, flag other languages."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .language import Language, detect_language

MAX_SEARCH_CHARS = 2000
MAX_PROMPT_CHARS = 12_000  # what an ask keeps; Slack allows 40,000, and a record is no archive


class EmptyPrompt(ValueError):
    """Nothing to search for; the message asks for more."""


EMPTY_MESSAGE = ("Tell me a little about the situation you're thinking about (who is involved, "
                 "what worries you) and I'll find what case reviews have learned about it.")


HELP_MESSAGE = (
    "I bring in learning from published child safeguarding case reviews and local procedures. "
    "Describe a situation you're working with, in a sentence or two and without names, and I'll "
    "answer with the closest learning, cited to the review and section, and questions to reflect "
    "on. For example: \"Baby of 10 weeks with a small bruise on the ear, mum says his sister did "
    "it. Dad is rarely seen. What should I be thinking about?\" Supervisors can run a structured "
    "session with /supervise.")
# Whole messages that are greetings, thanks or a request for help, not a situation to search.
_SMALL_TALK = re.compile(
    r"^(hi|hello|hey|hiya|morning|good (morning|afternoon|evening)|thanks|thank you|thx|cheers|"
    r"ok|okay|test|testing|help|help me|\?|what can you do|what do you do|who are you|"
    r"how does this work|how do (i|you) use (this|you)|what is this|what are you)"
    r"( (there|bot|again|please|all))?$", re.I)


def is_small_talk(text: str) -> bool:
    """A greeting, thanks or 'help' on its own: answered with what the bot does, not a search."""
    words = re.sub(r"[^\w\s?']", " ", text or "").strip().rstrip("?").strip()
    return bool(_SMALL_TALK.match(re.sub(r"\s+", " ", words))) if words else (text or "").strip() == "?"


@dataclass
class Prepared:
    text: str  # the bounded text to search
    notes: list[str] = field(default_factory=list)
    language: Language | None = None  # set when the prompt is confidently not in English
    search: str = ""  # what the search reads: the text, and for another language an English bridge

    def __post_init__(self) -> None:
        self.search = self.search or self.text


def language_note(language: Language, theme: str | None) -> str:
    searched = (f"your words together with the closest of the bot's English themes (\u201c{theme}"
                "\u201d) and reflection questions" if theme else "your words as written")
    return (f"This looks like {language.name}. The reviews are in English, so I searched "
            f"{searched}: the passages below are the closest I found, and may fit less well than "
            "they would for a prompt in English. I don't translate.")


def require_text(text: str) -> None:
    """Raise EmptyPrompt when the text holds nothing to search for."""
    if not re.search(r"\w", text or ""):
        raise EmptyPrompt(EMPTY_MESSAGE)


def within_limit(text: str) -> tuple[str, str | None]:
    """A message as an ask keeps it: whole, or its first MAX_PROMPT_CHARS (cut at a space) and the
    question it ends with, with a note saying so. Cut before anything reads it, redaction too."""
    if len(text) <= MAX_PROMPT_CHARS:
        return text, None
    closing = _closing_question(text)
    room = MAX_PROMPT_CHARS - len(closing) - 1
    kept = text[:room].rsplit(None, 1)[0] if " " in text[:room] else text[:room]
    note = (f"Your message was {len(text):,} characters long: the record keeps its first "
            f"{len(kept):,}" + (" and the question it ends with" if closing else "")
            + ". Send what matters from the rest as a reply.")
    return (f"{kept}\n{closing}" if closing else kept), note


def prepare(text: str) -> Prepared:
    """The part of a (redacted) prompt to search, with notes for the person about what was done."""
    text = (text or "").strip()
    require_text(text)
    notes = []
    if len(text) > MAX_SEARCH_CHARS:
        text, note = _bounded(text)
        notes.append(note)
    return Prepared(text, notes, detect_language(text))


MAX_CLOSING_CHARS = 400  # the question(s) at the end of a long paste, searched with its start


def _bounded(text: str) -> tuple[str, str]:
    """A long message's start, plus the question it ends with (a pasted chronology often ends
    with what the person wants to know), and a note saying exactly what was searched."""
    closing = _closing_question(text)
    room = MAX_SEARCH_CHARS - len(closing) - 1
    cut = text[:room]
    boundary = max(cut.rfind(". "), cut.rfind("\n"))
    cut = cut[: boundary + 1] if boundary > room // 2 else cut.rsplit(" ", 1)[0]
    note = (f"Your message was long ({len(text):,} characters), so I searched its first "
            f"{len(cut):,} characters")
    if closing:
        note += f" and the question it ends with (\u201c{closing}\u201d)"
    note += ". For a closer match, send the part that worries you most."
    return (f"{cut.strip()}\n{closing}" if closing else cut), note


def _closing_question(text: str) -> str:
    """The last sentences of the text, when they ask something, up to MAX_CLOSING_CHARS."""
    sentences = re.split(r"(?<=[.?!])\s+|\n+", text.strip()[-MAX_CLOSING_CHARS * 2:])
    asked: list[str] = []
    for sentence in reversed([s.strip() for s in sentences if s.strip()]):
        if not sentence.endswith("?") or len(" ".join([sentence, *asked])) > MAX_CLOSING_CHARS:
            break
        asked.insert(0, sentence)
    return " ".join(asked)


