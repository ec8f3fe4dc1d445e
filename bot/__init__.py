"""Reflective supervision bot: learning from child safeguarding case reviews."""

__version__ = "0.1.0"
