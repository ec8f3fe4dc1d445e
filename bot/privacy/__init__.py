"""Redaction of identifiers, applied before any text is searched, stored or logged."""

from .redaction import DOCUMENT_KINDS, Redaction, counted, describe, redact, storable

__all__ = ["DOCUMENT_KINDS", "Redaction", "counted", "describe", "redact", "storable"]
