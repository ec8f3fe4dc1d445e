"""The core: a practitioner's prompt in, cited learning and reflection questions out."""

from __future__ import annotations

import logging
import re
import threading
import time
from dataclasses import asdict, dataclass, field

import numpy as np

from ..config import Settings
from ..curated import load_abbreviations, load_question_bank, load_themes
from ..ingest import CHUNKER_VERSION
from ..privacy import Redaction, Remembered, redact, warm
from ..retrieval import artifact
from ..retrieval.embedder import Encoder
from ..retrieval.query_encoder import query_encoder
from ..retrieval.search import Hit, Searcher, diversify
from ..retrieval.text import expand_abbreviations
from ..retrieval.vector_cache import encode_cached
from .inputs import EMPTY_MESSAGE, EmptyPrompt, prepare
from .questions import Question, QuestionBank, choose
from .themes import DetectedTheme, ThemeDetector

log = logging.getLogger(__name__)

RELOAD_CHECK_SECONDS = 1.0  # how often an answer checks whether a new index version landed
# Evidence (see Ranking.evidence) under this: nothing close in the reviews. Calibrated on the
# evaluation set with the serving (ONNX) query encoder: the midpoint of the gap between the
# strongest no-match question (0.537) and the weakest answerable one (0.557).
NO_MATCH_BELOW = 0.545
UNCOVERED_BELOW = 0.66  # the bar when the prompt's main theme has no passage in the index
UNTHEMED_BELOW = 0.60  # the bar when the prompt touches no practice theme we know
THEME_COVERED_BY = 3  # passages that must mention a theme's terms for it to count as covered
DOCUMENT_QUESTION_MIN = 0.40
PROCEDURE_MIN = 0.40
LEARNING_ROLES = ("finding", "learning_point", "recommendation", "concern", "incident",
                  "background", "action", "other")
ROLE_PRIOR = {"finding": 1.0, "learning_point": 1.0, "recommendation": 1.0, "concern": 0.97,
              "incident": 0.95, "background": 0.93, "action": 0.93, "other": 0.9}
NO_MATCH_MESSAGE = ("Nothing in the case reviews I hold comes close to this, so I'm not citing "
                    "any. The questions below may still help you reflect.")


@dataclass
class Learning:
    source: str
    title: str
    section: str
    role: str
    text: str
    score: float
    partnership: str | None = None
    year: int | None = None
    link: str | None = None


@dataclass
class Procedure:
    source: str
    title: str
    text: str


@dataclass(frozen=True)
class Live:
    """The index version answers are served from, and what it has nothing on."""

    searcher: Searcher
    uncovered: set[str]  # theme ids no passage of this index speaks to


@dataclass
class Retrieval:
    """What one search found, kept together so questions and procedures reuse its vector."""

    searcher: Searcher
    expanded: str  # the prompt with abbreviations expanded
    vector: np.ndarray
    hits: list[Hit]  # distinct passages, best first
    evidence: float  # how strongly the best passage stands out (Ranking.evidence)
    themes: list[DetectedTheme]
    no_match: bool


@dataclass
class Answer:
    query: str
    redactions: list[Redaction] = field(default_factory=list)
    themes: list[DetectedTheme] = field(default_factory=list)
    learning: list[Learning] = field(default_factory=list)
    questions: list[Question] = field(default_factory=list)
    procedures: list[Procedure] = field(default_factory=list)
    no_match: bool = False
    notes: list[str] = field(default_factory=list)
    needs_more: bool = False  # the prompt was empty: ask the person for more

    def to_dict(self, full: bool = False) -> dict:
        """The JSON contract of `reflect ask --json` (plus `notes` for the person); `full` keeps
        the citation details too, for a stored answer to be shown again."""
        keep = None if full else ("source", "title", "section", "role", "text", "score")
        return {
            "query": self.query,
            "redactions": [asdict(r) for r in self.redactions],
            "themes": [asdict(t) for t in self.themes],
            "learning": [{k: v for k, v in asdict(x).items() if keep is None or k in keep}
                         for x in self.learning],
            "questions": [asdict(q) for q in self.questions],
            "procedures": [asdict(p) for p in self.procedures],
            "no_match": self.no_match,
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
        )


