"""Redaction of identifiers, applied before any text is searched, stored or logged."""

from .memory import Remembered, digests
from .redaction import (
    ALL_KINDS,
    DOCUMENT_KINDS,
    Redaction,
    counted,
    describe,
    found_names,
    redact,
    storable,
    warm,
)

__all__ = ["ALL_KINDS", "DOCUMENT_KINDS", "Redaction", "Remembered", "counted", "describe", "digests",
           "found_names", "redact", "storable", "warm"]
