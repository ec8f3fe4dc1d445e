"""Admins add, change and remove documents; the running bot picks up each new index version."""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import threading
import time
from dataclasses import replace

import pytest

from bot.config import PROJECT_ROOT, Settings
from bot.reflection import Engine
from bot.retrieval import artifact
from bot.retrieval.build import build_index
from tests.conftest import SEEDS, copy_seeds

NEW_REVIEW = """# Child Z: learning brief

## Background

Z was a seven-month-old baby who lived with her mother and maternal grandmother.

## Findings

- Practitioners did not consider the risk posed by the grandmother's new lodger, who had a
  conviction for harming a child and moved into the family home without any agency knowing.
- Nobody asked who else was living in the household or staying overnight.

## Recommendations

- Every assessment should record who lives in the household and who stays overnight, lodgers
  included, and check them with the police.
"""
LODGER = "grandma has taken in a lodger with a conviction for hurting a child, does anyone check"


@pytest.fixture
def small(tmp_path, embedder):  # type: ignore[no-untyped-def]
    knowledge = copy_seeds(tmp_path / "knowledge", "LI", "X1X2")
    for name in ("themes.yaml", "questions.yaml", "abbreviations.yaml"):
        (knowledge / name).write_bytes((PROJECT_ROOT / "knowledge" / name).read_bytes())
    settings = Settings(knowledge_dir=knowledge, index_dir=tmp_path / "index",
                        data_dir=tmp_path / "data",
                        database_url=f"sqlite:///{tmp_path / 'data' / 'r.db'}")
    build_index(knowledge, settings.index_dir, embedder)
    return settings, Engine(settings, embedder)


def sources(engine: Engine, text: str) -> set[str]:
    return {item.source for item in engine.ask(text).learning}


def test_add_change_and_remove_a_review_while_the_bot_runs(small, embedder):  # type: ignore[no-untyped-def]
    settings, engine = small
    assert "reviews/child-z.md" not in sources(engine, LODGER)
    review = settings.knowledge_dir / "reviews" / "child-z.md"
    review.write_text(NEW_REVIEW, encoding="utf-8")
    report = build_index(settings.knowledge_dir, settings.index_dir, embedder)
    assert report.added == ["reviews/child-z.md"]
    assert engine.refresh(force=True)
    answer = engine.ask(LODGER)
    assert answer.learning[0].source == "reviews/child-z.md"
    assert "lodger" in answer.learning[0].text

    review.write_text(NEW_REVIEW.replace("lodger", "boarder"), encoding="utf-8")
    assert build_index(settings.knowledge_dir, settings.index_dir, embedder).changed == [
        "reviews/child-z.md"]
    engine.refresh(force=True)
    changed = [i for i in engine.ask(LODGER).learning if i.source == "reviews/child-z.md"]
    assert changed and all("boarder" in i.text and "lodger" not in i.text for i in changed)

    review.unlink()
    assert build_index(settings.knowledge_dir, settings.index_dir, embedder).removed == [
        "reviews/child-z.md"]
    engine.refresh(force=True)
    assert "reviews/child-z.md" not in sources(engine, LODGER)


def test_asks_running_during_a_switch_all_succeed(small, embedder):  # type: ignore[no-untyped-def]
    settings, engine = small
    failures: list[BaseException] = []
    answered = []
    stop = threading.Event()

    def keep_asking() -> None:
        while not stop.is_set():
            try:
                answer = engine.ask("bruising on a toddler on a CIN plan, mum has no explanation")
                answered.append(bool(answer.learning))
            except BaseException as exc:  # noqa: BLE001 - any failure fails the test
                failures.append(exc)

    workers = [threading.Thread(target=keep_asking) for _ in range(3)]
    for worker in workers:
        worker.start()
    (settings.knowledge_dir / "reviews" / "child-z.md").write_text(NEW_REVIEW, encoding="utf-8")
    for n in range(3):  # three new versions while answers are being served
        build_index(settings.knowledge_dir, settings.index_dir, embedder)
        engine.refresh(force=True)
        (settings.knowledge_dir / "reviews" / "child-z.md").write_text(
            NEW_REVIEW + f"\n- Extra learning point number {n}.\n", encoding="utf-8")
    after_last, deadline = len(answered), time.time() + 20
    while len(answered) < after_last + 5 and time.time() < deadline:  # answers on the last version
        time.sleep(0.02)
    stop.set()
    for worker in workers:
        worker.join()
    assert failures == [] and len(answered) > 10 and all(answered)


def test_a_build_killed_part_way_leaves_the_live_index_serving(small):  # type: ignore[no-untyped-def]
    settings, engine = small
    before = artifact.live_version(settings.index_dir)
    expected = [i.text for i in engine.ask(LODGER).learning]
    big = settings.knowledge_dir / "reviews" / "003.txt"
    big.write_bytes((PROJECT_ROOT / "knowledge" / SEEDS["B1"]).read_bytes())
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REFLECT_"))}
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "index", "build", "--knowledge-dir",
         str(settings.knowledge_dir), "--index-dir", str(settings.index_dir)],
        cwd=PROJECT_ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    assert process.stderr is not None
    for line in process.stderr:  # wait until it is embedding the long review, then kill it
        if line.startswith("Embedding passages"):
            break
    time.sleep(1.0)
    assert process.poll() is None, "the build finished before it could be killed"
    process.send_signal(signal.SIGKILL)
    process.wait()
    assert artifact.live_version(settings.index_dir) == before
    fresh = Engine(replace(settings), engine.embedder)
    assert [i.text for i in fresh.ask(LODGER).learning] == expected


def test_a_full_disk_while_writing_the_index_leaves_the_live_index_serving(small):  # type: ignore[no-untyped-def]
    settings, engine = small
    before = artifact.live_version(settings.index_dir)
    expected = [i.text for i in engine.ask(LODGER).learning]
    (settings.knowledge_dir / "reviews" / "z.md").write_text(NEW_REVIEW)

    def disk_nearly_full() -> None:  # no file may grow past 32 KB: writes fail as on a full disk
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (32_000, 32_000))

    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "REFLECT_"))}
    done = subprocess.run(
        [sys.executable, "-m", "bot", "index", "build", "--knowledge-dir",
         str(settings.knowledge_dir), "--index-dir", str(settings.index_dir)],
        cwd=PROJECT_ROOT, env=env, capture_output=True, text=True, preexec_fn=disk_nearly_full)
    assert done.returncode == 1
    assert "is the disk full?" in done.stderr and "live index is unchanged" in done.stderr
    assert "Traceback" not in done.stderr
    assert artifact.live_version(settings.index_dir) == before
    assert not list(settings.index_dir.glob(".v-*.tmp")), "the half-written version was left behind"
    fresh = Engine(replace(settings), engine.embedder)
    assert [i.text for i in fresh.ask(LODGER).learning] == expected


def test_a_second_build_at_once_is_refused_with_a_message(small, embedder):  # type: ignore[no-untyped-def]
    from bot.retrieval.build import BuildError, build_lock

    settings, _ = small
    with build_lock(settings.index_dir), pytest.raises(BuildError, match="Another index build"):
        build_index(settings.knowledge_dir, settings.index_dir, embedder)
