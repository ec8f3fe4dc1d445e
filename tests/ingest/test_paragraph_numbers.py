"""Whole-number paragraphs ("7.", "243.") are cited as such; a short numbered list stays a list."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.ingest import chunk_document, parse_document
from bot.ingest.layout_config import DATA, layout


def report(tmp_path: Path, paragraphs: int) -> Path:
    body = "\n\n".join(f"{n}. Inspectors found that practitioners saw child {n} alone at every visit "
                       "and recorded what the child said about home." for n in range(1, paragraphs + 1))
    path = tmp_path / "report.txt"
    path.write_text("# Inspection of children's services\n\n## Main findings\n\n" + body + "\n\n"
                    "## Recommendations\n\n1. See every child alone.\n\n2. Record their words.\n\n"
                    "## Next steps\n\nThe partnership should prepare a written statement.\n",
                    encoding="utf-8")
    return path


def test_a_document_that_numbers_its_paragraphs_is_cited_by_them(tmp_path: Path):
    chunks = chunk_document(parse_document(report(tmp_path, 14), tmp_path))
    findings = [c for c in chunks if c.section.startswith("Main findings")]
    assert findings[0].section == f"Main findings, para {findings[0].paragraphs}"
    assert findings[0].paragraphs.startswith("1-") or findings[0].paragraphs == "1"
    assert any(c.paragraphs.endswith("14") for c in findings)
    assert all(c.text.startswith(f"{c.paragraphs.split('-')[0]}. Inspectors") for c in findings)


def test_a_short_numbered_list_is_a_list(tmp_path: Path):
    chunks = chunk_document(parse_document(report(tmp_path, 3), tmp_path))
    assert not any(c.paragraphs for c in chunks)
    recommendations = next(c for c in chunks if c.section == "Recommendations")
    assert recommendations.text == "- See every child alone.\n- Record their words."


def test_the_layout_thresholds_are_data_and_checked(tmp_path: Path, monkeypatch):  # type: ignore[no-untyped-def]
    from bot.ingest import layout_config

    assert layout().paragraph_run >= 2
    data = yaml.safe_load(DATA.read_text(encoding="utf-8"))
    broken = tmp_path / "layout.yaml"
    broken.write_text(yaml.safe_dump({**data, "heading_size": -1, "extra": 2}), encoding="utf-8")
    monkeypatch.setattr(layout_config, "DATA", broken)
    layout_config.layout.cache_clear()
    try:
        with pytest.raises(ValueError, match="unknown \\['extra'\\]"):
            layout_config.layout()
        broken.write_text(yaml.safe_dump({**data, "heading_size": -1}), encoding="utf-8")
        with pytest.raises(ValueError, match="'heading_size' must be a positive number"):
            layout_config.layout()
    finally:
        layout_config.layout.cache_clear()
