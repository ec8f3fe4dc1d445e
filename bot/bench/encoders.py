"""The passage encoders side by side: passages a second, and how closely ONNX follows torch.

Each encoder runs in a fresh process of its own (`python -m bot.bench.encoders KIND TEXTS OUT`):
torch and onnxruntime in one process contend for the same cores, and an import is part of what a
build pays.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from ..retrieval.embedder import ONNX_INT8, TORCH, Encoder

KINDS = (ONNX_INT8, TORCH)


def compare(texts: list[str]) -> dict:
    """Each encoder's passages a second over the same texts, and the cosine of ONNX to torch."""
    figures: dict = {"passages": len(texts)}
    vectors = {}
    with tempfile.TemporaryDirectory() as tmp:
        given = Path(tmp) / "texts.json"
        given.write_text(json.dumps(texts), encoding="utf-8")
        for kind in KINDS:
            out = Path(tmp) / f"{kind}.npy"
            done = subprocess.run([sys.executable, "-m", "bot.bench.encoders", kind, str(given), str(out)],
                                  capture_output=True, text=True, check=False)
            if done.returncode:
                raise RuntimeError(f"the {kind} encoder process failed: {done.stderr[-500:]}")
            figures[kind] = json.loads(done.stdout.strip().splitlines()[-1])
            vectors[kind] = np.load(out)
    cosine = (vectors[ONNX_INT8] * vectors[TORCH]).sum(axis=1)
    figures["cosine_min"] = round(float(cosine.min()), 5)
    figures["cosine_median"] = round(float(np.median(cosine)), 5)
    figures["speedup"] = round(figures[ONNX_INT8]["passages_per_s"] / figures[TORCH]["passages_per_s"], 2)
    return figures


def _load(kind: str) -> Encoder:
    threads = os.cpu_count() or 1
    if kind == ONNX_INT8:
        from ..retrieval.query_encoder import packaged_onnx

        return packaged_onnx(threads)
    from ..retrieval.embedder import TorchEmbedder

    return TorchEmbedder(threads=threads)


def main(kind: str, texts_file: Path, out: Path) -> None:
    texts = json.loads(texts_file.read_text(encoding="utf-8"))
    started = time.perf_counter()
    encoder = _load(kind)
    load_seconds = time.perf_counter() - started
    encoder.encode(texts[:8])  # warm-up: the first batch pays for allocations
    started = time.perf_counter()
    vectors = encoder.encode(texts)
    seconds = time.perf_counter() - started
    np.save(out, vectors)
    print(json.dumps({"load_seconds": round(load_seconds, 2), "encode_seconds": round(seconds, 2),
                      "passages_per_s": round(len(texts) / seconds, 1)}))


if __name__ == "__main__":
    main(sys.argv[1], Path(sys.argv[2]), Path(sys.argv[3]))
