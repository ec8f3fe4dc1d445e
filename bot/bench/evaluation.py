"""`reflect eval`: measure answers on a question set, counting what a practitioner is shown."""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from ..privacy import redact
from ..reflection import Answer, Engine
from ..reflection.inputs import EmptyPrompt
from ..reflection.questions import BANK_SOURCE
from ..retrieval.search import MODES

DEPTH = 10  # passages looked at for MRR behind the gate


@dataclass
class EvalQuestion:
    question: str
    expected_docs: list[str]
    expected_behavior: str
    expected_quote: str | None = None
    names_review: bool = False  # names a review that is silent on the question


def load_questions(path: Path) -> list[EvalQuestion]:
    """The question set, one JSON object a line; a malformed line is named in the error."""
    questions = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
            questions.append(EvalQuestion(
                data["question"], list(data.get("expected_docs") or []),
                data.get("expected_behavior") or ("answer" if data.get("expected_docs") else "no_match"),
                data.get("expected_quote"), bool(data.get("names_review"))))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n} is not a valid question line ({exc})") from None
    return questions


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def quote_found(quote: str, passages: list[str]) -> bool:
    """The quote's words (90% of them) appear together in one returned passage."""
    wanted = _words(quote)
    return any(len(wanted & _words(p)) >= 0.9 * len(wanted) for p in passages)


def shown_passages(answer: Answer) -> list[str]:
    """The documents of the passages an answer shows, in the order a practitioner reads them:
    learning and procedures, whichever leads first. An answer graded 'none' shows none."""
    learning, procedures = [x.source for x in answer.learning], [p.source for p in answer.procedures]
    return procedures + learning if answer.lead == "procedures" else learning + procedures


def shown_sources(answer: Answer) -> list[str]:
    """The documents an answer shows: its passages, then the documents' own questions."""
    return shown_passages(answer) + [q.source for q in answer.questions if q.source != BANK_SOURCE]


def searched_text(engine: Engine, q: EvalQuestion) -> str | None:
    """The question as the engine searches it (redacted, bounded, bridged from another
    language); None when it is empty."""
    try:
        return engine.understood(redact(q.question)[0]).search
    except EmptyPrompt:
        return None


def _rank_of(sources: list[str], expected: list[str]) -> int | None:
    return next((i for i, s in enumerate(sources) if s in expected), None)


def evaluate(engine: Engine, questions: list[EvalQuestion], mode: str) -> dict:
    """For one mode: hit@1, hit@5 and MRR over what is shown, the same over the ranking behind
    the gate, the grades given to answerable and unanswerable questions, and latency."""
    shown = {"hit@1": 0.0, "hit@5": 0.0, "mrr": 0.0}
    ranked = {"hit@5": 0.0, "mrr": 0.0}
    grades = {"answer": {"strong": 0, "weak": 0, "none": 0}, "no_match": {"strong": 0, "weak": 0, "none": 0}}
    quotes = quote_total = named_total = named_said = 0
    latencies: list[float] = []
    misses: list[dict] = []
    for q in questions:
        text = searched_text(engine, q)
        if text is None:
            continue
        started = time.perf_counter()
        answer = engine.ask(q.question, mode=mode)
        latencies.append((time.perf_counter() - started) * 1000)
        expect = "no_match" if q.expected_behavior == "no_match" else "answer"
        grades[expect][answer.evidence] += 1
        if q.names_review:
            named_total += 1
            named_said += any("not speak to this" in n for n in answer.notes)
        if expect == "no_match":
            if answer.evidence == "strong":
                misses.append({"question": q.question, "expected": "no_match", "evidence": "strong",
                               "shown": shown_sources(answer)[:5]})
            continue
        rank = _rank_of(shown_sources(answer), q.expected_docs)
        shown["hit@1"] += rank == 0
        shown["hit@5"] += rank is not None and rank < 5
        shown["mrr"] += 1 / (rank + 1) if rank is not None else 0
        found = engine.retrieve(text, k=DEPTH, mode=mode)
        ranked_hits = sorted(found.hits + found.guidance, key=lambda h: -h.score)
        behind = _rank_of([h.chunk.source for h in ranked_hits], q.expected_docs)
        ranked["hit@5"] += behind is not None and behind < 5
        ranked["mrr"] += 1 / (behind + 1) if behind is not None else 0
        if q.expected_quote:
            quote_total += 1
            surfaced = [x.text for x in answer.learning] + [p.text for p in answer.procedures]
            surfaced += [x.text for x in answer.questions]
            quote_hit = quote_found(q.expected_quote, surfaced)
            quotes += quote_hit
        else:
            quote_hit = None
        if rank is None or rank >= 5 or quote_hit is False:
            misses.append({"question": q.question, "expected": q.expected_docs, "evidence": answer.evidence,
                           "rank": rank, "ranked": behind, "quote_shown": quote_hit,
                           "shown": shown_sources(answer)[:8]})
    answerable, unanswerable = sum(grades["answer"].values()), sum(grades["no_match"].values())
    return {
        "mode": mode,
        "questions": len(questions),
        **{k: share(v, answerable) for k, v in shown.items()},
        "ranked_hit@5": share(ranked["hit@5"], answerable),
        "ranked_mrr": share(ranked["mrr"], answerable),
        "quote_recall": share(quotes, quote_total),
        "answerable_none": share(grades["answer"]["none"], answerable),
        "answerable_weak": share(grades["answer"]["weak"], answerable),
        "unanswerable_not_strong": share(grades["no_match"]["none"] + grades["no_match"]["weak"],
                                          unanswerable),
        "unanswerable_none": share(grades["no_match"]["none"], unanswerable),
        "silent_review_said": share(named_said, named_total),
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
        "misses": misses,
    }


def share(count: float, total: int) -> float | None:
    return round(count / total, 3) if total else None


def run(engine: Engine, questions: list[EvalQuestion], modes: tuple[str, ...] = MODES) -> dict:
    """Every mode side by side, plus a note on reranking."""
    return {
        "results": [evaluate(engine, questions, mode) for mode in modes],
        "reranker": "none available: no cross-encoder ships in a package on this machine",
    }


COLUMNS = ["mode", "hit@1", "hit@5", "mrr", "ranked_hit@5", "ranked_mrr", "quote_recall",
           "answerable_none", "answerable_weak", "unanswerable_not_strong", "unanswerable_none",
           "silent_review_said", "median_ms"]


def misses_text(report: dict) -> str:
    """Each question a mode missed: what was expected, where it came, and what was shown instead."""
    lines = []
    for row in report["results"]:
        for m in row["misses"]:
            where = ("graded strong" if m["expected"] == "no_match" else
                     f"shown at {'-' if m['rank'] is None else m['rank'] + 1}, ranked at "
                     f"{'-' if m['ranked'] is None else m['ranked'] + 1}, evidence {m['evidence']}"
                     + (", answering passage not shown" if m["quote_shown"] is False else ""))
            lines.append(f"[{row['mode']}] {m['question'][:110]}\n    expected {m['expected']}: {where}"
                         f"\n    shown {m['shown']}")
    return "\n".join(lines) or "No misses."


def table(report: dict) -> str:
    """The results as a Markdown table."""
    lines = ["| " + " | ".join(COLUMNS) + " |", "|" + "---|" * len(COLUMNS)]
    for row in report["results"]:
        lines.append("| " + " | ".join("-" if row[c] is None else str(row[c]) for c in COLUMNS) + " |")
    return "\n".join(lines)
