"""Answers: cited learning, themes, reflection questions and procedures for a prompt."""

from .answer import Answer, Learning, Procedure
from .engine import Engine
from .questions import Question

__all__ = ["Answer", "Engine", "Learning", "Procedure", "Question"]
