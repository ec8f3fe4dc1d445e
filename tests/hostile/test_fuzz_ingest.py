"""Damaged, random and bomb-like files are refused with a reason a person can read, never a crash."""

from __future__ import annotations

import io
import tempfile
import time
import zipfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.ingest import UnreadableDocument, parse_document
from bot.ingest.readers import MAX_BYTES, SUPPORTED
from tests.ingest.test_formats import make_pdf

FUZZ = settings(derandomize=True, max_examples=40, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
FINDING = "Practitioners did not see the child alone at any of the home visits that year."


@cache
def real_pdf() -> bytes:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "real.pdf"
        make_pdf(path, [["Child Z Learning Review", "1. Findings", f"1.1 {FINDING}"],
                        ["2. Recommendations", "2.1 See every child alone at every visit."]])
        return path.read_bytes()


@cache
def real_docx() -> bytes:
    import docx

    document = docx.Document()
    document.add_heading("Child Z Learning Review", level=1)
    document.add_heading("Findings", level=2)
    document.add_paragraph(FINDING)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def read(tmp_path: Path, name: str, content: bytes) -> None:
    """Parse a file; anything but a document or UnreadableDocument fails the test."""
    path = tmp_path / name
    path.write_bytes(content)
    try:
        parse_document(path, tmp_path)
    except UnreadableDocument as exc:
        assert str(exc) and "Traceback" not in str(exc)
    finally:
        path.unlink()


@FUZZ
@given(suffix=st.sampled_from(SUPPORTED),
       head=st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b"<html><h1>", b"# Child\n\n",
                             b"\xef\xbb\xbf", b"\xff\xfe"]),
       body=st.binary(max_size=3000))
def test_random_bytes_under_any_supported_name_are_read_or_refused(tmp_path, suffix, head, body):  # type: ignore[no-untyped-def]
    read(tmp_path, f"fuzz{suffix}", head + body)


@FUZZ
@given(kind=st.sampled_from(["pdf", "docx"]), cut=st.floats(0.0, 1.0),
       flips=st.lists(st.tuples(st.floats(0.0, 1.0), st.integers(0, 255)), max_size=8))
def test_a_truncated_or_corrupted_pdf_or_docx_is_read_or_refused(tmp_path, kind, cut, flips):  # type: ignore[no-untyped-def]
    data = bytearray(real_pdf() if kind == "pdf" else real_docx())
    for where, byte in flips:
        data[int(where * (len(data) - 1))] = byte
    read(tmp_path, f"damaged.{kind}", bytes(data[: max(1, int(cut * len(data)))]))


def zip_bomb_docx(path: Path, unpacked: int) -> None:
    """A real DOCX whose document.xml unpacks to `unpacked` bytes from a few hundred kilobytes."""
    with zipfile.ZipFile(io.BytesIO(real_docx())) as source, \
            zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as bomb:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                bomb.writestr(item, source.read(item))
        head, tail = source.read("word/document.xml").split(b"</w:body>")
        with bomb.open("word/document.xml", "w", force_zip64=True) as xml:
            xml.write(head)
            chunk = b" " * (1 << 20)  # whitespace between elements: still valid XML
            for _ in range(unpacked // len(chunk)):
                xml.write(chunk)
            xml.write(b"</w:body>" + tail)


def test_a_zip_bomb_docx_is_refused_quickly_with_a_reason(tmp_path):  # type: ignore[no-untyped-def]
    path = tmp_path / "review.docx"
    zip_bomb_docx(path, 6 * MAX_BYTES)
    assert path.stat().st_size < MAX_BYTES
    started = time.perf_counter()
    with pytest.raises(UnreadableDocument, match="expands to more than 200 MB"):
        parse_document(path, tmp_path)
    assert time.perf_counter() - started < 2


def test_a_pdf_cut_off_mid_file_is_refused_with_a_reason(tmp_path):  # type: ignore[no-untyped-def]
    data = real_pdf()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(UnreadableDocument, match="could not be read as PDF|no readable text"):
        parse_document(path, tmp_path)
