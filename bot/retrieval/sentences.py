"""Sentence vectors: each passage is also matched by its closest sentence.

A passage of 100-160 words averages several points into one vector, so a prompt about one of
them matches the passage weakly; the sentence that says it matches closely. The search scores a
passage's meaning by its own vector and its best sentence's together (`Searcher`,
`sentence_weight` in knowledge/answers.yaml). On the questions written from the real files the
answering passage was shown for 0.722 of them against 0.639 before (README).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from ..ingest import Chunk
from ..ingest.chunker import split_sentences


def sentences_of(chunk: Chunk) -> list[str]:
    """A passage's sentences and list items, one a line of its text; at least one."""
    pieces = [sentence for line in chunk.text.splitlines()
              for sentence in split_sentences(line.strip().removeprefix("- "))]
    return pieces or [chunk.text]


class RowFile:
    """The rows of a stored 2-D float32 .npy array, read when asked for (os.pread), never mapped
    or loaded whole: an answer reads a few hundred scattered rows of what can be gigabytes. (A
    memory map grew an ask's memory by about 200 MB at 300k passages, read-ahead or not.)"""

    def __init__(self, path: Path) -> None:
        with path.open("rb") as fh:
            version = np.lib.format.read_magic(fh)
            read = (np.lib.format.read_array_header_1_0 if version == (1, 0)
                    else np.lib.format.read_array_header_2_0)
            shape, fortran, dtype = read(fh)
            self._offset = fh.tell()
        if len(shape) != 2 or fortran or dtype != np.dtype("float32"):
            raise ValueError(f"{path.name} is not a table of float32 vectors")
        self.path, self.shape = path, shape
        self._row = shape[1] * 4
        self._fd = os.open(path, os.O_RDONLY)

    def __len__(self) -> int:
        return int(self.shape[0])

    def __del__(self) -> None:
        fd = getattr(self, "_fd", None)
        if fd is not None:
            os.close(fd)

    def runs(self, firsts: np.ndarray, counts: np.ndarray) -> np.ndarray:
        """Rows first..first+count-1 of each run, one after another."""
        if len(counts) == 0:
            return np.zeros((0, self.shape[1]), "float32")
        blocks = [np.frombuffer(os.pread(self._fd, int(n) * self._row, self._offset + int(f) * self._row),
                                dtype="float32") for f, n in zip(firsts, counts)]
        return np.concatenate(blocks).reshape(-1, self.shape[1])

    def whole(self) -> np.ndarray:
        return np.load(self.path)


@dataclass
class SentenceVectors:
    """Every passage's sentence vectors, in passage order: `starts[i]` is passage i's first."""

    vectors: np.ndarray | RowFile  # (sentences, dimension) float32, normalised
    starts: np.ndarray  # (passages,) int64, ascending
    _counts: np.ndarray = field(init=False, repr=False)  # each passage's, worked out once

    def __post_init__(self) -> None:
        self._counts = np.diff(np.append(self.starts, len(self.vectors))).astype("int64")

    @classmethod
    def of(cls, vectors: np.ndarray, counts: list[int]) -> SentenceVectors:
        starts = np.concatenate([[0], np.cumsum(counts[:-1])]).astype("int64") if counts else \
            np.zeros(0, "int64")
        return cls(np.ascontiguousarray(vectors, dtype="float32"), starts)

    def array(self) -> np.ndarray:
        """All the vectors in memory (a build writing them)."""
        return self.vectors.whole() if isinstance(self.vectors, RowFile) else self.vectors

    def counts(self) -> list[int]:
        return self._counts.tolist()

    def take(self, rows: np.ndarray | range) -> SentenceVectors:
        """The sentence vectors of these passages, in this order (an incremental build reuses a
        document's; the scale benchmark copies passages)."""
        block, counts, _ = self._read(np.asarray(rows, dtype="int64"))
        return SentenceVectors.of(block, counts.tolist())

    def best(self, vector: np.ndarray, rows: np.ndarray) -> np.ndarray:
        """The best sentence cosine to the query vector of each of these passages."""
        rows = np.asarray(rows, dtype="int64")
        if len(rows) == 0:
            return np.zeros(0, "float32")
        block, _, offsets = self._read(rows)
        return np.maximum.reduceat(block @ vector.reshape(-1), offsets)

    def _read(self, rows: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """These passages' sentence vectors one passage after another, each one's count, and
        where each one's begin. Only their rows are read: a served index keeps them on disk."""
        counts = self._counts[rows]
        offsets = np.cumsum(counts) - counts
        if isinstance(self.vectors, RowFile):
            return self.vectors.runs(self.starts[rows], counts), counts, offsets
        picked = np.repeat(self.starts[rows] - offsets, counts) + np.arange(int(counts.sum()))
        return self.vectors[picked], counts, offsets


def joined(parts: list[SentenceVectors], dimension: int) -> SentenceVectors:
    """Parts in order, as one."""
    counts = [n for part in parts for n in part.counts()]
    vectors = [part.array() for part in parts if len(part.vectors)]
    return SentenceVectors.of(np.vstack(vectors) if vectors else np.zeros((0, dimension), "float32"),
                              counts)
