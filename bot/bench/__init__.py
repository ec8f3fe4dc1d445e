"""`reflect bench`: build, add, answer and scale figures, measured in one run; a table and JSON.

Real embeddings for a synthetic corpus of a few thousand chunks made from the real documents;
perturbed copies of those vectors for 100k and 300k chunks (search, answers, memory).
"""

from __future__ import annotations

import json
import shutil
import tempfile
import time
from pathlib import Path

from ..config import PROJECT_ROOT, Settings
from ..ingest import CHUNKER_VERSION
from ..reflection import Engine
from ..retrieval import artifact
from ..retrieval.build import build_index
from ..retrieval.embedder import Embedder, TorchEmbedder
from . import encoders
from .corpus import long_review_pdf, seed_paragraphs, write_pdf, write_synthetic_reviews
from .evaluation import load_questions
from .measure import build_throughput, folder_mb, probe, redaction_ms, warm_asks
from .scale import exact_vs_approximate, write_scaled_index

__all__ = ["main", "write_pdf"]

QUESTIONS = PROJECT_ROOT / "tests" / "data" / "eval_questions.jsonl"
MESSAGES = PROJECT_ROOT / "tests" / "data" / "privacy_second.jsonl"  # labelled, from the policy
TRANSLATED = PROJECT_ROOT / "tests" / "data" / "retrieval" / "dev_translated.jsonl"  # 5 languages
DOCUMENTS = {"quick": 4, "full": 100}  # synthetic reviews, ~20 chunks each, really embedded
SCALED = {"quick": (3_000,), "full": (100_000, 300_000)}  # chunks, by perturbed copies
LONG_REVIEW_LINES = {"quick": 60, "full": None}  # the 53-page PDF, or its first pages
LONG_REVIEW_SOURCE = "reviews/003_e13a5e6436212c0a.txt"


def run(settings: Settings, size: str, work: Path) -> dict:
    """Every figure, measured in this one run."""
    prompts = [q.question for q in load_questions(QUESTIONS)]
    knowledge, index_dir = work / "knowledge", work / "index"
    write_synthetic_reviews(seed_paragraphs(settings.knowledge_dir), knowledge / "synthetic",
                            DOCUMENTS[size])
    embedder = Embedder(settings.model, preferred=settings.passage_encoder)
    figures: dict = {"size": size, "build": build_throughput(knowledge, index_dir, embedder)}
    built = artifact.load(index_dir, settings.model, CHUNKER_VERSION, embedder.kind)
    figures["passage_encoders"] = encoders.compare([c.embed_text() for c in built.chunks])
    figures["add_review"] = add_long_review(knowledge, index_dir, embedder,
                                            settings.knowledge_dir / LONG_REVIEW_SOURCE,
                                            LONG_REVIEW_LINES[size])
    engine = Engine(settings.with_dirs(knowledge_dir=knowledge, index_dir=index_dir))
    figures["warm_ask"] = warm_asks(engine, prompts)
    # bridged to English by the multilingual encoder: one more encoding a prompt
    figures["warm_ask_other_language"] = warm_asks(engine, [json.loads(line)["question"] for line in
                                                            TRANSLATED.read_text().splitlines()][:60])
    figures["redaction"] = redaction_ms(
        [json.loads(line)["text"] for line in MESSAGES.read_text(encoding="utf-8").splitlines()])
    figures["agreement"] = encoder_agreement(engine, prompts)
    figures["process"] = probe(index_dir, prompts[:30], knowledge, work / "data")
    base = artifact.load(index_dir, settings.model, engine.index_summary()["chunker_version"],
                         embedder.kind)
    queries = engine.embedder.encode(prompts)
    figures["scaled"] = []
    for n in SCALED[size]:
        scaled_dir = work / f"scaled-{n}"
        started = time.perf_counter()
        write_scaled_index(base, n, scaled_dir)
        row = {"chunks": n, "write_seconds": round(time.perf_counter() - started, 1),
               "index_mb": round(folder_mb(scaled_dir), 1), **exact_vs_approximate(
                   artifact.load(scaled_dir, settings.model, base.manifest["chunker_version"],
                                 embedder.kind).vectors(),
                   queries)}
        row["process"] = probe(scaled_dir, prompts[:30], knowledge, work / "data")
        figures["scaled"].append(row)
        shutil.rmtree(scaled_dir)
    return figures


def add_long_review(knowledge: Path, index_dir: Path, embedder: Embedder, source: Path,
                    lines: int | None) -> dict:
    """Time to add one long PDF review to the built index, end to end (read, embed, write)."""
    (knowledge / "reviews").mkdir(exist_ok=True)
    pages = long_review_pdf(knowledge / "reviews" / "child-m.pdf", source, lines)
    report = build_index(knowledge, index_dir, embedder)
    return {"pages": pages, "seconds": round(report.seconds, 1), "embedded": report.embedded,
            "index_chunks": report.chunks}


