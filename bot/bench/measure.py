"""What `reflect bench` measures on real embeddings: build throughput, warm and cold answers."""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from ..ingest import CHUNKER_VERSION
from ..reflection import Engine
from ..retrieval import artifact
from ..retrieval.build import build_index
from ..retrieval.embedder import Encoder
from ..retrieval.sentences import sentences_of


def percentiles(values: list[float]) -> dict:
    ordered = sorted(values)

    def at(q: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))], 2)

    return {"n": len(values), "p50": round(statistics.median(values), 2), "p95": at(0.95),
            "p99": at(0.99)}


def build_throughput(knowledge: Path, index_dir: Path, embedder: Encoder) -> dict:
    """A full build, beside raw `encode` of the very same passages and their sentences (a build
    embeds both): their ratio is the overhead; rates are in passages a second.

    The redactor's word lists are loaded first: about 2.5 s once a process, not a cost a passage
    (a quarter of the quick size's build with the ONNX encoder).
    """
    from ..privacy.redaction import warm

    warm()
    report = build_index(knowledge, index_dir, embedder)
    index = artifact.load(index_dir, embedder.name, CHUNKER_VERSION, embedder.kind)
    sentences = [s for c in index.chunks for s in sentences_of(c)]
    started = time.perf_counter()
    embedder.encode([c.embed_text() for c in index.chunks])
    embedder.encode(sentences)
    encode_seconds = time.perf_counter() - started
    build_rate, encode_rate = report.chunks / report.seconds, report.chunks / encode_seconds
    return {"documents": report.documents, "chunks": report.chunks, "sentences": len(sentences),
            "encoder": embedder.kind,
            "build_seconds": round(report.seconds, 1), "passages_per_s": round(build_rate, 1),
            "encode_seconds": round(encode_seconds, 1), "encode_chunks_per_s": round(encode_rate, 1),
            "build_vs_encode": round(build_rate / encode_rate, 3),
            "index_mb": round(folder_mb(index.path), 1), "index_type": index.manifest["index_type"]}


def warm_asks(engine: Engine, prompts: list[str]) -> dict:
    """Warm `ask` latency, and the share of it spent embedding, searching and composing."""
    spent = {"embed": 0.0, "search": 0.0}
    encode, rank = engine.embedder.encode, engine.searcher.rank

    def timed_encode(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return encode(*args, **kwargs)
        finally:
            spent["embed"] += time.perf_counter() - started

    def timed_rank(*args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        try:
            return rank(*args, **kwargs)
        finally:
            spent["search"] += time.perf_counter() - started

    engine.embedder.encode, engine.searcher.rank = timed_encode, timed_rank  # type: ignore[method-assign]
    try:
        engine.ask(prompts[0])  # warm-up
        spent.update(embed=0.0, search=0.0)
        latencies = []
        for prompt in prompts:
            started = time.perf_counter()
            engine.ask(prompt)
            latencies.append((time.perf_counter() - started) * 1000)
    finally:
        engine.embedder.encode, engine.searcher.rank = encode, rank  # type: ignore[method-assign]
    total = sum(latencies) / 1000
    shares = {"embed": spent["embed"] / total, "search": spent["search"] / total}
    shares["compose"] = 1 - shares["embed"] - shares["search"]
    return {"ms": percentiles(latencies), "share": {k: round(v, 3) for k, v in shares.items()}}


def redaction_ms(texts: list[str]) -> dict:
    """Redaction on its own, a message at a time, each seen for the first time (no cache)."""
    from ..privacy import redaction

    redaction.redact("warm-up: mum jade rang from 07700 900123")  # the lexicon loads once
    latencies = []
    for text in texts:
        redaction._find.cache_clear()
        started = time.perf_counter()
        redaction.redact(text)
        latencies.append((time.perf_counter() - started) * 1000)
    return {"ms": percentiles(latencies)}


def probe(index_dir: Path, prompts: list[str], knowledge_dir: Path, data_dir: Path) -> dict:
    """A fresh process that loads the engine on this index and answers: cold start, warm latency
    and its peak memory (as the operating system counted it)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REFLECT_"))}
    env.update(REFLECT_INDEX_DIR=str(index_dir), REFLECT_KNOWLEDGE_DIR=str(knowledge_dir),
               REFLECT_DATA_DIR=str(data_dir))
    started = time.perf_counter()
    child = subprocess.Popen([sys.executable, "-m", "bot.bench.probe"], stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, env=env, text=True)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps(prompts))
    child.stdin.close()
    child.stdout.readline()
    cold = time.perf_counter() - started
    out = child.stdout.read()
    if child.wait():
        raise RuntimeError(f"the probe process failed (exit {child.returncode})")
    return {"cold_start_seconds": round(cold, 2), **json.loads(out)}


def folder_mb(path: Path) -> float:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 1e6

