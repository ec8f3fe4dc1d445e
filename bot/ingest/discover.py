"""Find every document file under the knowledge directory."""

from __future__ import annotations

import os
from pathlib import Path

from .metadata import SIDECAR_SUFFIX

_DATA_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")
_IGNORED_NAMES = ("readme.md", "readme.txt", ".gitkeep", ".ds_store")


def is_document_name(name: str) -> bool:
    """Curated data (YAML), sidecars, READMEs and hidden files are not documents."""
    low = name.lower()
    return not (name.startswith(".") or low.endswith(SIDECAR_SUFFIX) or low.endswith(_DATA_SUFFIXES)
                or low in _IGNORED_NAMES)


def discover(knowledge_dir: Path) -> list[Path]:
    """Every candidate document, subfolders included, in a stable order.

    Files of an unsupported type are returned too, so that the build can report them by name.
    """
    found = []
    for path in sorted(knowledge_dir.rglob("*")):
        rel = path.relative_to(knowledge_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        if is_document_name(path.name):
            found.append(path)
    return found


def document_sizes(knowledge_dir: Path) -> dict[Path, int]:
    """Every document's size in bytes: what discover() finds, in one cheap walk."""
    sizes: dict[Path, int] = {}
    stack = [str(knowledge_dir)]
    while stack:
        with os.scandir(stack.pop()) as entries:
            for entry in entries:
                if entry.name.startswith("."):
                    continue
                if entry.is_dir():
                    stack.append(entry.path)
                elif entry.is_file() and is_document_name(entry.name):
                    sizes[Path(entry.path)] = entry.stat().st_size
    return sizes
