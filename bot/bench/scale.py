"""Scale without embedding it: perturbed copies of real passage vectors, up to 300k chunks.

A copy of a real passage keeps its text and gets its vector plus a little noise (cosine about 0.96
to the original), so search and memory behave as on a large corpus of real-looking vectors; this
is said plainly in the output. Exact search is compared with HNSW on these vectors.
"""

from __future__ import annotations

import time
from pathlib import Path

import numpy as np

from ..retrieval import artifact
from ..retrieval.text import tokenize
from .measure import percentiles

NOISE = 0.3  # length of the noise vector added to each (unit) copy


def perturbed_copies(vectors: np.ndarray, n: int, seed: int = 1) -> tuple[np.ndarray, np.ndarray]:
    """n unit vectors: real ones followed by noisy copies; and which real row each came from."""
    rng = np.random.default_rng(seed)
    origin = np.concatenate([np.arange(len(vectors)), rng.integers(0, len(vectors), n - len(vectors))])
    noise = rng.normal(0, NOISE / np.sqrt(vectors.shape[1]), (n, vectors.shape[1])).astype("float32")
    noise[: len(vectors)] = 0
    out = vectors[origin] + noise
    out /= np.linalg.norm(out, axis=1, keepdims=True)
    return out.astype("float32"), origin


def exact_vs_approximate(vectors: np.ndarray, queries: np.ndarray, k: int = 10) -> dict:
    """Per-query latency of exact, IVF and HNSW search, their build times, and recall@k of each
    approximate index against exact."""
    import faiss

    figures: dict = {"vectors": len(vectors)}
    indexes = {}
    for kind in ("flat-ip", "ivf-ip", "hnsw-ip"):
        started = time.perf_counter()  # built on every core
        indexes[kind] = artifact.vector_index(vectors, kind, vectors.shape[1])
        figures[f"{kind}_build_seconds"] = round(time.perf_counter() - started, 1)
    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # searched one query per request thread, as the bot serves
    found = {}
    for kind, index in indexes.items():
        latencies, ids = [], []
        for query in queries:
            started = time.perf_counter()
            _, got = index.search(query.reshape(1, -1), k)
            latencies.append((time.perf_counter() - started) * 1000)
            ids.append(set(got[0]))
        figures[f"{kind}_ms"] = percentiles(latencies)
        found[kind] = ids
    faiss.omp_set_num_threads(threads)
    for kind in ("ivf-ip", "hnsw-ip"):
        recall = [len(a & b) / k for a, b in zip(found["flat-ip"], found[kind])]
        figures[f"{kind}_recall_at_10"] = round(float(np.mean(recall)), 4)
    return figures


def write_scaled_index(base: artifact.Artifact, n: int, index_dir: Path) -> Path:
    """An index of n chunks from a real one: copies of its passages with perturbed vectors."""
    vectors, origin = perturbed_copies(base.vectors(), n)
    tokens_of = [tokenize(f"{c.title} {c.section} {c.text}") for c in base.chunks]
    chunks = [base.chunks[i] for i in origin]
    manifest = {**base.manifest, "documents": {}, "synthetic": f"{n} chunks: perturbed copies"}
    return artifact.save(index_dir, manifest, chunks, vectors, base.sentences.take(origin),
                         [tokens_of[i] for i in origin])