def encoder_agreement(engine: Engine, prompts: list[str]) -> dict:
    """How closely the serving (ONNX) query vectors and the top-5 rankings follow torch's."""
    import numpy as np

    served, reference = engine.embedder.encode(prompts), TorchEmbedder(threads=1).encode(prompts)
    cosine = (served * reference).sum(axis=1)
    same = []
    for text, a, b in zip(prompts, served, reference):
        top_a = [h.row for h in engine.searcher.rank(a, text).hits[:5]]
        top_b = [h.row for h in engine.searcher.rank(b, text).hits[:5]]
        same.append(len(set(top_a) & set(top_b)) / 5)
    return {"encoder": type(engine.embedder).__name__, "cosine_mean": round(float(cosine.mean()), 5),
            "cosine_min": round(float(cosine.min()), 5), "top5_overlap": round(float(np.mean(same)), 3)}


def table(f: dict) -> str:
    """The figures as the README shows them."""
    b, a, w, p = f["build"], f["add_review"], f["warm_ask"], f["process"]
    e = f["passage_encoders"]
    lines = [
        f"build            {b['documents']} documents, {b['chunks']} passages in {b['build_seconds']} s: "
        f"{b['passages_per_s']} passages/s ({b['encoder']}, with their {b['sentences']} sentences); "
        f"raw encode {b['encode_chunks_per_s']} passages/s (build/encode {b['build_vs_encode']}); "
        f"index {b['index_mb']} MB ({b['index_type']})",
        f"passage encoder  {e['passages']} passages, each encoder in a fresh process: onnx-int8 "
        f"{e['onnx-int8']['passages_per_s']} passages/s (loads in {e['onnx-int8']['load_seconds']} s), "
        f"torch {e['torch']['passages_per_s']} passages/s (loads in {e['torch']['load_seconds']} s): "
        f"{e['speedup']}x; cosine ONNX to torch min {e['cosine_min']}, median {e['cosine_median']}",
        f"add a review     {a['pages']}-page PDF, {a['embedded']} chunks embedded, index of "
        f"{a['index_chunks']}: {a['seconds']} s end to end",
        f"warm ask         p50 {w['ms']['p50']} ms, p95 {w['ms']['p95']} ms, p99 {w['ms']['p99']} ms "
        f"(embed {w['share']['embed']:.0%}, search {w['share']['search']:.0%}, compose "
        f"{w['share']['compose']:.0%}) over {w['ms']['n']} prompts",
        f"other language   p50 {f['warm_ask_other_language']['ms']['p50']} ms, p95 "
        f"{f['warm_ask_other_language']['ms']['p95']} ms over "
        f"{f['warm_ask_other_language']['ms']['n']} translated prompts (bridged to English themes)",
        f"redaction        p50 {f['redaction']['ms']['p50']} ms, p95 {f['redaction']['ms']['p95']} ms a "
        f"message over {f['redaction']['ms']['n']} labelled messages (included in the warm ask)",
        f"query encoder    {f['agreement']['encoder']}: cosine to torch mean {f['agreement']['cosine_mean']}"
        f" (min {f['agreement']['cosine_min']}), top-5 overlap {f['agreement']['top5_overlap']}",
        f"cold start       {p['cold_start_seconds']} s process start to first answer; peak "
        f"{p['peak_mb']} MB",
        "scaled (perturbed copies of the real vectors, not real embeddings):",
    ]
    for r in f["scaled"]:
        q = r["process"]
        lines.append(
            f"  {r['chunks']:>7} chunks  ask p50 {q['ask_ms']['p50']} / p95 {q['ask_ms']['p95']} / p99 "
            f"{q['ask_ms']['p99']} ms ({q['index_type']}); cold start {q['cold_start_seconds']} s; "
            f"peak {q['peak_mb']} MB; index {r['index_mb']} MB on disk, written in {r['write_seconds']} s\n"
            f"           search p50: exact {r['flat-ip_ms']['p50']} ms; IVF {r['ivf-ip_ms']['p50']} ms, "
            f"recall@10 {r['ivf-ip_recall_at_10']} (built {r['ivf-ip_build_seconds']} s); HNSW "
            f"{r['hnsw-ip_ms']['p50']} ms, recall@10 {r['hnsw-ip_recall_at_10']} (built "
            f"{r['hnsw-ip_build_seconds']} s)")
    return "\n".join(lines)


def main(settings: Settings, out: Path, size: str = "full") -> int:
    with tempfile.TemporaryDirectory() as tmp:
        figures = run(settings, size, Path(tmp))
    out.write_text(json.dumps(figures, indent=2) + "\n", encoding="utf-8")
    print(table(figures))
    print(f"written to {out}")
    return 0