class Engine:
    """Loads the model, the index and the curated knowledge once; answers many prompts."""

    def __init__(self, settings: Settings, embedder: Encoder | None = None):
        self.settings = settings
        index = self._load_index()  # first: a missing index is reported before the slow model load
        self.embedder = embedder or query_encoder(settings.model)
        themes = load_themes(settings.curated_file("themes.yaml"))
        bank = load_question_bank(settings.curated_file("questions.yaml"), {t.id for t in themes})
        self.abbreviations = load_abbreviations(settings.curated_file("abbreviations.yaml"))
        theme_texts = [ThemeDetector.theme_text(t) for t in themes]
        bank_texts = [q for questions in bank.values() for q in questions]
        vectors = encode_cached(self.embedder, theme_texts + bank_texts, settings.data_dir / "cache")
        self.themes = ThemeDetector(themes, vectors[:len(themes)])
        self.bank = QuestionBank(bank, _split(vectors[len(themes):], bank))
        self.live = self._live(index)
        warm()  # the redactor's word lists load now, not on the first person's message
        self._checked = time.monotonic()
        self._reload_lock = threading.Lock()

    @property
    def searcher(self) -> Searcher:
        return self.live.searcher

    def _load_index(self) -> artifact.Artifact:
        return artifact.load(self.settings.index_dir, self.settings.model, CHUNKER_VERSION)

    def _live(self, index: artifact.Artifact) -> Live:
        passages = [c.text for c in index.chunks if c.role in LEARNING_ROLES]
        return Live(Searcher(index), self.themes.uncovered(passages, THEME_COVERED_BY))

    def refresh(self, force: bool = False) -> bool:
        """Switch to a newly built index version, if there is one; True when it switched.
        Answers already in flight finish on the version they started with."""
        now = time.monotonic()
        if not force and now - self._checked < RELOAD_CHECK_SECONDS:
            return False
        self._checked = now
        current = artifact.live_version(self.settings.index_dir)
        if current is None or current.name == self.live.searcher.index.version:
            return False
        with self._reload_lock:
            if current.name == self.live.searcher.index.version:
                return False
            try:
                self.live = self._live(self._load_index())
            except Exception as exc:  # a bad new version: keep serving the one we have
                log.error("index reload failed version=%s error=%s", current.name,
                          type(exc).__name__)
                return False
        log.info("index reloaded version=%s", self.live.searcher.index.version)
        return True

    def ask(self, text: str, k: int = 5, mode: str = "hybrid",
            context: tuple[str, ...] = (), known: Remembered | None = None) -> Answer:
        """Answer one prompt. Never raises for bad input: an empty one asks for more.

        `context` holds earlier (already redacted) prompts of the same conversation; they are
        searched after the new prompt, which leads. `known` holds the names the conversation has
        shown, removed from this prompt too.
        """
        started = time.perf_counter()
        redacted, redactions = redact(text or "", known=known)
        try:
            prepare(redacted)
            prepared = prepare("\n".join([redacted, *reversed(context)]))
        except EmptyPrompt:
            return Answer(query="", redactions=redactions, no_match=True,
                          notes=[EMPTY_MESSAGE], needs_more=True)
        found = self.retrieve(prepared.text, k, mode)
        answer = Answer(query=prepared.text, redactions=redactions, notes=prepared.notes,
                        themes=found.themes,
                        no_match=found.no_match)
        if answer.no_match:
            answer.notes.append(NO_MATCH_MESSAGE)
        else:
            answer.learning = [_learning(h) for h in found.hits]
            answer.procedures = self._procedures(found)
        document_questions = [] if answer.no_match else self.document_questions(found)
        answer.questions = choose(self.bank, found.vector, answer.themes, document_questions)
        log.info("ask answered chars=%d learning=%d no_match=%s ms=%.0f", len(text or ""),
                 len(answer.learning), answer.no_match, (time.perf_counter() - started) * 1000)
        return answer

    def retrieve(self, text: str, k: int = 5, mode: str = "hybrid") -> Retrieval:
        """The distinct passages that best bear on an already redacted, bounded prompt."""
        self.refresh()
        live = self.live  # one version for the whole answer, even if a new one lands meanwhile
        searcher = live.searcher
        expanded = expand_abbreviations(text, self.abbreviations)
        vector = self.embedder.encode([expanded])[0]
        named = self._named_reviews(text, searcher)
        rows = searcher.rows_where(roles=LEARNING_ROLES, sources=named)
        ranking = searcher.rank(vector, expanded, mode=mode, rows=rows)
        hits = diversify(self._rank(ranking.hits), k, per_source=k if named else 2, per_section=2)
        evidence = ranking.evidence()
        themes = self.themes.detect(expanded, vector)
        return Retrieval(searcher, expanded, vector, hits, evidence, themes,
                         no_match=not named and self._too_weak(live, evidence, themes))

    @staticmethod
    def _too_weak(live: Live, evidence: float, themes: list[DetectedTheme]) -> bool:
        """Nothing clears the evidence bar. The bar is higher when the prompt's main theme is one
        no indexed document speaks to (safe sleep, say, before any review covers it), and when
        it touches no practice theme at all (private fostering, say, outside the taxonomy)."""
        if evidence < NO_MATCH_BELOW:
            return True
        if not themes:
            return evidence < UNTHEMED_BELOW
        return themes[0].id in live.uncovered and evidence < UNCOVERED_BELOW

    def _named_reviews(self, text: str, searcher: Searcher) -> tuple[str, ...] | None:
        """Documents the prompt names ("what did Child LI say..."), to keep the answer to them."""
        named = []
        for source, doc in searcher.index.manifest["documents"].items():
            names = {doc.get("title") or "", *doc.get("aliases", []), _place(doc.get("partnership"))}
            for alias in names:
                if alias and _mentions(text, alias):
                    named.append(source)
                    break
        return tuple(named) or None

    @staticmethod
    def _rank(hits: list[Hit]) -> list[Hit]:
        for hit in hits:
            hit.score *= ROLE_PRIOR.get(hit.chunk.role, 0.8)
        return sorted(hits, key=lambda h: -h.score)

    @staticmethod
    def document_questions(found: Retrieval) -> list[Question]:
        """The documents' own self-questions that fit the prompt closely."""
        rows = found.searcher.rows_where(roles=("reflection_question",))
        hits = found.searcher.search(found.vector, found.expanded, k=5, rows=rows)
        return [Question(_strip_bullet(h.chunk.text), None, h.chunk.source)
                for h in hits if h.dense >= DOCUMENT_QUESTION_MIN]

    @staticmethod
    def _procedures(found: Retrieval) -> list[Procedure]:
        rows = found.searcher.rows_where(roles=("procedure",))
        hits = found.searcher.search(found.vector, found.expanded, k=3, rows=rows)
        return [_procedure(h) for h in hits if h.dense >= PROCEDURE_MIN]


