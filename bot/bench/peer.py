"""The peer benchmark (issue 18): txtai's hybrid index and the project's answer, side by side.

One run, the same questions, the same documents: the knowledge folder plus the retrieval
development corpus dropped in under `incoming-reviews/` (no sidecars), as an admin would. For
each system: hit@1, hit@5 and MRR over the five passages shown, how it treats questions the
documents do not answer, and its median warm query time. The project is counted by what the
practitioner is shown (`Engine.ask`: an answer with no match shows nothing, so it is a miss);
the peer has no gate, so its top scores on answerable and unanswerable questions are reported.

Run by scripts/peer-bench (which installs the `[peer]` extra); kept out of scripts/test.
"""

from __future__ import annotations

import argparse
import json
import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from ..config import PROJECT_ROOT, Settings
from .evaluation import EvalQuestion, load_questions, shown_passages
from .peer_index import CANDIDATES, PeerHit, PeerIndex, cap_per_document, read_documents

if TYPE_CHECKING:
    from ..reflection import Answer

SHARED = PROJECT_ROOT.parent / "shared" / "eval" / "retrieval"
SHOWN = 5


def lay_out(knowledge: Path, corpus: Path | None, dest: Path) -> Path:
    """A knowledge folder: a copy of `knowledge`, with `corpus` under incoming-reviews/."""
    shutil.copytree(knowledge, dest)
    if corpus is not None:
        shutil.copytree(corpus, dest / "incoming-reviews", ignore=shutil.ignore_patterns("MANIFEST.tsv"))
    return dest


def ranks(sources: list[str], expected: list[str]) -> tuple[float, float, float]:
    """hit@1, hit@5 and reciprocal rank of the first expected document among `sources`."""
    first = next((i for i, s in enumerate(sources[:SHOWN]) if s in expected), None)
    if first is None:
        return 0.0, 0.0, 0.0
    return float(first == 0), 1.0, 1 / (first + 1)


def score(shown: list[list[str]], questions: list[EvalQuestion]) -> dict:
    """hit@1, hit@5, MRR over the answerable questions, from the documents each was shown."""
    rows = [ranks(s, q.expected_docs) for s, q in zip(shown, questions) if q.expected_behavior != "no_match"]
    n = len(rows) or 1
    return {"answerable": len(rows), "hit@1": round(sum(r[0] for r in rows) / n, 3),
            "hit@5": round(sum(r[1] for r in rows) / n, 3), "mrr": round(sum(r[2] for r in rows) / n, 3)}


def interleaved(systems: dict[str, Callable[[str], object]], questions: list[EvalQuestion],
                rounds: int = 3) -> tuple[dict[str, list], dict[str, float]]:
    """Each system's result for each question, and its median warm milliseconds. The systems take
    turns question by question, so a machine shared with other work slows them alike."""
    results: dict[str, list] = {name: [] for name in systems}
    ms: dict[str, list[float]] = {name: [] for name in systems}
    for run in systems.values():
        run(questions[0].question)  # warm-up
    for round_ in range(rounds):
        for q in questions:
            for name, run in systems.items():
                started = time.perf_counter()
                result = run(q.question)
                ms[name].append((time.perf_counter() - started) * 1000)
                if round_ == 0:
                    results[name].append(result)
    return results, {name: round(statistics.median(v), 1) for name, v in ms.items()}


def _median_top(scores: list[tuple[float, EvalQuestion]]) -> dict:
    """Median top score on answerable and on unanswerable questions."""
    out = {}
    for kind in ("answerable", "unanswerable"):
        values = [s for s, q in scores if (q.expected_behavior == "no_match") == (kind == "unanswerable")]
        out[kind] = round(statistics.median(values), 3) if values else None
    return out


def peer_rows(plain: list[list[PeerHit]], deep: list[list[PeerHit]], ms: dict[str, float],
              questions: list[EvalQuestion]) -> list[dict]:
    """The peer as it comes (`search(q, 5)`), and the top 5 of 50 candidates without and with the
    cap of 2 passages a document (the same search, so those rows differ by the cap alone)."""
    tops = [(r[0].score if r else 0.0, q) for r, q in zip(plain, questions)]
    gate = {"unanswerable_refused": 0, "answerable_refused": 0,  # no gate: every question gets 5
            "median_top_score": _median_top(tops)}
    variants = [("txtai hybrid, search(q, 5)", [r[:SHOWN] for r in plain], ms["plain"]),
                (f"txtai hybrid, top 5 of {CANDIDATES}", [r[:SHOWN] for r in deep], ms["deep"]),
                (f"txtai hybrid, top 5 of {CANDIDATES}, 2 a document",
                 [cap_per_document(r, SHOWN, 2) for r in deep], ms["deep"])]
    return [{"system": name, **score([[h.source for h in r] for r in results], questions), **gate,
             "median_ms": median} for name, results, median in variants]


