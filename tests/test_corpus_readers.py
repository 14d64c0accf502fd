"""Readers of ``declutter dump``: JSON Lines (plain, gzip, zstd), WARC and WET, files; every
record numbered, nothing lost silently (bad lines and cut files become error records)."""

from __future__ import annotations

import ast
import gzip
import io
import json
import random
import subprocess
import sys
import typing
import zlib
from pathlib import Path

import pytest
from corpus_data import (
    crawl_records,
    html_page,
    http_response,
    rows,
    warc_record,
    wet_records,
    write_jsonl,
    write_warc,
)

import declutter.corpus.readers as readers
from declutter._errors import InputError
from declutter.corpus import Corpus, ReadOptions, compression, expand_inputs
from declutter.corpus.compression import open_read
from declutter.corpus.readers.base import InputKind
from declutter.corpus.records import Record

READER_MODULES = ["base", "jsonl", "warc", "files"]


def read(*specs: str | Path, options: ReadOptions | None = None) -> tuple[list[Record], Corpus]:
    corpus = Corpus(expand_inputs([str(s) for s in specs]), options)
    return list(corpus), corpus


@pytest.mark.parametrize("suffix", [".jsonl", ".jsonl.gz", ".jsonl.zst", ".ndjson"])
def test_jsonl_in_every_compression(tmp_path: Path, suffix: str) -> None:
    path = write_jsonl(tmp_path / f"docs{suffix}", rows(5))
    records, corpus = read(path)
    assert [r.position for r in records] == list(range(5))
    assert [r.id for r in records] == [f"doc-{i}" for i in range(5)]
    assert records[1].host == "site1.example" and records[1].format == "auto"
    assert records[0].payload == rows(1)[0]["text"]
    assert corpus.read_bytes == corpus.total_bytes == path.stat().st_size


def test_jsonl_fields_are_configurable(tmp_path: Path) -> None:
    items = [
        {"key": 7, "link": "http://www.a.org/x", "html": "<p>Hi</p>"},
        {"html": "<p>No id</p>"},
    ]
    path = write_jsonl(tmp_path / "docs.jsonl", items)
    options = ReadOptions(field="html", id_field="key", url_field="link", format="html")
    records, _ = read(path, options=options)
    assert [(r.id, r.url, r.host, r.format) for r in records] == [
        ("7", "http://www.a.org/x", "a.org", "html"),
        ("docs.jsonl:2", None, None, "html"),
    ]


def test_bad_json_lines_become_error_records(tmp_path: Path) -> None:
    lines = [json.dumps(rows(1)[0]), "{not json", '["a list"]', json.dumps({"body": "x"}), ""]
    lines.append(json.dumps({"id": "n", "text": 12}))
    records, _ = read(write_jsonl(tmp_path / "docs.jsonl", lines))
    assert [r.error is None for r in records] == [True, False, False, False, False]
    reasons = [r.error for r in records[1:]]
    assert reasons[0] is not None and reasons[0].startswith("line 2: not JSON")
    assert reasons[1:] == [
        "line 3: not a JSON object",
        "no field 'text' (fields: body)",
        "field 'text' is int, not str",
    ]
    assert [r.position for r in records] == [0, 1, 2, 3, 4]


def test_truncated_gzip_is_an_error_record_after_the_readable_records(tmp_path: Path) -> None:
    whole = write_jsonl(tmp_path / "whole.jsonl.gz", rows(400))
    cut = tmp_path / "cut.jsonl.gz"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    records, _ = read(cut)
    good, last = records[:-1], records[-1]
    assert 0 < len(good) < 400 and all(r.error is None for r in good)
    assert [r.id for r in good] == [f"doc-{i}" for i in range(len(good))]
    assert last.id == "cut.jsonl.gz#truncated" and last.position == len(good)
    assert last.error is not None and "truncated" in last.error and "end-of-stream" in last.error


