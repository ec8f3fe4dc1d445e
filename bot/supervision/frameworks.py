"""Supervision frameworks from knowledge/frameworks.yaml, validated so a mistake names its step."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from bot.curated.loaders import CurationError, _load_yaml

AUDIENCES = ("individual", "team")
STEP_FLAGS = ("learning", "scale", "panels", "actions")
_FILE_KEYS = frozenset({"functions", "frameworks"})
_FUNCTION_KEYS = frozenset({"id", "label", "description"})
_FRAMEWORK_KEYS = frozenset({"id", "name", "summary", "audience", "needs_review", "stakeholders", "steps"})
_STEP_KEYS = frozenset({"id", "title", "prompts", "guidance", *STEP_FLAGS})
_SNAKE = re.compile(r"[a-z][a-z0-9_]*")
_MIN_STEPS = 3


class FrameworkError(CurationError):
    """frameworks.yaml is missing or malformed; the message names the file, framework and step."""


@dataclass(frozen=True)
class Function:
    id: str
    label: str
    description: str


@dataclass(frozen=True)
class Step:
    id: str
    title: str
    prompts: tuple[str, ...]
    guidance: str
    learning: bool = False  # post review learning when the session reaches this step
    scale: bool = False  # ask for a 0-10 rating
    panels: bool = False  # show the chosen review's panels
    actions: bool = False  # capture the action plan


@dataclass(frozen=True)
class Framework:
    id: str
    name: str
    summary: str
    audience: str
    needs_review: bool
    stakeholders: tuple[str, ...]
    steps: tuple[Step, ...]

    def step(self, index: int) -> Step:
        """The step at a position in the session."""
        return self.steps[index]

    def step_index(self, step_id: str) -> int:
        """The position of a step, by id."""
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        raise KeyError(f"framework '{self.id}' has no step '{step_id}'")


@dataclass(frozen=True)
class Frameworks:
    functions: tuple[Function, ...]
    frameworks: tuple[Framework, ...]

    def get(self, framework_id: str) -> Framework:
        """The framework with this id."""
        for framework in self.frameworks:
            if framework.id == framework_id:
                return framework
        known = ", ".join(f.id for f in self.frameworks)
        raise KeyError(f"no framework '{framework_id}'; the known ones are {known}")

    def name_of(self, framework_id: str) -> str:
        """The framework's name people see ('4x4x4'), or its id when it is no longer shipped."""
        return next((f.name for f in self.frameworks if f.id == framework_id), framework_id)

    def function_label(self, function_id: str) -> str:
        """The label people see for a function of supervision."""
        for function in self.functions:
            if function.id == function_id:
                return function.label
        raise KeyError(f"no supervision function '{function_id}'")


def load_frameworks(path: Path) -> Frameworks:
    """The functions of supervision and the frameworks, in file order, validated."""
    data = _read(path)
    functions = tuple(_function(item, n, path.name)
                      for n, item in enumerate(_entries(data, "functions", path.name), 1))
    _check_unique([f.id for f in functions], f"{path.name}, function")
    frameworks = tuple(_framework(item, n, path.name)
                       for n, item in enumerate(_entries(data, "frameworks", path.name), 1))
    _check_unique([f.id for f in frameworks], f"{path.name}, framework")
    return Frameworks(functions, frameworks)


def _read(path: Path) -> dict[str, object]:
    try:
        data = _load_yaml(path)
    except CurationError as exc:
        raise FrameworkError(str(exc)) from None
    if not isinstance(data, dict):
        raise FrameworkError(f"{path.name} must hold 'functions:' and 'frameworks:' sections")
    _check_keys(data, _FILE_KEYS, path.name)
    return data


def _entries(data: dict[str, object], key: str, where: str) -> list[object]:
    items = data.get(key)
    if not isinstance(items, list) or not items:
        raise FrameworkError(f"{where} must hold a list under '{key}:'")
    return items


def _function(item: object, n: int, file_name: str) -> Function:
    data, where = _entry(item, f"{file_name}, function", n, _FUNCTION_KEYS)
    return Function(str(data["id"]), _text(data, "label", where), _text(data, "description", where))


def _framework(item: object, n: int, file_name: str) -> Framework:
    data, where = _entry(item, f"{file_name}, framework", n, _FRAMEWORK_KEYS)
    name, summary = _text(data, "name", where), _text(data, "summary", where)
    audience = data.get("audience")
    if audience not in AUDIENCES:
        raise FrameworkError(f"{where}: audience must be {' or '.join(AUDIENCES)}, not '{audience}'")
    needs_review = _flag(data, "needs_review", where)
    steps = _steps(data.get("steps"), where)
    _check_actions(steps, where)
    _check_scale_and_panels(steps, needs_review, where)
    return Framework(str(data["id"]), name, summary, str(audience), needs_review,
                     _texts(data, "stakeholders", where), steps)


