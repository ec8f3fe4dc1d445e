"""A document's metadata: from the sidecar file beside it, or inferred from its text."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import yaml

SIDECAR_SUFFIX = ".meta.yaml"
KINDS = ("briefing", "overview report", "action plan template", "procedure", "other")
FIELDS = ("title", "aliases", "partnership", "nation", "review_type", "year", "kind", "guidance",
          "source", "provenance")


def sidecar_path(path: Path) -> Path:
    """Where a document's metadata lives: `name.ext.meta.yaml` beside it."""
    return path.with_name(path.name + SIDECAR_SUFFIX)


def read_sidecar(path: Path) -> tuple[dict, list[str]]:
    """The sidecar's fields, and warnings for anything in it that was ignored."""
    side = sidecar_path(path)
    if not side.exists():
        return {}, []
    try:
        data = yaml.safe_load(side.read_text(encoding="utf-8")) or {}
    except (yaml.YAMLError, UnicodeDecodeError) as exc:
        return {}, [f"{side.name} is not valid YAML ({type(exc).__name__}); metadata inferred"]
    if not isinstance(data, dict):
        return {}, [f"{side.name} is not a mapping of fields; metadata inferred"]
    warnings = [f"{side.name}: unknown field '{k}' ignored" for k in data if k not in FIELDS]
    meta = {k: v for k, v in data.items() if k in FIELDS}
    if meta.get("kind") not in (None, *KINDS):
        warnings.append(f"{side.name}: kind '{meta['kind']}' is not one of {', '.join(KINDS)}")
        meta["kind"] = "other"
    if meta.get("year") is not None and not isinstance(meta["year"], int):
        warnings.append(f"{side.name}: year '{meta['year']}' is not a number; ignored")
        meta["year"] = None
    return meta, warnings


_CHILD_NAME = re.compile(r"\b(Child [A-Z][A-Za-z0-9]{0,3}(?:/[A-Z0-9]{1,3})?)\b")
_YEAR = re.compile(r"\b(19[5-9]\d|20\d\d)\b")


def infer_metadata(text: str, path: Path) -> dict:
    """Title, year and kind guessed from a document's opening, for files with no sidecar."""
    head = text[:4000]
    child = _CHILD_NAME.search(head)
    heading = next(
        (re.sub(r"[#*]", "", line).strip() for line in head.splitlines()
         if re.sub(r"[#*\s]", "", line) and len(line.split()) <= 14),
        path.stem,
    )
    years = [int(y) for y in _YEAR.findall(head) if int(y) <= dt.date.today().year]
    low, title = head.lower(), heading.lower()
    kind = ("procedure" if re.search(r"procedure|protocol|practice guidance", title)
            else "briefing" if "briefing" in low or "learning brief" in low
            else "overview report" if "overview report" in low else "other")
    return {
        "title": child.group(1) if child else heading[:120],
        "year": max(years) if years else None,
        "kind": kind,
    }


def document_metadata(path: Path, text: str) -> tuple[dict, list[str]]:
    """The sidecar's metadata, with anything it leaves out inferred from the text."""
    meta, warnings = read_sidecar(path)
    inferred = infer_metadata(text, path)
    for key, value in inferred.items():
        if meta.get(key) in (None, ""):
            meta[key] = value
    meta.setdefault("aliases", [])
    if not isinstance(meta["aliases"], list):
        meta["aliases"] = [str(meta["aliases"])]
    return meta, warnings
