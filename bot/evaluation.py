"""`reflect eval`: measure retrieval on a question set, mode by mode."""

from __future__ import annotations

import json
import re
import statistics
import time
from dataclasses import dataclass
from pathlib import Path

from .privacy import redact
from .reflection import Engine
from .reflection.inputs import EmptyPrompt, prepare
from .retrieval.search import MODES

DEPTH = 10  # passages looked at for MRR


@dataclass
class EvalQuestion:
    question: str
    expected_docs: list[str]
    expected_behavior: str
    expected_quote: str | None = None


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
                data.get("expected_quote")))
        except (json.JSONDecodeError, KeyError, TypeError) as exc:
            raise ValueError(f"{path}:{n} is not a valid question line ({exc})") from None
    return questions


def _words(text: str) -> set[str]:
    return set(re.findall(r"[a-z0-9]+", text.lower()))


def quote_found(quote: str, passages: list[str]) -> bool:
    """The quote's words (90% of them) appear together in one returned passage."""
    wanted = _words(quote)
    return any(len(wanted & _words(p)) >= 0.9 * len(wanted) for p in passages)


def evaluate(engine: Engine, questions: list[EvalQuestion], mode: str) -> dict:
    """hit@1, hit@5, MRR, quote recall, no-match precision and recall, and latency, for a mode."""
    hit1 = hit5 = rr = quotes = quote_total = 0.0
    tp = fp = fn = 0
    answerable = 0
    latencies = []
    for q in questions:
        started = time.perf_counter()
        try:
            text = prepare(redact(q.question)[0]).text
        except EmptyPrompt:
            continue
        found = engine.retrieve(text, k=DEPTH, mode=mode)
        latencies.append((time.perf_counter() - started) * 1000)
        expect_none = q.expected_behavior == "no_match"
        tp += found.no_match and expect_none
        fp += found.no_match and not expect_none
        fn += (not found.no_match) and expect_none
        if expect_none:
            continue
        answerable += 1
        sources = [h.chunk.source for h in found.hits]
        ranks = [i for i, s in enumerate(sources) if s in q.expected_docs]
        hit1 += bool(ranks) and ranks[0] == 0
        hit5 += bool(ranks) and ranks[0] < 5
        rr += 1 / (ranks[0] + 1) if ranks else 0
        if q.expected_quote:
            quote_total += 1
            surfaced = [h.chunk.text for h in found.hits[:5]]
            surfaced += [q.text for q in engine.document_questions(found)]
            quotes += quote_found(q.expected_quote, surfaced)
    return {
        "mode": mode,
        "questions": len(questions),
        "hit@1": round(hit1 / answerable, 3) if answerable else None,
        "hit@5": round(hit5 / answerable, 3) if answerable else None,
        "mrr": round(rr / answerable, 3) if answerable else None,
        "quote_recall": round(quotes / quote_total, 3) if quote_total else None,
        "no_match_precision": round(tp / (tp + fp), 3) if tp + fp else None,
        "no_match_recall": round(tp / (tp + fn), 3) if tp + fn else None,
        "false_no_match_rate": round(fp / answerable, 3) if answerable else None,
        "median_ms": round(statistics.median(latencies), 1) if latencies else None,
    }


def run(engine: Engine, questions: list[EvalQuestion], modes: tuple[str, ...] = MODES) -> dict:
    """Every mode side by side, plus a note on reranking."""
    return {
        "results": [evaluate(engine, questions, mode) for mode in modes],
        "reranker": "none available: no cross-encoder ships in a package on this machine",
    }


def table(report: dict) -> str:
    """The results as a Markdown table."""
    cols = ["mode", "hit@1", "hit@5", "mrr", "quote_recall", "no_match_precision",
            "no_match_recall", "false_no_match_rate", "median_ms"]
    lines = ["| " + " | ".join(cols) + " |", "|" + "---|" * len(cols)]
    for row in report["results"]:
        lines.append("| " + " | ".join("-" if row[c] is None else str(row[c]) for c in cols) + " |")
    return "\n".join(lines)