def _steps(items: object, where: str) -> tuple[Step, ...]:
    if not isinstance(items, list) or len(items) < _MIN_STEPS:
        count = len(items) if isinstance(items, list) else 0
        raise FrameworkError(f"{where} needs a list of at least {_MIN_STEPS} steps, has {count}")
    steps = tuple(_step(item, n, where) for n, item in enumerate(items, 1))
    _check_unique([s.id for s in steps], f"{where}, step")
    return steps


def _step(item: object, n: int, framework_where: str) -> Step:
    data, where = _entry(item, f"{framework_where}, step", n, _STEP_KEYS)
    title = _text(data, "title", where)
    prompts = _texts(data, "prompts", where)
    if not prompts:
        raise FrameworkError(f"{where} needs at least one prompt (a question the supervisor asks)")
    flags = {flag: _flag(data, flag, where) for flag in STEP_FLAGS}
    return Step(str(data["id"]), title, prompts, _text(data, "guidance", where), **flags)


def _check_actions(steps: tuple[Step, ...], where: str) -> None:
    """Exactly one step captures the action plan, and it is the last: supervision ends in a plan."""
    for step in steps[:-1]:
        if step.actions:
            raise FrameworkError(f"{where}, step '{step.id}' has actions: true but is not the last "
                                 "step; only the last step captures the action plan")
    if not steps[-1].actions:
        raise FrameworkError(f"{where}, step '{steps[-1].id}' is the last step and must capture "
                             "the action plan (actions: true)")


def _check_scale_and_panels(steps: tuple[Step, ...], needs_review: bool, where: str) -> None:
    scales = [s for s in steps if s.scale]
    if len(scales) > 1:
        raise FrameworkError(f"{where}, step '{scales[1].id}' has scale: true, but step "
                             f"'{scales[0].id}' already asks for the 0-10 rating; keep one")
    panels = [s for s in steps if s.panels]
    if panels and not needs_review:
        raise FrameworkError(f"{where}, step '{panels[0].id}' shows a review's panels, so the "
                             "framework needs needs_review: true")
    if needs_review and not panels:
        raise FrameworkError(f"{where} has needs_review: true but no step with panels: true "
                             "to show the review")


def _entry(item: object, place: str, n: int, allowed: frozenset[str]) -> tuple[dict[str, object], str]:
    """The entry as a mapping, and where it is, named by its id once the id is known to be good."""
    if not isinstance(item, dict):
        raise FrameworkError(f"{place} {n} is not a mapping of 'key: value' lines")
    entry_id = item.get("id")
    if not isinstance(entry_id, str) or not _SNAKE.fullmatch(entry_id):
        raise FrameworkError(f"{place} {n}: id '{entry_id or ''}' must be lower-case snake_case")
    where = f"{place} '{entry_id}'"
    _check_keys(item, allowed, where)
    return item, where


def _check_keys(data: dict[str, object], allowed: frozenset[str], where: str) -> None:
    unknown = sorted(str(key) for key in data if key not in allowed)
    if unknown:
        raise FrameworkError(f"{where}: unknown key(s) {', '.join(unknown)}; "
                             f"the allowed keys are {', '.join(sorted(allowed))}")


def _check_unique(ids: list[str], place: str) -> None:
    seen: set[str] = set()
    for entry_id in ids:
        if entry_id in seen:
            raise FrameworkError(f"{place} '{entry_id}': the id is used twice")
        seen.add(entry_id)


def _text(data: dict[str, object], key: str, where: str) -> str:
    value = data.get(key)
    text = " ".join(value.split()) if isinstance(value, str) else ""
    if not text:
        raise FrameworkError(f"{where} needs a {key} (non-empty text)")
    return text


def _texts(data: dict[str, object], key: str, where: str) -> tuple[str, ...]:
    """An optional list of non-empty texts, whitespace normalised (an absent key is an empty list)."""
    items = data.get(key, [])
    if not isinstance(items, list):
        raise FrameworkError(f"{where}: {key} must be a list")
    texts = tuple(" ".join(item.split()) if isinstance(item, str) else "" for item in items)
    if "" in texts:
        raise FrameworkError(f"{where}: {key} has an empty or non-text entry")
    return texts


def _flag(data: dict[str, object], key: str, where: str) -> bool:
    value = data.get(key, False)
    if not isinstance(value, bool):
        raise FrameworkError(f"{where}: {key} must be true or false, not '{value}'")
    return value
