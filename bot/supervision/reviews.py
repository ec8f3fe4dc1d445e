"""The reviews a team can learn from, and a review's panels, read from the live index."""

from __future__ import annotations

import json
from pathlib import Path

from ..reflection import Engine
from ..retrieval.artifact import live_version


def reviews_of(engine: Engine) -> dict[str, str]:
    """Document path -> its title with year, for every review in the index (not procedures or
    statutory guidance, which a team reads differently)."""
    return reviews_in({"documents": engine.documents()})


def reviews_in(manifest: dict) -> dict[str, str]:
    documents = manifest.get("documents", {})
    return {path: f"{d.get('title')} ({d.get('year') or 'year unknown'})"
            for path, d in documents.items() if d.get("kind") not in ("procedure", "guidance")}


def live_manifest(index_dir: Path) -> dict:
    """The live index's manifest without loading the index ({} when there is none)."""
    version = live_version(index_dir)
    return json.loads((version / "manifest.json").read_text()) if version else {}


def review_title(engine: Engine, path: str) -> str:
    """The bare title ('Child H'), which also keeps a learning search to that review."""
    if not path:
        return ""
    return str(engine.documents().get(path, {}).get("title") or "")


def review_panels(engine: Engine, path: str) -> list[tuple[str, str]]:
    """The review's sections in order, each with its whole text, one passage or list item to a
    line, for a team to read."""
    panels: dict[str, list[str]] = {}
    for chunk in engine.passages(path):
        panels.setdefault(chunk.section or chunk.title, []).append(chunk.text)
    return [(section, "\n".join(texts)) for section, texts in panels.items()]
