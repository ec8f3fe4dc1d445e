"""Names a conversation has already shown, remembered without keeping them.

A name removed from one message of a thread or supervision session must go from every later one,
in any case or form ("Jayden Thompson" ... "jayden"). The records keep only a keyed digest of
each name word (HMAC-SHA256 under a key the database does not hold), so a later word can be
matched against them, but the names cannot be read back from the records.
"""

from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class Remembered:
    """The digests of the name words a conversation has shown, and the key they were made with."""

    key: bytes
    digests: frozenset[str] = frozenset()

    def __contains__(self, word: str) -> bool:
        return digest(self.key, word) in self.digests

    def __bool__(self) -> bool:
        return bool(self.digests)


def digest(key: bytes, word: str) -> str:
    """The keyed digest of a name word (lower case, without accents, as the redactor folds it)."""
    return hmac.new(key, word.encode("utf-8"), hashlib.sha256).hexdigest()[:32]


def digests(key: bytes, words: Iterable[str]) -> set[str]:
    return {digest(key, w) for w in words}
