"""Vectors of curated texts (themes, the question bank), kept on disk between starts.

Embedding the ~200 curated texts takes seconds; a start-up reads them back in milliseconds. The
cache key is the encoder and the exact texts, so an edit to the YAML or another encoder misses.
"""

from __future__ import annotations

import hashlib
import logging
import os
from pathlib import Path

import numpy as np

from .embedder import Encoder

log = logging.getLogger(__name__)


def encode_cached(encoder: Encoder, texts: list[str], cache_dir: Path) -> np.ndarray:
    """encoder.encode(texts), from the cache when these texts were encoded by this encoder."""
    key = hashlib.sha256("\x1f".join([type(encoder).__name__, encoder.name, *texts]).encode())
    path = cache_dir / f"vectors-{key.hexdigest()[:24]}.npy"
    try:
        vectors = np.load(path)
        if vectors.shape == (len(texts), encoder.dimension):
            return vectors
    except (OSError, ValueError):
        pass
    vectors = encoder.encode(texts)
    try:
        cache_dir.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as fh:
            np.save(fh, vectors)
        temporary.replace(path)
    except OSError as exc:  # a read-only data folder costs a slower start, nothing more
        log.warning("vector cache not written error=%s", type(exc).__name__)
    return vectors
