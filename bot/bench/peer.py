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
from typing import TypeVar

from ..config import PROJECT_ROOT, Settings
from ..evaluation import EvalQuestion, load_questions
from .peer_index import CANDIDATES, PeerIndex, cap_per_document, read_documents

SHARED = PROJECT_ROOT.parent / "shared" / "eval" / "retrieval"
SHOWN = 5
T = TypeVar("T")


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


def timed(run: Callable[[str], T], questions: list[EvalQuestion]) -> tuple[list[T], float]:
    """Each question's result, and the median warm milliseconds (after one warm-up call)."""
    run(questions[0].question)
    results, ms = [], []
    for q in questions:
        started = time.perf_counter()
        results.append(run(q.question))
        ms.append((time.perf_counter() - started) * 1000)
    return results, round(statistics.median(ms), 1)


def peer_rows(index: PeerIndex, questions: list[EvalQuestion]) -> list[dict]:
    """The peer as it comes (`search(q, 5)`), and the top 5 of 50 candidates without and with the
    cap of 2 passages a document (the same search, so the rows differ by the cap alone)."""
    plain, plain_ms = timed(lambda text: index.search(text, SHOWN), questions)
    deep, deep_ms = timed(lambda text: index.search(text, CANDIDATES), questions)
    tops = {kind: [hits[0].score if hits else 0.0 for hits, q in zip(plain, questions)
                   if (q.expected_behavior == "no_match") == (kind == "unanswerable")]
            for kind in ("answerable", "unanswerable")}
    gate = {"unanswerable_refused": 0, "answerable_refused": 0,  # no gate: every question gets 5
            "median_top_score": {k: round(statistics.median(v), 3) if v else None for k, v in tops.items()}}
    variants = [("txtai hybrid, search(q, 5)", [r[:SHOWN] for r in plain], plain_ms),
                (f"txtai hybrid, top 5 of {CANDIDATES}", [r[:SHOWN] for r in deep], deep_ms),
                (f"txtai hybrid, top 5 of {CANDIDATES}, 2 a document",
                 [cap_per_document(r, SHOWN, 2) for r in deep], deep_ms)]
    return [{"system": name, **score([[h.source for h in r] for r in results], questions), **gate,
             "median_ms": ms} for name, results, ms in variants]


def project_row(settings: Settings, questions: list[EvalQuestion]) -> dict:
    """The project's answer path, counted by the passages it shows."""
    from ..reflection import Engine

    engine = Engine(settings)
    answers, ms = timed(engine.ask, questions)
    shown = [[] if a.no_match else [x.source for x in a.learning] for a in answers]
    refused = {kind: sum(1 for s, q in zip(shown, questions) if not s
                         and (q.expected_behavior == "no_match") == (kind == "unanswerable"))
               for kind in ("unanswerable", "answerable")}
    tops = {kind: [a.learning[0].score for a, q in zip(answers, questions) if a.learning and not a.no_match
                   and (q.expected_behavior == "no_match") == (kind == "unanswerable")]
            for kind in ("answerable", "unanswerable")}
    return {"system": "project (what is shown)", **score(shown, questions),
            "unanswerable_refused": refused["unanswerable"], "answerable_refused": refused["answerable"],
            "median_top_score": {k: round(statistics.median(v), 3) if v else None for k, v in tops.items()},
            "median_ms": ms}


def run(questions_file: Path, knowledge: Path, corpus: Path | None, work: Path) -> dict:
    """Both systems over the same folder and questions, in this one run."""
    from ..retrieval.build import build_index
    from ..retrieval.embedder import Embedder

    questions = load_questions(questions_file)
    folder = lay_out(knowledge, corpus, work / "knowledge")
    settings = Settings(knowledge_dir=folder, index_dir=work / "index", data_dir=work / "data",
                        database_url=f"sqlite:///{work / 'data' / 'records.db'}")
    (work / "data").mkdir()
    build_index(folder, settings.index_dir, Embedder(settings.model))
    documents = read_documents(folder)
    started = time.perf_counter()
    peer = PeerIndex(documents)
    peer_seconds = round(time.perf_counter() - started, 1)
    rows = [*peer_rows(peer, questions), project_row(settings, questions)]
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
