"""`reflect eval --calibrate`: the evidence bars' trade-off on a question set, for a person to choose."""

from __future__ import annotations

from dataclasses import dataclass

from ..reflection import Engine
from ..reflection.named import named_reviews
from .evaluation import EvalQuestion, searched_text, share

MOST_ANSWERABLE_REFUSED = 0.05  # a proposal refuses at most this share of answerable questions
MOST_UNANSWERABLE_STRONG = 0.10  # and shows at most this share of unanswerable ones as learning
STEP = 0.02  # between the candidate bars of the table


@dataclass
class Measured:
    evidence: float
    answerable: bool


def measure(engine: Engine, questions: list[EvalQuestion]) -> list[Measured]:
    """The evidence of each question's search over all the learning. Questions that name a review
    are left out: they are graded inside that review, on its own bars."""
    out = []
    for q in questions:
        text = searched_text(engine, q)
        if text is None or named_reviews(text, engine.searcher.index):
            continue
        found = engine._search(engine.live, text, engine.policy.k, "hybrid", None)
        out.append(Measured(found.evidence, q.expected_behavior != "no_match"))
    return out


def _bars(measured: list[Measured]) -> list[float]:
    low = min((m.evidence for m in measured), default=0.4)
    high = max((m.evidence for m in measured), default=0.8)
    start, stop = round(low - 0.02, 2), round(high + 0.02, 2)
    return [round(start + STEP * i, 2) for i in range(int((stop - start) / STEP) + 1)]


def trade_off(measured: list[Measured]) -> list[dict]:
    """For each candidate bar: the share of answerable questions under it and of unanswerable
    ones at or above it."""
    answerable = [m.evidence for m in measured if m.answerable]
    unanswerable = [m.evidence for m in measured if not m.answerable]
    rows = []
    for bar in _bars(measured):
        rows.append({
            "bar": bar,
            "answerable_under": share(sum(e < bar for e in answerable), len(answerable)),
            "unanswerable_at_or_over": share(sum(e >= bar for e in unanswerable), len(unanswerable)),
        })
    return rows


def propose(rows: list[dict]) -> dict:
    """weak_from: the highest bar that refuses few enough answerable questions; strong_from: the
    lowest bar (not under weak_from) that shows few enough unanswerable ones as learning."""
    weak = max((r["bar"] for r in rows if (r["answerable_under"] or 0) <= MOST_ANSWERABLE_REFUSED),
               default=rows[0]["bar"] if rows else 0.0)
    strong = min((r["bar"] for r in rows if r["bar"] >= weak
                  and (r["unanswerable_at_or_over"] or 0) <= MOST_UNANSWERABLE_STRONG),
                 default=weak)
    return {"weak_from": weak, "strong_from": strong}


def report(engine: Engine, questions: list[EvalQuestion]) -> dict:
    measured = measure(engine, questions)
    rows = trade_off(measured)
    return {"questions": len(measured), "current": {"weak_from": engine.policy.weak_from,
                                                     "strong_from": engine.policy.strong_from},
            "proposed": propose(rows), "trade_off": rows}


def table(result: dict) -> str:
    """The trade-off as Markdown, with the current and proposed bars marked."""
    marks: dict[float, list[str]] = {}
    for name, bars in (("current", result["current"]), ("proposed", result["proposed"])):
        for which, bar in bars.items():
            nearest = min(result["trade_off"], key=lambda r: abs(r["bar"] - bar))["bar"]
            marks.setdefault(nearest, []).append(f"{name} {which} ({bar:.2f})")
    lines = [f"{result['questions']} questions that name no review",
             "| bar | answerable under it (refused if weak_from) | unanswerable at or over it "
             "(shown as learning if strong_from) | |", "|---|---|---|---|"]
    for row in result["trade_off"]:
        lines.append(f"| {row['bar']:.2f} | {row['answerable_under']} | "
                     f"{row['unanswerable_at_or_over']} | {', '.join(marks.get(row['bar'], []))} |")
    proposed = result["proposed"]
    lines.append(f"\nProposed: weak_from {proposed['weak_from']:.2f}, strong_from "
                 f"{proposed['strong_from']:.2f} (at most {MOST_ANSWERABLE_REFUSED:.0%} of answerable "
                 f"questions refused, at most {MOST_UNANSWERABLE_STRONG:.0%} of unanswerable ones shown "
                 "as learning). Set them in knowledge/answers.yaml if you agree.")
    return "\n".join(lines)
