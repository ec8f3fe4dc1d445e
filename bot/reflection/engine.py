"""The core: a practitioner's prompt in, cited learning and reflection questions out."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import dataclass

from ..config import Settings
from ..curated import load_abbreviations, load_question_bank, load_themes
from ..ingest import CHUNKER_VERSION
from ..ingest.metadata import KINDS
from ..ingest.model import Chunk
from ..privacy import Remembered, redact, warm
from ..retrieval import artifact
from ..retrieval.embedder import Encoder, passage_encoder_kind
from ..retrieval.query_encoder import query_encoder
from ..retrieval.search import Searcher, diversify
from ..retrieval.text import expand_abbreviations
from ..retrieval.vector_cache import encode_cached
from . import language
from .answer import (
    GUIDANCE_ONLY_MESSAGE,
    LEARNING_ROLES,
    NO_MATCH_MESSAGE,
    PROCEDURE_ROLES,
    WEAK_GUIDANCE_MESSAGE,
    WEAK_MESSAGE,
    Answer,
    Retrieval,
    learning_of,
    procedure_of,
    silent_message,
    without_bullet,
)
from .crosslingual import Bridge
from .inputs import (
    EMPTY_MESSAGE,
    HELP_MESSAGE,
    EmptyPrompt,
    Prepared,
    is_small_talk,
    language_note,
    prepare,
    require_text,
)
from .named import (
    learn_names,
    named_grade,
    named_reviews,
    quoted_phrases,
    referred_documents,
    silent_on,
    titles,
    without_names,
)
from .policy import load_policy
from .questions import Question, QuestionBank, choose
from .ranking import holds_quote, lead_of, weighed
from .themes import ThemeDetector

log = logging.getLogger(__name__)
RELOAD_CHECK_SECONDS = 1.0  # how often an answer checks whether a new index version landed
THEME_COVERED_BY = 3  # passages that must mention a theme's terms for it to count as covered
POLICY_FILE = "answers.yaml"


@dataclass(frozen=True)
class Live:
    """The index version answers are served from, and what it has nothing on."""

    searcher: Searcher
    uncovered: set[str]  # theme ids no passage of this index speaks to
    kinds: dict[str, str]  # document -> its kind (briefing, inspection, research...)


class Engine:
    """Loads the model, the index and the curated knowledge once; answers many prompts."""

    def __init__(self, settings: Settings, embedder: Encoder | None = None):
        self.settings = settings
        index = self._load_index()  # first: a missing index is reported before the slow model load
        self.policy = load_policy(settings.curated_file(POLICY_FILE),
                                  LEARNING_ROLES + PROCEDURE_ROLES, KINDS)
        # a damaged model is named first
        self.embedder = embedder or query_encoder(settings.model, settings.query_encoder)
        self._check_calibration(index)
        themes = load_themes(settings.curated_file("themes.yaml"))
        bank = load_question_bank(settings.curated_file("questions.yaml"), {t.id for t in themes})
        self.abbreviations = load_abbreviations(settings.curated_file("abbreviations.yaml"))
        self._shorthand = frozenset(self.abbreviations)
        theme_texts = [ThemeDetector.theme_text(t) for t in themes]
        bank_texts = [q for questions in bank.values() for q in questions]
        vectors = encode_cached(self.embedder, theme_texts + bank_texts, settings.data_dir / "cache")
        self.themes = ThemeDetector(themes, vectors[:len(themes)])
        self.bank = QuestionBank.of(bank, vectors[len(themes):])
        self.bridge = Bridge([t.label for t in themes], theme_texts, bank_texts,
                             settings.data_dir / "cache")
        self.live = self._live(index)
        warm()  # the redactor's word lists load now, not on the first person's message
        language.load()  # and the language identifier
        self._checked = time.monotonic()
        self._reload_lock = threading.Lock()

    @property
    def searcher(self) -> Searcher:
        return self.live.searcher

    def documents(self) -> dict[str, dict]:
        """Each document the live index holds, by source path, with its metadata."""
        return self.live.searcher.index.documents()

    def passages(self, source: str) -> list[Chunk]:
        """One document's passages, in order (a team reads a review's panels from them)."""
        return self.live.searcher.index.passages(source)

    def index_summary(self) -> dict:
        return self.live.searcher.index.summary()

    def coverage(self) -> tuple[int, int]:
        """How many of the themes the learning passages cover, of how many."""
        total = len(self.themes.themes)
        return total - len(self.live.uncovered), total

    def _load_index(self) -> artifact.Artifact:
        return artifact.load(self.settings.index_dir, self.settings.model, CHUNKER_VERSION,
                             passage_encoder_kind(self.settings.model, self.settings.passage_encoder))

    def _check_calibration(self, index: artifact.Artifact) -> None:
        """The bars mean nothing for vectors of another encoder: refuse, with what to do."""
        built_with = index.summary()["model"]
        if built_with != self.policy.encoder:
            raise artifact.IndexMismatch(
                f"The answer bars in {POLICY_FILE} were calibrated for the encoder "
                f"'{self.policy.encoder}', but the index was built with '{built_with}'. Run "
                "`reflect eval --calibrate --questions FILE`, set the bars it proposes and the "
                f"encoder's name in {POLICY_FILE}, then start again.")

    def _live(self, index: artifact.Artifact) -> Live:
        passages = [c.text for c in index.passages() if c.role in LEARNING_ROLES]
        kinds = {s: str(d.get("kind") or "other") for s, d in index.documents().items()}
        searcher = Searcher(index, self.policy.dense_weight, self.policy.lexical_weight,
                            self.policy.sentence_weight)
        learn_names(index)
        return Live(searcher, self.themes.uncovered(passages, THEME_COVERED_BY), kinds)

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
                index = self._load_index()
                self._check_calibration(index)
                self.live = self._live(index)
            except Exception as exc:  # a bad new version: keep serving the one we have
                log.error("index reload failed version=%s error=%s", current.name,
                          type(exc).__name__)
                return False
        log.info("index reloaded version=%s", self.live.searcher.index.version)
        return True

    def ask(self, text: str, k: int | None = None, mode: str = "hybrid",
            context: tuple[str, ...] = (), known: Remembered | None = None) -> Answer:
        """Answer one prompt. Never raises for bad input: an empty one asks for more.

        `context` holds earlier (already redacted) prompts of the same conversation; they are
        searched after the new prompt, which leads. `known` holds the names the conversation has
        shown, removed from this prompt too.
        """
        started = time.perf_counter()
        redacted, redactions = redact(text or "", known=known)
        if not context and is_small_talk(redacted):
            return Answer(query="", redactions=redactions, no_match=True, notes=[HELP_MESSAGE],
                          needs_more=True)
        try:
            require_text(redacted)  # the new prompt itself, not only the conversation before it
            prepared = self.understood("\n".join([redacted, *reversed(context)]))
        except EmptyPrompt:
            return Answer(query="", redactions=redactions, no_match=True,
                          notes=[EMPTY_MESSAGE], needs_more=True)
        found = self.retrieve(prepared.search, k, mode)
        if prepared.language:  # scores of a prompt not in English say little: never strong or none
            found.grade = "weak" if found.hits else "none"
        answer = Answer(query=prepared.text, redactions=redactions, notes=prepared.notes,
                        themes=found.themes, no_match=found.no_match, evidence=found.grade)
        if found.silent:
            answer.notes.insert(0, silent_message(found.silent))
        if answer.no_match:
            answer.notes.append(NO_MATCH_MESSAGE)
        else:
            answer.learning = [learning_of(h) for h in found.hits]
            answer.procedures = [procedure_of(h) for h in found.guidance]
            answer.lead = found.lead
            if not answer.learning:
                answer.notes.append(GUIDANCE_ONLY_MESSAGE if found.grade == "strong"
                                    else WEAK_GUIDANCE_MESSAGE)
            elif found.grade == "weak" and not prepared.language:  # its note says so already
                answer.notes.append(WEAK_MESSAGE)
        document_questions = [] if answer.no_match else self.document_questions(found)
        answer.questions = choose(self.bank, found.vector, answer.themes, document_questions)
        log.info("ask answered chars=%d learning=%d evidence=%s ms=%.0f", len(text or ""),
                 len(answer.learning), answer.evidence, (time.perf_counter() - started) * 1000)
        return answer

    def understood(self, text: str) -> Prepared:
        """A redacted prompt made ready to search: bounded, and when it is not in English read
        with the closest of the curated English theme and questions (its note says which)."""
        prepared = prepare(text)
        if prepared.language:
            try:
                bridged = self.bridge.english(prepared.text)
            except Exception as exc:  # the multilingual model will not load: searched as typed
                log.error("bridge failed error=%s", type(exc).__name__)
                prepared.notes.append(language_note(prepared.language, None))
                return prepared
            prepared.notes.append(language_note(prepared.language, bridged.theme))
            prepared.search = f"{prepared.text}\n{bridged.text()}"
        return prepared

    def retrieve(self, text: str, k: int | None = None, mode: str = "hybrid") -> Retrieval:
        """The distinct passages that best bear on an already redacted, bounded prompt, graded."""
        self.refresh()
        live = self.live  # one version for the whole answer, even if a new one lands meanwhile
        k = k or self.policy.k
        index = live.searcher.index
        named = named_reviews(text, index)
        silent: list[str] = []
        if named:
            asked = without_names(text, [n for names in named.values() for n in names]) or text
            found = self._search(live, asked, k, mode, tuple(named))
            if found.grade != "none":
                return found
            silent, text = titles(index, named), asked
        referred = referred_documents(text, index)
        if referred:  # silent on a short question about it: said, as for a named review
            asked = without_names(text, [n for names in referred.values() for n in names]) or text
            if silent_on(index, tuple(referred), asked, self.policy, self._shorthand):
                silent, referred = silent + titles(index, referred), {}
        found = self._search(live, text, k, mode, None, frozenset(referred))
        found.silent = silent
        return found

    def _search(self, live: Live, text: str, k: int, mode: str, named: tuple[str, ...] | None,
                referred: frozenset[str] = frozenset()) -> Retrieval:
        """One graded search over the learning, or over the named documents only; documents the
        prompt refers to weigh more."""
        searcher, policy = live.searcher, self.policy
        expanded = expand_abbreviations(text, self.abbreviations)
        vector = self.embedder.encode([expanded])[0]
        # Asked about a named review, its own reflection questions, and its scope and method, are
        # what the person wants to see too.
        learning_roles = (*LEARNING_ROLES, "reflection_question", "context") if named else LEARNING_ROLES
        rows = searcher.rows_where(roles=learning_roles + PROCEDURE_ROLES, sources=named)
        ranking = searcher.rank(vector, expanded, mode=mode, rows=rows)
        quoted = quoted_phrases(text)
        ranked = weighed(ranking.hits, policy, live.kinds, quoted, referred)
        per_document = k if named else policy.per_document
        # The k passages shown are the best of both together, so a procedure that fits better
        # than the fifth passage of learning takes its place rather than coming after it.
        shown = diversify([h for h in ranked if h.chunk.role in learning_roles
                           or h.dense >= policy.procedure_min], k, per_document,
                          policy.per_section, referred)
        hits = [h for h in shown if h.chunk.role in learning_roles]
        guidance = [h for h in shown if h.chunk.role in PROCEDURE_ROLES][:policy.procedures]
        evidence = ranking.evidence()
        grade = policy.grade(evidence, named=bool(named))
        if named:
            grade = named_grade(searcher.index, named, expanded, grade, policy, self._shorthand)
        if quoted and hits and holds_quote(hits[0], quoted):
            grade = "strong"  # the term the person quoted, found as they wrote it
        lead = lead_of(live.kinds, hits, guidance)
        if lead == "procedures" and hits and policy.grade(ranking.evidence_for(
                max(h.dense for h in hits)), named=bool(named)) != "strong":
            hits = []  # the guidance answers it; learning that does not fit is not shown under it
        themes = self.themes.detect(expanded, vector)
        return Retrieval(searcher, expanded, vector, hits, guidance, evidence, grade, themes,
                         lead=lead)

    def document_questions(self, found: Retrieval) -> list[Question]:
        """The documents' own self-questions that fit the prompt closely."""
        rows = found.searcher.rows_where(roles=("reflection_question",))
        hits = found.searcher.search(found.vector, found.expanded, k=5, rows=rows)
        return [Question(without_bullet(h.chunk.text), None, h.chunk.source, h.chunk.title)
                for h in hits if h.dense >= self.policy.document_question_min
                ][:self.policy.document_questions]