def project_row(answers: list[Answer], ms: float, questions: list[EvalQuestion]) -> dict:
    """The project's answer path, counted by the passages it shows."""
    shown = [[] if a.no_match else shown_passages(a) for a in answers]
    refused = {kind: sum(1 for s, q in zip(shown, questions) if not s
                         and (q.expected_behavior == "no_match") == (kind == "unanswerable"))
               for kind in ("unanswerable", "answerable")}
    # the best learning passage's ranking score (a procedure shown carries no score)
    tops = [(a.learning[0].score, q) for a, q in zip(answers, questions) if a.learning and not a.no_match]
    return {"system": "project (what is shown)", **score(shown, questions),
            "unanswerable_refused": refused["unanswerable"], "answerable_refused": refused["answerable"],
            "median_top_score": _median_top(tops), "median_ms": ms}


def run(questions_file: Path, knowledge: Path, corpus: Path | None, work: Path) -> dict:
    """Both systems over the same folder and questions, in this one run."""
    from ..reflection import Engine
    from ..retrieval.build import build_index
    from ..retrieval.embedder import Embedder

    questions = load_questions(questions_file)
    folder = lay_out(knowledge, corpus, work / "knowledge")
    settings = Settings(knowledge_dir=folder, index_dir=work / "index", data_dir=work / "data",
                        database_url=f"sqlite:///{work / 'data' / 'records.db'}")
    (work / "data").mkdir()
    build_index(folder, settings.index_dir, Embedder(settings.model, preferred=settings.passage_encoder))
    documents = read_documents(folder)
    started = time.perf_counter()
    peer = PeerIndex(documents)
    peer_seconds = round(time.perf_counter() - started, 1)
    engine = Engine(settings)
    results, ms = interleaved({"plain": lambda text: peer.search(text, SHOWN),
                               "deep": lambda text: peer.search(text, CANDIDATES),
                               "project": engine.ask}, questions)
    rows = [*peer_rows(results["plain"], results["deep"], ms, questions),
            project_row(results["project"], ms["project"], questions)]
    unanswerable = sum(q.expected_behavior == "no_match" for q in questions)
    return {"questions": str(questions_file), "n": len(questions), "unanswerable": unanswerable,
            "documents": len(documents), "peer_chunks": len(peer.sources),
            "peer_build_seconds": peer_seconds, "rows": rows}


def table(f: dict) -> str:
    """The figures as a markdown table."""
    lines = [f"{f['n']} questions ({f['unanswerable']} unanswerable), {f['documents']} documents; "
             f"txtai: {f['peer_chunks']} chunks of ~200 words, built in {f['peer_build_seconds']} s",
             "| system | hit@1 | hit@5 | MRR@5 | unanswerable refused | answerable refused "
             "| median top score, answerable / unanswerable | median warm ms |",
             "|---|---|---|---|---|---|---|---|"]
    for r in f["rows"]:
        top = r["median_top_score"]
        lines.append(f"| {r['system']} | {r['hit@1']} | {r['hit@5']} | {r['mrr']} | "
                     f"{r['unanswerable_refused']}/{f['unanswerable']} | {r['answerable_refused']}/"
                     f"{r['answerable']} | {top['answerable']} / {top['unanswerable']} | {r['median_ms']} |")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.bench.peer", description=__doc__.splitlines()[0])
    parser.add_argument("--questions", type=Path, default=SHARED / "questions.jsonl")
    parser.add_argument("--knowledge-dir", type=Path, default=PROJECT_ROOT / "knowledge",
                        help="the knowledge folder to copy (default: the project's)")
    parser.add_argument("--corpus", type=Path, default=SHARED / "corpus",
                        help="documents dropped in under incoming-reviews/ ('none': no corpus)")
    parser.add_argument("--out", type=Path, default=Path("peer-bench.json"), help="where to write the JSON")
    args = parser.parse_args(argv)
    corpus = None if str(args.corpus) == "none" else args.corpus
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(args.questions, args.knowledge_dir, corpus, Path(tmp))
    args.out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(table(figures))
    print(f"written to {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