def test_truncated_zstd_is_an_error_record(tmp_path: Path) -> None:
    whole = write_jsonl(tmp_path / "whole.jsonl.zst", rows(400))
    cut = tmp_path / "cut.jsonl.zst"
    cut.write_bytes(whole.read_bytes()[: whole.stat().st_size // 2])
    records, _ = read(cut)
    assert records[-1].error is not None and "zstandard stream ended" in records[-1].error
    assert all(r.error is None for r in records[:-1])


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_warc_html_responses_with_http_charset(tmp_path: Path, name: str) -> None:
    records, corpus = read(write_warc(tmp_path / name, crawl_records(4)))
    assert [r.url for r in records] == [f"https://site{i % 3}.example/p/{i}" for i in range(4)]
    first = records[0]
    assert first.format == "html" and first.charset == "utf-8" and first.host == "site0.example"
    assert first.payload == html_page(0).encode("utf-8")
    assert first.id.startswith("<urn:uuid:")
    assert dict(corpus.skipped) == {
        "warcinfo record": 1,
        "request record": 4,
        "non-HTML response": 1,
        "HTTP status 3xx": 1,
    }


def test_warc_charset_comes_from_the_http_header(tmp_path: Path) -> None:
    body = "<html><body><p>Café crème</p></body></html>".encode("cp1252")
    block = http_response(body, "text/html; charset=ISO-8859-1")
    path = write_warc(
        tmp_path / "a.warc.gz",
        [warc_record("response", "http://a.fr/", block, "application/http; msgtype=response")],
    )
    [record], _ = read(path)
    assert record.charset == "iso-8859-1" and record.payload == body


def test_wet_conversions_are_text(tmp_path: Path) -> None:
    records, corpus = read(write_warc(tmp_path / "crawl.warc.wet.gz", wet_records(3)))
    assert [(r.format, r.host) for r in records] == [
        ("text", "site0.example"), ("text", "site1.example"), ("text", "site2.example")
    ]  # fmt: skip
    assert corpus.skipped == {"warcinfo record": 1}


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_truncated_warc_is_an_error_record(tmp_path: Path, name: str) -> None:
    whole = write_warc(tmp_path / f"whole-{name}", crawl_records(20))
    cut = tmp_path / name
    cut.write_bytes(whole.read_bytes()[: int(whole.stat().st_size * 0.6)])
    records, _ = read(cut)
    good, last = records[:-1], records[-1]
    assert 5 < len(good) < 20 and all(r.error is None for r in good)
    assert last.id == f"{name}#truncated" and last.error is not None
    assert "truncated" in last.error and f"after {len(good)} records" in last.error


def test_files_directories_and_globs(tmp_path: Path) -> None:
    pages = tmp_path / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "a.txt").write_text("Plain text.", encoding="utf-8")
    (pages / "sub" / "b.html").write_text(html_page(1), encoding="utf-8")
    (pages / "notes.md").write_text("ignored", encoding="utf-8")
    records, _ = read(pages)
    assert [(r.id, r.format, r.payload[:5]) for r in records] == [
        ("a.txt", "text", b"Plain"),
        ("sub/b.html", "auto", b"<!DOC"),
    ]
    records, _ = read(str(pages / "**" / "*.html"), pages / "a.txt")
    assert [(r.position, r.id) for r in records] == [(0, "b.html"), (1, "a.txt")]


def test_inputs_that_name_nothing_are_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such file"):
        expand_inputs([str(tmp_path / "missing.jsonl")])
    (tmp_path / "x.csv").write_text("a,b", encoding="utf-8")
    with pytest.raises(InputError, match="unknown input type"):
        expand_inputs([str(tmp_path / "x.csv")])
    (tmp_path / "empty").mkdir()
    with pytest.raises(InputError, match=r"no \.jsonl"):
        expand_inputs([str(tmp_path / "empty")])


def test_positions_run_on_across_inputs(tmp_path: Path) -> None:
    a = write_jsonl(tmp_path / "a.jsonl", rows(2))
    b = write_warc(tmp_path / "b.warc.gz", crawl_records(2))
    records, corpus = read(a, b)
    assert [(r.position, r.source) for r in records] == [
        (0, "a.jsonl"), (1, "a.jsonl"), (2, "b.warc.gz"), (3, "b.warc.gz")
    ]  # fmt: skip
    assert corpus.read_bytes == a.stat().st_size + b.stat().st_size


def test_gzip_reader_streams(tmp_path: Path) -> None:
    path = tmp_path / "x.gz"
    path.write_bytes(gzip.compress(b"a\n" * 10))
    with open_read(path) as stream:
        assert stream.readline() == b"a\n"


@pytest.mark.parametrize("inflater", ["isal", "zlib"])
def test_gzip_reader_returns_every_byte_before_a_cut_with_either_inflater(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, inflater: str
) -> None:
    module = pytest.importorskip("isal.isal_zlib") if inflater == "isal" else zlib
    monkeypatch.setattr(compression, "_inflate_module", lambda: module)
    members = [bytes(random.Random(i).randbytes(150_000)) for i in range(3)]
    whole = b"".join(gzip.compress(m) for m in members) + b"\0" * 8  # padding after a member
    path = tmp_path / "x.gz"
    path.write_bytes(whole)
    with open_read(path) as stream:
        assert stream.read() == b"".join(members)
    first_two = len(gzip.compress(members[0])) + len(gzip.compress(members[1]))
    path.write_bytes(whole[: first_two + 100])  # cut inside the third member
    with open_read(path) as stream:
        data = b""
        with pytest.raises(EOFError, match="end-of-stream marker"):
            while piece := typing.cast(io.BufferedReader, stream).read1(1 << 16):
                data += piece
    assert data.startswith(members[0] + members[1])
    path.write_bytes(whole[:first_two] + b"not gzip")
    with open_read(path) as stream, pytest.raises((gzip.BadGzipFile, EOFError)):
        stream.read()  # zlib rejects the header at once; ISA-L waits for more bytes


@pytest.mark.parametrize("module", READER_MODULES)
def test_each_reader_module_imports_first_in_a_fresh_interpreter(module: str) -> None:
    name = f"declutter.corpus.readers.{module}"
    code = f"import {name}, declutter.corpus.readers as r; assert r.Corpus"
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize("module", READER_MODULES)
def test_reader_modules_do_not_import_the_package_back(module: str) -> None:
    path = Path(readers.__file__).parent / f"{module}.py"
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            imported |= {node.module, *(f"{node.module}.{a.name}" for a in node.names)}
        elif isinstance(node, ast.Import):
            imported |= {alias.name for alias in node.names}
    package = {"declutter.corpus.readers", "declutter.corpus"}
    assert imported & package == set()
    siblings = {f"declutter.corpus.readers.{m}" for m in READER_MODULES} - {
        f"declutter.corpus.readers.{module}"
    }
    allowed = set() if module == "base" else {"declutter.corpus.readers.base"}
    assert {i for i in imported if i in siblings} <= allowed


def test_every_input_kind_has_a_reader() -> None:
    assert set(readers.READERS) == set(typing.get_args(InputKind))


def test_warc_bodies_with_transfer_and_content_encodings_are_decoded(tmp_path: Path) -> None:
    body = html_page(3).encode("utf-8")
    packed = gzip.compress(body, mtime=0)
    chunked = (
        b"".join(
            b"%x\r\n%s\r\n" % (len(packed[i : i + 100]), packed[i : i + 100])
            for i in range(0, len(packed), 100)
        )
        + b"0\r\n\r\n"
    )
    head = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\n"
        b"Content-Encoding: gzip\r\nTransfer-Encoding: chunked\r\n\r\n"
    )
    plain = http_response(body, 'text/html; charset="UTF-8"')
    path = write_warc(
        tmp_path / "enc.warc",
        [
            warc_record("response", "https://a.example/1", head + chunked, "application/http"),
            warc_record("response", "https://a.example/2", plain, "application/http"),
        ],
    )
    records, _ = read(path)
    assert [(r.payload, r.charset) for r in records] == [(body, "utf-8"), (body, "utf-8")]
