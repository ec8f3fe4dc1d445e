"""Sentence vectors: each passage is also matched by its closest sentence.

A passage of 100-160 words averages several points into one vector, so a prompt about one of
them matches the passage weakly; the sentence that says it matches closely. The search scores a
passage's meaning by its own vector and its best sentence's together (`Searcher`,
`sentence_weight` in knowledge/answers.yaml). On the questions written from the real files that
lifted the answering passage among the first five ranked from 0.75 to 0.86 (README).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from ..ingest import Chunk
from ..ingest.chunker import split_sentences


def sentences_of(chunk: Chunk) -> list[str]:
    """A passage's sentences and list items, one a line of its text; at least one."""
    pieces = [sentence for line in chunk.text.splitlines()
              for sentence in split_sentences(line.strip().removeprefix("- "))]
    return pieces or [chunk.text]


@dataclass
class SentenceVectors:
    """Every passage's sentence vectors, in passage order: `starts[i]` is passage i's first."""

    vectors: np.ndarray  # (sentences, dimension) float32, normalised
    starts: np.ndarray  # (passages,) int64, ascending

    @classmethod
    def of(cls, vectors: np.ndarray, counts: list[int]) -> SentenceVectors:
        starts = np.concatenate([[0], np.cumsum(counts[:-1])]).astype("int64") if counts else \
            np.zeros(0, "int64")
        return cls(np.ascontiguousarray(vectors, dtype="float32"), starts)

    def counts(self) -> list[int]:
        return np.diff(np.append(self.starts, len(self.vectors))).tolist()

    def take(self, rows: np.ndarray | range) -> SentenceVectors:
        """The sentence vectors of these passages, in this order (an incremental build reuses a
        document's; the scale benchmark copies passages)."""
        rows = np.asarray(rows, dtype="int64")
        counts = np.diff(np.append(self.starts, len(self.vectors)))[rows]
        offsets = np.cumsum(counts) - counts
        picked = np.repeat(self.starts[rows] - offsets, counts) + np.arange(int(counts.sum()))
        return SentenceVectors.of(self.vectors[picked], counts.tolist())

    def best(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The best sentence cosine to the query vector of each of these passages. Only their
        sentences are read: the vectors may be a memory map of a national corpus."""
        rows = np.asarray(rows, dtype="int64")
        if len(rows) == 0:
            return np.zeros(0, "float32")
        counts = np.diff(np.append(self.starts, len(self.vectors)))[rows]
        offsets = np.cumsum(counts) - counts
        picked = np.repeat(self.starts[rows] - offsets, counts) + np.arange(int(counts.sum()))
        return np.maximum.reduceat(self.vectors[picked] @ vector.reshape(-1), offsets)


def joined(parts: list[SentenceVectors], dimension: int) -> SentenceVectors:
    """Parts in order, as one."""
    counts = [n for part in parts for n in part.counts()]
    vectors = [part.vectors for part in parts if len(part.vectors)]
    return SentenceVectors.of(np.vstack(vectors) if vectors else np.zeros((0, dimension), "float32"),
                              counts)
