"""Shared test parts: the real model (loaded once), a real index over the seed documents."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.retrieval.build import build_index
from bot.retrieval.embedder import Embedder

KNOWLEDGE = PROJECT_ROOT / "knowledge"
SEEDS = {
    "LI": "reviews/000_5fe2abf908bc8abd.txt",
    "X1X2": "reviews/001_2a758f6fd02fc0ea.txt",
    "H": "reviews/002_7a467496ac392b77.txt",
    "B1": "reviews/003_e13a5e6436212c0a.txt",
    "ALICE": "reviews/004_b72eff0192b0dcbe.txt",
}


@pytest.fixture(scope="session")
def embedder() -> Embedder:
    return Embedder()


@pytest.fixture(scope="session")
def seed_settings(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Settings:
    """Settings over the project's knowledge folder with an index built for this test session."""
    index_dir = tmp_path_factory.mktemp("index")
    build_index(KNOWLEDGE, index_dir, embedder)
    data = tmp_path_factory.mktemp("data")
    return Settings(knowledge_dir=KNOWLEDGE, index_dir=index_dir, data_dir=data,
                    database_url=f"sqlite:///{data / 'records.db'}")


@pytest.fixture(scope="session")
def engine(seed_settings: Settings):  # type: ignore[no-untyped-def]
    """The engine as it serves: its own query encoder (ONNX), over the seeds' index."""
    from bot.reflection import Engine

    return Engine(seed_settings)


def copy_seeds(dest: Path, *names: str) -> Path:
    """A knowledge folder holding the named seed documents and their sidecars."""
    for name in names:
        rel = SEEDS[name]
        target = dest / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(KNOWLEDGE / rel, target)
        shutil.copy(KNOWLEDGE / f"{rel}.meta.yaml", target.with_name(target.name + ".meta.yaml"))
    return dest
