"""The shapes ingestion produces: documents, their blocks and sections, and chunks."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field

from ..privacy import Redaction

ROLES = (
    "background",
    "concern",
    "incident",
    "finding",
    "learning_point",
    "recommendation",
    "reflection_question",
    "action",
    "procedure",
    "guidance",  # what statutory guidance, regulations or standards expect
    "context",  # boilerplate never shown as learning: scope, method, references, signatures
    "other",  # nothing is known of it
)


@dataclass
class Block:
    """One paragraph, bullet or table row, with its paragraph number when it has one."""

    text: str
    kind: str = "para"  # para | bullet | row
    number: str | None = None  # e.g. "14.3" or "ii", kept for citation


@dataclass
class Section:
    """A run of blocks under one heading path, with the role that path implies."""

    path: list[str]
    role: str
    blocks: list[Block] = field(default_factory=list)


@dataclass
class Chunk:
    """A passage the bot can cite: text plus everything needed to cite it."""

    source: str  # path relative to the knowledge directory
    title: str
    section: str
    role: str
    text: str
    paragraphs: str = ""  # e.g. "16.7" or "16.7-16.9"
    partnership: str | None = None
    year: int | None = None
    link: str | None = None

    def embed_text(self) -> str:
        """The text that is embedded: where the passage sits, then the passage."""
        return f"{self.title}. {self.section}. {self.text}"

    def to_dict(self) -> dict:
        return asdict(self)


@dataclass
class Document:
    """A parsed knowledge document."""

    source: str
    meta: dict
    sections: list[Section]
    content_hash: str
    warnings: list[str] = field(default_factory=list)
    removed: list[Redaction] = field(default_factory=list)  # identifiers taken out before indexing

    @property
    def title(self) -> str:
        return str(self.meta.get("title") or self.source)


# What a practitioner is told a passage is; boilerplate and the unknown are not labelled.
_LABELS = {
    "finding": "finding", "learning_point": "learning", "recommendation": "recommendation",
    "incident": "what happened", "background": "what happened", "concern": "concern",
    "action": "action", "guidance": "guidance", "procedure": "procedure",
    "reflection_question": "question to reflect on", "context": "", "other": "",
}
_NOUNS = {"finding": "finding", "learning_point": "learning point", "recommendation": "recommendation",
          "concern": "concern", "action": "action", "procedure": "procedure",
          "reflection_question": "question to reflect on"}  # counted: '12 findings'
# counted as passages: '3 background passages'
_KINDS_OF_PASSAGE = {"background": "background", "incident": "incident", "guidance": "guidance",
                     "context": "context", "other": "unplaced"}


def role_label(role: str) -> str:
    """The practitioner-facing name of a passage's role ('' for context and the unknown)."""
    return _LABELS.get(role, "")


def role_count(role: str, n: int) -> str:
    """'12 findings', '1 learning point', '3 guidance passages': passages of a role, counted."""
    if role in _NOUNS:
        noun = _NOUNS[role]
        if n != 1:
            noun = noun.replace("question ", "questions ") if noun.startswith("question") else noun + "s"
        return f"{n} {noun}"
    return f"{n} {_KINDS_OF_PASSAGE.get(role, role)} passage{'' if n == 1 else 's'}"
