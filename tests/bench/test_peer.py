"""The peer benchmark's parts that need no txtai: chunking, the cap, the scoring; and that
nothing the tests or the bot import needs txtai."""

from __future__ import annotations

import subprocess
import sys

from bot.bench.evaluation import EvalQuestion
from bot.bench.peer import ranks, score
from bot.bench.peer_index import PeerHit, cap_per_document, merge_paragraphs
from bot.config import PROJECT_ROOT


def paragraph(n: int, word: str) -> str:
    return " ".join([word] * n)


def test_paragraphs_merge_to_about_200_words_and_are_never_split():  # type: ignore[no-untyped-def]
    paragraphs = [paragraph(80, "a"), paragraph(90, "b"), paragraph(50, "c"), paragraph(250, "d"),
                  paragraph(10, "e"), " \n", paragraph(5, "f")]
    text = "\n\n".join(paragraphs)
    chunks = merge_paragraphs(text)
    assert [len(c.split()) for c in chunks] == [170, 50, 250, 15]
    assert chunks[0] == paragraph(80, "a") + "\n\n" + paragraph(90, "b")  # the boundary kept
    assert all(p in paragraphs for c in chunks for p in c.split("\n\n"))  # whole paragraphs only
    assert merge_paragraphs("one line\nwrapped\n\n\n\nnext") == ["one line wrapped\n\nnext"]
    assert merge_paragraphs("") == []
    assert merge_paragraphs(paragraph(30, "x"), words=10) == [paragraph(30, "x")]


def test_the_cap_keeps_two_passages_a_document_in_the_top_five():  # type: ignore[no-untyped-def]
    hits = [PeerHit(s, 1 - i / 10) for i, s in enumerate("AAABACDE")]
    assert [h.source for h in cap_per_document(hits)] == ["A", "A", "B", "C", "D"]
    assert [h.source for h in cap_per_document(hits, k=3, per_document=1)] == ["A", "B", "C"]


def test_hits_and_reciprocal_rank_count_the_five_passages_shown():  # type: ignore[no-untyped-def]
    assert ranks(["x", "y", "doc"], ["doc"]) == (0.0, 1.0, 1 / 3)
    assert ranks(["doc"], ["doc", "other"]) == (1.0, 1.0, 1.0)
    assert ranks(["a", "b", "c", "d", "e", "doc"], ["doc"]) == (0.0, 0.0, 0.0)
    questions = [EvalQuestion("q1", ["d1"], "answer"), EvalQuestion("q2", ["d2"], "answer"),
                 EvalQuestion("q3", [], "no_match")]
    figures = score([["d1"], ["x", "d2"], ["d1"]], questions)
    assert figures == {"answerable": 2, "hit@1": 0.5, "hit@5": 1.0, "mrr": 0.75}


def test_the_bot_and_the_peer_chunking_import_without_txtai():  # type: ignore[no-untyped-def]
    blocked = ("import sys; sys.modules['txtai'] = None; import bot.cli, bot.bench, bot.bench.peer; "
               "from bot.bench.peer_index import merge_paragraphs; assert merge_paragraphs('a\\n\\nb')")
    done = subprocess.run([sys.executable, "-c", blocked], cwd=PROJECT_ROOT, capture_output=True,
                          text=True, check=False)
    assert done.returncode == 0, done.stderr[-800:]


def test_txtai_stays_out_of_the_main_install_and_of_scripts_test():  # type: ignore[no-untyped-def]
    import tomllib

    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text())["project"]
    assert not any(d.startswith("txtai") for d in project["dependencies"])
    assert any(d.startswith("txtai") for d in project["optional-dependencies"]["peer"])
    for script in ("test", "setup-env", "run"):
        assert "txtai" not in (PROJECT_ROOT / "scripts" / script).read_text()
        assert "peer" not in (PROJECT_ROOT / "scripts" / script).read_text()
    assert "txtai==" in (PROJECT_ROOT / "requirements.lock").read_text()
