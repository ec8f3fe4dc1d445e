"""Redaction of identifiers, applied before any text is searched, stored or logged."""

from .redaction import Redaction, describe, redact

__all__ = ["Redaction", "describe", "redact"]
