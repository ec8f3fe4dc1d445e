"""Structured reflective supervision: frameworks, sessions, and records fit for the case file."""
