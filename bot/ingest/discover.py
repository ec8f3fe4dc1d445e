"""Find every document file under the knowledge directory."""

from __future__ import annotations

from pathlib import Path

from .metadata import SIDECAR_SUFFIX

_DATA_SUFFIXES = (".yaml", ".yml", ".json", ".jsonl")
_IGNORED_NAMES = ("readme.md", "readme.txt", ".gitkeep", ".ds_store")


def discover(knowledge_dir: Path) -> list[Path]:
    """Every candidate document, subfolders included, in a stable order.

    Curated data (YAML), sidecars, READMEs and hidden files are not documents. Files of an
    unsupported type are returned too, so that the build can report them by name.
    """
    found = []
    for path in sorted(knowledge_dir.rglob("*")):
        rel = path.relative_to(knowledge_dir)
        if any(part.startswith(".") for part in rel.parts) or not path.is_file():
            continue
        name = path.name.lower()
        if name.endswith(SIDECAR_SUFFIX) or name.endswith(_DATA_SUFFIXES) or name in _IGNORED_NAMES:
            continue
        found.append(path)
    return found
