"""Answers: cited learning, themes, reflection questions and procedures for a prompt."""

from .answer import Answer, Engine, Learning, Procedure
from .questions import Question

__all__ = ["Answer", "Engine", "Learning", "Procedure", "Question"]
