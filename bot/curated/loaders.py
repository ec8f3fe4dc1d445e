"""Load and validate the curated YAML files, failing with a message that names the problem."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml


class CurationError(ValueError):
    """A curated data file is missing or malformed; the message says which and where."""


@dataclass(frozen=True)
class Theme:
    id: str
    label: str
    definition: str
    terms: tuple[str, ...]
    under_months: int | None = None  # for children younger than this only (non-mobile babies)


def _load_yaml(path: Path) -> object:
    if not path.exists():
        raise CurationError(f"{path} is missing; it ships with the project, restore it from git")
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise CurationError(f"{path} is not valid YAML: {exc}") from None


def load_themes(path: Path) -> list[Theme]:
    """The practice-theme taxonomy, validated: unique snake_case ids, a label, a definition, terms."""
    data = _load_yaml(path)
    items = data.get("themes") if isinstance(data, dict) else None
    if not isinstance(items, list) or not items:
        raise CurationError(f"{path} must hold a list under 'themes:'")
    themes: list[Theme] = []
    seen: set[str] = set()
    for n, item in enumerate(items, 1):
        where = f"{path.name}, theme {n}"
        if not isinstance(item, dict):
            raise CurationError(f"{where} is not a mapping")
        theme_id = str(item.get("id") or "")
        if not re.fullmatch(r"[a-z][a-z0-9_]*", theme_id):
            raise CurationError(f"{where}: id '{theme_id}' must be snake_case")
        if theme_id in seen:
            raise CurationError(f"{where}: id '{theme_id}' is used twice")
        seen.add(theme_id)
        terms = item.get("terms")
        if not item.get("label") or not item.get("definition"):
            raise CurationError(f"{where} ({theme_id}) needs a label and a definition")
        if not isinstance(terms, list) or not terms:
            raise CurationError(f"{where} ({theme_id}) needs a list of terms")
        under = item.get("under_months")
        if under is not None and (isinstance(under, bool) or not isinstance(under, int) or under < 1):
            raise CurationError(f"{where} ({theme_id}): under_months must be a whole number of months")
        themes.append(Theme(theme_id, str(item["label"]).strip(), " ".join(
            str(item["definition"]).split()), tuple(str(t).lower().strip() for t in terms), under))
    return themes


def load_question_bank(path: Path, theme_ids: set[str]) -> dict[str | None, list[str]]:
    """Reflection questions keyed by theme id (None for the general ones), checked against themes."""
    data = _load_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("themes"), dict):
        raise CurationError(f"{path} must hold 'general:' and 'themes:' sections")
    bank: dict[str | None, list[str]] = {None: _questions(data.get("general"), path, "general")}
    for theme_id, questions in data["themes"].items():
        if theme_id not in theme_ids:
            raise CurationError(f"{path.name}: theme '{theme_id}' is not in themes.yaml")
        bank[theme_id] = _questions(questions, path, theme_id)
    missing = sorted(theme_ids - set(bank))
    if missing:
        raise CurationError(f"{path.name}: no questions for theme(s) {', '.join(missing)}")
    return bank


def _questions(items: object, path: Path, where: str) -> list[str]:
    if not isinstance(items, list) or not items:
        raise CurationError(f"{path.name}: '{where}' needs a list of questions")
    questions = [" ".join(str(q).split()) for q in items]
    for q in questions:
        if not q.endswith("?"):
            raise CurationError(f"{path.name}: '{where}' holds a question without '?': {q[:60]}")
    return questions


def load_abbreviations(path: Path) -> dict[str, str]:
    """Abbreviation to expansion, lower case."""
    data = _load_yaml(path)
    if not isinstance(data, dict):
        raise CurationError(f"{path} must be a mapping of abbreviation: expansion")
    return {str(k).lower(): str(v) for k, v in data.items() if v}
