"""`reflect bench` at its smallest size: every section measured, in one run (a smoke test)."""

from __future__ import annotations

import json

from bot.bench import main as bench_main


def test_the_quick_benchmark_measures_every_section(seed_settings, tmp_path, capsys):  # type: ignore[no-untyped-def]
    out = tmp_path / "bench.json"
    assert bench_main(seed_settings, out, "quick") == 0
    figures = json.loads(out.read_text())
    build = figures["build"]
    # measured and reported, not bounded: a ratio of two timings moves with the machine's load
    assert build["chunks"] > 50 and build["build_vs_encode"] > 0
    assert build["passages_per_s"] > 0 and build["encoder"] == "onnx-int8"
    encoders = figures["passage_encoders"]
    assert encoders["passages"] == build["chunks"]
    assert encoders["onnx-int8"]["passages_per_s"] > 0 and encoders["torch"]["passages_per_s"] > 0
    assert encoders["cosine_min"] > 0.99  # ONNX passages follow torch's
    assert figures["add_review"]["embedded"] > 0
    assert figures["warm_ask"]["ms"]["n"] == 90 and figures["warm_ask"]["ms"]["p50"] > 0
    assert figures["warm_ask_other_language"]["ms"]["n"] == 60  # bridged: measured, not bounded
    assert figures["redaction"]["ms"]["n"] == 300 and figures["redaction"]["ms"]["p95"] > 0
    assert figures["agreement"]["cosine_mean"] > 0.99  # the ONNX query encoder follows torch
    assert figures["process"]["cold_start_seconds"] > 0 and figures["process"]["peak_mb"] > 50
    (scaled,) = figures["scaled"]
    assert scaled["chunks"] == 3000 and scaled["process"]["chunks"] == 3000
    assert scaled["ivf-ip_recall_at_10"] > 0.9 and scaled["flat-ip_ms"]["p50"] > 0
    shown = capsys.readouterr().out
    assert "perturbed copies" in shown and "cold start" in shown and "redaction" in shown
    assert "translated prompts (bridged to English themes)" in shown
    assert "passages/s (onnx-int8, with their " in shown and "passage encoder" in shown
