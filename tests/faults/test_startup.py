"""A missing or damaged index or model stops the bot at start, with a sentence saying what to do."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT
from bot.retrieval import artifact


def _serve(index_dir: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess:
    keep = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REFLECT_"))}
    return subprocess.run(
        [sys.executable, "-m", "bot", "serve"], cwd=PROJECT_ROOT, capture_output=True, text=True,
        timeout=180, env={**keep, "SLACK_BOT_TOKEN": "xoxb-x", "SLACK_SIGNING_SECRET": "s",
                          "REFLECT_PORT": "1", "REFLECT_INDEX_DIR": str(index_dir),
                          "REFLECT_DATA_DIR": str(tmp_path / "data"), **env})


def _damaged_copy(seed_index: Path, tmp_path: Path) -> tuple[Path, Path]:
    index_dir = tmp_path / "index"
    shutil.copytree(seed_index, index_dir)
    live = artifact.live_version(index_dir)
    assert live is not None
    return index_dir, live


DAMAGE = {
    "vectors truncated": lambda v: (v / "vectors.faiss").write_bytes(
        (v / "vectors.faiss").read_bytes()[:1000]),
    "chunks cut mid-line": lambda v: (v / "chunks.jsonl").write_text('{"text": "half'),
    "manifest garbled": lambda v: (v / "manifest.json").write_text("{not json"),
    "lexical index gone": lambda v: shutil.rmtree(v / "lexical"),
}


@pytest.mark.parametrize("damage", list(DAMAGE))
def test_a_damaged_index_stops_the_start_with_what_to_do(damage, seed_settings, tmp_path):  # type: ignore[no-untyped-def]
    index_dir, live = _damaged_copy(seed_settings.index_dir, tmp_path)
    DAMAGE[damage](live)
    done = _serve(index_dir, tmp_path)
    assert done.returncode != 0
    assert "Traceback" not in done.stderr
    assert "damaged" in done.stderr and "reflect index build" in done.stderr


def test_no_index_at_all_stops_the_start_with_what_to_do(tmp_path):  # type: ignore[no-untyped-def]
    done = _serve(tmp_path / "nothing", tmp_path)
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "No index" in done.stderr and "reflect index build" in done.stderr


def test_a_damaged_model_stops_the_start_with_what_to_do(seed_settings, tmp_path):  # type: ignore[no-untyped-def]
    model = tmp_path / "model"
    model.mkdir()
    (model / "modules.json").write_text("[{broken")
    (model / "config.json").write_text("{}")
    index_dir, live = _damaged_copy(seed_settings.index_dir, tmp_path)
    manifest = json.loads((live / "manifest.json").read_text())
    (live / "manifest.json").write_text(json.dumps({**manifest, "model": str(model), "encoder": "torch"}))
    done = _serve(index_dir, tmp_path, REFLECT_MODEL=str(model))
    assert done.returncode != 0 and "Traceback" not in done.stderr
    assert "could not be loaded" in done.stderr and "scripts/setup-env" in done.stderr