def _split(vectors: np.ndarray, bank: dict[str | None, list[str]]) -> dict[str | None, np.ndarray]:
    """One block of vectors back into the bank's groups, in the bank's order."""
    out, start = {}, 0
    for key, questions in bank.items():
        out[key] = vectors[start:start + len(questions)]
        start += len(questions)
    return out


def _mentions(text: str, alias: str) -> bool:
    short = len(alias) <= 2 and not any(ch.isdigit() for ch in alias)
    flags = 0 if short else re.I  # "LI" only in capitals; "li" is not a name
    return re.search(rf"(?<![\w/]){re.escape(alias)}(?![\w/])", text, flags) is not None


_GENERIC = {"safeguarding", "children", "children's", "childrens", "board", "partnership", "borough",
            "local", "city", "county", "council", "and", "the", "of", "for", "lscb", "scp"}


def _place(partnership: str | None) -> str:
    """The place a partnership is named after: 'Leicester Safeguarding Children Board' -> 'Leicester'."""
    return " ".join(w for w in (partnership or "").split() if w.lower() not in _GENERIC)


def _strip_bullet(text: str) -> str:
    return re.sub(r"^[-•*]\s+", "", text.strip())


def _learning(hit: Hit) -> Learning:
    c = hit.chunk
    return Learning(c.source, c.title, c.section, c.role, c.text, round(hit.dense, 3),
                    c.partnership, c.year, c.link)


def _procedure(hit: Hit) -> Procedure:
    c = hit.chunk
    name = _strip_bullet(c.text)
    if c.role == "procedure" and len(name) < 120:
        return Procedure(c.source, name, f"Named in {c.title}: {c.section}")
    return Procedure(c.source, c.title, c.text)
