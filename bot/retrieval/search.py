"""Hybrid search: dense (FAISS, passages and their sentences) and lexical (BM25) scores, fused,
then diversified."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np

from ..ingest import Chunk
from .artifact import IVF_PROBES, Artifact
from .text import tokenize

MODES = ("lexical", "dense", "hybrid")
CANDIDATES = 100


@dataclass
class Hit:
    row: int
    chunk: Chunk
    score: float  # the fused score used for ranking
    dense: float  # cosine similarity of query and passage, the evidence measure
    lexical: float  # BM25 score


@dataclass
class Ranking:
    hits: list[Hit]
    dense_scores: np.ndarray  # every candidate's cosine similarity, highest first

    def evidence(self) -> float:
        """How strongly the best passage stands out: its similarity plus its margin over the
        broad run of candidates. A prompt the reviews do not cover scores flat and low."""
        return self.evidence_for(float(self.dense_scores[0])) if len(self.dense_scores) else 0.0

    def evidence_for(self, similarity: float) -> float:
        """The same measure for a passage of this similarity (the best of one kind of passage)."""
        scores = self.dense_scores
        if len(scores) == 0:
            return 0.0
        background = scores[20:50] if len(scores) > 25 else scores[len(scores) // 2:]
        return float(similarity + (similarity - background.mean()))


class Searcher:
    """Searches one loaded index artifact. Thread-safe for reads."""

    def __init__(self, index: Artifact, dense_weight: float = 1.0, lexical_weight: float = 1.0,
                 sentence_weight: float = 0.0):
        self.index = index
        self.dense_weight = dense_weight
        self.lexical_weight = lexical_weight
        self.sentence_weight = sentence_weight  # of a passage's meaning, its best sentence's share
        self._roles = np.array([c.role for c in index.chunks])
        self._sources = np.array([c.source for c in index.chunks])
        self._filters: dict[tuple, np.ndarray] = {}  # (roles, sources) -> allowed rows
        self._selectors: dict[int, tuple] = {}  # id(rows) -> (FAISS selector, the bitmap it reads)
        self._lock = threading.Lock()

    def rows_where(self, roles: tuple[str, ...] | None = None,
                   sources: tuple[str, ...] | None = None) -> np.ndarray | None:
        """Row numbers allowed by a role or source filter (None: every row); the same array for
        the same filter, so its FAISS selector is made once."""
        if not roles and not sources:
            return None
        key = (roles or (), sources or ())
        with self._lock:
            if key not in self._filters:
                mask = np.ones(len(self.index.chunks), dtype=bool)
                if roles:
                    mask &= np.isin(self._roles, roles)
                if sources:
                    mask &= np.isin(self._sources, sources)
                rows = np.flatnonzero(mask)
                self._filters[key] = rows
                self._selectors[id(rows)] = _bitmap_selector(mask)
            return self._filters[key]

    def search(self, vector: np.ndarray, lexical_text: str, k: int = CANDIDATES,
               mode: str = "hybrid", rows: np.ndarray | None = None) -> list[Hit]:
        """The best k hits for one query, ranked by `mode`, among `rows` when given."""
        return self.rank(vector, lexical_text, mode, rows).hits[:k]

    def rank(self, vector: np.ndarray, lexical_text: str, mode: str = "hybrid",
             rows: np.ndarray | None = None) -> Ranking:
        """All candidate hits ranked by `mode`, with the dense similarity profile."""
        if len(self.index.chunks) == 0 or (rows is not None and len(rows) == 0):
            return Ranking([], np.zeros(0, "float32"))
        dense = self._dense(vector, rows)
        lexical = self._lexical(lexical_text, rows) if mode != "dense" else {}
        cosine = {r: dense[r] if r in dense else self._cosine(vector, r)
                  for r in dense.keys() | lexical.keys()}
        meaning = self._meaning(vector, cosine) if mode != "lexical" and self.sentence_weight \
            else dense
        hits = [Hit(r, self.index.chunks[r], s, cosine[r], lexical.get(r, 0.0))
                for r, s in self._fuse(meaning, lexical, mode)]
        return Ranking(hits, np.array(sorted(dense.values(), reverse=True), dtype="float32"))

    def _meaning(self, vector: np.ndarray, cosine: dict[int, float]) -> dict[int, float]:
        """Each candidate's closeness in meaning: its passage cosine and its best sentence's,
        weighed by sentence_weight."""
        weight = self.sentence_weight
        rows = np.array(sorted(cosine), dtype="int64")
        best = self.index.sentences.best(vector, rows)
        return {int(r): (1 - weight) * cosine[int(r)] + weight * float(b) for r, b in zip(rows, best)}

    def _dense(self, vector: np.ndarray, rows: np.ndarray | None) -> dict[int, float]:
        import faiss

        query = np.ascontiguousarray(vector.reshape(1, -1), dtype="float32")
        n = self.index.faiss_index.ntotal  # type: ignore[attr-defined]
        k = min(CANDIDATES, n if rows is None else len(rows))
        params = None
        if rows is not None:
            ivf = self.index.manifest.get("index_type") == "ivf-ip"
            params = (faiss.SearchParametersIVF(sel=self._selector(rows), nprobe=IVF_PROBES) if ivf  # type: ignore[call-arg]
                      else faiss.SearchParameters(sel=self._selector(rows)))  # type: ignore[call-arg]
        scores, ids = self.index.faiss_index.search(query, k, params=params)  # type: ignore[attr-defined]
        return {int(i): float(s) for i, s in zip(ids[0], scores[0]) if i >= 0}

    def _selector(self, rows: np.ndarray):  # type: ignore[no-untyped-def]
        """The FAISS selector for rows from rows_where (made once), else one made now."""
        made = self._selectors.get(id(rows))
        if made is not None and any(rows is known for known in self._filters.values()):
            return made[0]
        mask = np.zeros(len(self.index.chunks), dtype=bool)
        mask[rows] = True
        selector, bitmap = _bitmap_selector(mask)
        selector.keep_alive = bitmap  # the selector reads the bitmap; it must outlive the search
        return selector

    def _lexical(self, text: str, rows: np.ndarray | None) -> dict[int, float]:
        tokens = tokenize(text)
        if not tokens:
            return {}
        scores = self.index.lexical.get_scores(tokens)  # type: ignore[attr-defined]
        if rows is not None:
            masked = np.zeros_like(scores)
            masked[rows] = scores[rows]
            scores = masked
        top = np.argpartition(-scores, CANDIDATES)[:CANDIDATES] if len(scores) > CANDIDATES else \
            np.arange(len(scores))
        return {int(i): float(scores[i]) for i in top if scores[i] > 0}

    def _cosine(self, vector: np.ndarray, row: int) -> float:
        stored = self.index.faiss_index.reconstruct(int(row))  # type: ignore[attr-defined]
        return float(np.dot(stored, vector.reshape(-1)))

    def _fuse(self, dense: dict[int, float], lexical: dict[int, float],
              mode: str) -> list[tuple[int, float]]:
        """Rank by one mode, or by a weighted sum of both scores, each scaled to [0, 1] over
        the candidates (a passage only one ranking found is given the other's floor)."""
        if mode == "dense":
            return sorted(dense.items(), key=lambda kv: -kv[1])
        if mode == "lexical":
            return sorted(lexical.items(), key=lambda kv: -kv[1])
        low, high = (min(dense.values()), max(dense.values())) if dense else (0.0, 1.0)
        top_lexical = max(lexical.values(), default=0.0) or 1.0
        total = self.dense_weight + self.lexical_weight
        fused = {
            row: (self.dense_weight * (dense.get(row, low) - low) / ((high - low) or 1.0)
                  + self.lexical_weight * lexical.get(row, 0.0) / top_lexical) / total
            for row in dense.keys() | lexical.keys()
        }
        return sorted(fused.items(), key=lambda kv: -kv[1])


def _bitmap_selector(mask: np.ndarray) -> tuple:
    """A FAISS selector of the rows set in mask, with the bitmap it reads (keep both alive)."""
    import faiss

    bitmap = np.packbits(mask, bitorder="little")
    return faiss.IDSelectorBitmap(len(mask), faiss.swig_ptr(bitmap)), bitmap


def diversify(hits: list[Hit], k: int, per_source: int = 3, per_section: int = 1,
              open_sources: frozenset[str] = frozenset()) -> list[Hit]:
    """The top k hits with no more than `per_source` from one document (but the `open_sources`)
    or `per_section` from one section, so an answer cites distinct passages rather than
    neighbours of one paragraph."""
    chosen: list[Hit] = []
    by_source: dict[str, int] = {}
    by_section: dict[tuple[str, str], int] = {}
    for hit in hits:
        section = (hit.chunk.source, hit.chunk.section.split(", para ")[0])
        if by_source.get(hit.chunk.source, 0) >= per_source and hit.chunk.source not in open_sources:
            continue
        if by_section.get(section, 0) >= per_section:
            continue
        chosen.append(hit)
        by_source[hit.chunk.source] = by_source.get(hit.chunk.source, 0) + 1
        by_section[section] = by_section.get(section, 0) + 1
        if len(chosen) == k:
            break
    return chosen
