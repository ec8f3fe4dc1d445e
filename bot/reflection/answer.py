"""An answer as every surface receives it: the cited learning, the procedures and guidance, the
themes and questions, and the wording of its headings and notes (the Engine makes it)."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field

import numpy as np

from ..privacy import Redaction
from ..retrieval.search import Hit, Searcher
from .questions import Question
from .themes import DetectedTheme

# Passages that can be shown as learning; guidance and procedures are shown as procedures (first
# when they fit the prompt better), and boilerplate (context: scope, methodology, signatures) is
# never shown.
LEARNING_ROLES = ("finding", "learning_point", "recommendation", "concern", "incident",
                  "background", "action", "other")
PROCEDURE_ROLES = ("procedure", "guidance")
PROCEDURE_KINDS = ("procedure", "guidance")  # documents that are themselves guidance or procedure
NO_MATCH_MESSAGE = ("Nothing in the case reviews I hold comes close to this, so I'm not citing "
                    "any. The questions below may still help you reflect.")
def heading(evidence: str) -> str:
    """What stands above the learning shown: only strong evidence is called learning."""
    return ("What case reviews have learned" if evidence == "strong"
            else "The closest learning (not a close match)")


PROCEDURES_HEADING = "Procedures and guidance"
GUIDANCE_ONLY_MESSAGE = ("Nothing in the case reviews I hold comes close to this; the procedures "
                         "and guidance below do.")
WEAK_GUIDANCE_MESSAGE = ("Nothing in the case reviews I hold comes close to this. The procedures "
                         "and guidance below are the closest I hold, but not a close match either.")


WEAK_MESSAGE = ("None of these is a close match to what you describe: read them as background, "
                "not as learning that fits your situation.")


def silent_message(titles: list[str]) -> str:
    """What the answer says first when the review the person named does not speak to it."""
    names = " and ".join(titles)
    return (f"{names} {'does' if len(titles) == 1 else 'do'} not speak to this: I found nothing "
            f"in {'it' if len(titles) == 1 else 'them'} on what you asked. Below is the closest "
            "learning from all the documents I hold.")


@dataclass
class Learning:
    source: str
    title: str
    section: str
    role: str
    text: str
    score: float  # the ranking score: learning comes in this order, highest first
    similarity: float = 0.0  # cosine similarity of prompt and passage
    partnership: str | None = None
    year: int | None = None
    link: str | None = None


@dataclass
class Procedure:
    source: str
    title: str
    text: str
    section: str = ""  # where in the document, for the citation


@dataclass
class Retrieval:
    """What one search found, kept together so questions and procedures reuse its vector."""

    searcher: Searcher
    expanded: str  # the prompt with abbreviations expanded
    vector: np.ndarray
    hits: list[Hit]  # distinct learning passages, best first
    guidance: list[Hit]  # distinct procedure and guidance passages, best first
    evidence: float  # how strongly the best passage stands out (Ranking.evidence)
    grade: str  # strong, weak or none (Policy.grade)
    themes: list[DetectedTheme]
    silent: list[str] = field(default_factory=list)  # titles of named reviews silent on it
    lead: str = "learning"  # or "procedures", shown first (see _lead)

    @property
    def no_match(self) -> bool:
        return self.grade == "none"


@dataclass
class Answer:
    query: str
    redactions: list[Redaction] = field(default_factory=list)
    themes: list[DetectedTheme] = field(default_factory=list)
    learning: list[Learning] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    no_match: bool = False
    evidence: str = "none"  # strong, weak or none: how closely the learning shown fits
    lead: str = "learning"  # which comes first: "learning", or "procedures" when they fit better
    notes: list[str] = field(default_factory=list)
    needs_more: bool = False  # the prompt was empty: ask the person for more

    def to_dict(self, full: bool = False) -> dict:
        """The JSON contract of `reflect ask --json` (plus `notes` for the person); `full` keeps
        the citation details too, for a stored answer to be shown again."""
        keep = None if full else ("source", "title", "section", "role", "text", "score",
                                  "similarity")
        return {
            "query": self.query,
            "redactions": [asdict(r) for r in self.redactions],
            "themes": [asdict(t) for t in self.themes],
            "learning": [{k: v for k, v in asdict(x).items() if keep is None or k in keep}
                         for x in self.learning],
            "questions": [asdict(q) for q in self.questions],
            "procedures": [asdict(p) for p in self.procedures],
            "no_match": self.no_match,
            "evidence": self.evidence,
            "lead": self.lead,
            "notes": self.notes,
        }

    @classmethod
    def from_dict(cls, data: dict) -> Answer:
        """An answer stored with `to_dict(full=True)`."""
        return cls(
            query=data["query"], redactions=[Redaction(**r) for r in data["redactions"]],
            themes=[DetectedTheme(**t) for t in data["themes"]],
            learning=[Learning(**x) for x in data["learning"]],
            questions=[Question(**q) for q in data["questions"]],
            procedures=[Procedure(**p) for p in data["procedures"]],
            no_match=data["no_match"], notes=list(data["notes"]),
            evidence=data.get("evidence", "none" if data["no_match"] else "strong"),
            lead=data.get("lead", "learning"),
        )


def without_bullet(text: str) -> str:
    """A list item's text without its bullet."""
    return re.sub(r"^[-•*]\s+", "", text.strip())


def learning_of(hit: Hit) -> Learning:
    """A passage found, as the answer cites it."""
    c = hit.chunk
    return Learning(c.source, c.title, c.section, c.role, c.text, round(hit.score, 3),
                    round(hit.dense, 3), c.partnership, c.year, c.link)


def procedure_of(hit: Hit) -> Procedure:
    """A procedure or guidance passage found, as the answer names it: a procedure a review only
    names is shown by its name."""
    c = hit.chunk
    name = without_bullet(c.text)
    if c.role == "procedure" and len(name) < 120:
        return Procedure(c.source, name, f"Named in {c.title}: {c.section}")
    return Procedure(c.source, c.title, c.text, c.section)
