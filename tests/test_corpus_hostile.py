"""Broken crawls and hostile records in ``declutter dump`` (issue 13): one record never stops a
dump, a corrupt WARC record never hides the records after it, nothing is held in memory
whole, and every input byte is a record, a skipped WARC record, or an error record."""

from __future__ import annotations

import base64
import gzip
import hashlib
import io
import json
import os
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from corpus_data import (
    crawl_records,
    html_page,
    http_response,
    read_jsonl,
    rows,
    warc_record,
    write_jsonl,
    write_warc,
)
from test_dump_cli import run

from declutter.corpus import Corpus, ReadOptions, expand_inputs
from declutter.corpus.limits import DUMP_MAX_BYTES, DUMP_MAX_SECONDS
from declutter.corpus.pool import Mapper
from declutter.corpus.process import CleanOptions, Worker
from declutter.corpus.readers.base import InputFile
from declutter.corpus.readers.jsonl import jsonl_drafts
from declutter.corpus.readers.warc_frames import Frame, Gap, read_all
from declutter.corpus.runner import DumpOptions, run_dump


def dump(inputs: list[Path], out: Path, *extra: str) -> Any:
    return run([*map(str, inputs), "-o", str(out), "-j", "1", "--no-progress", *extra])


def accounted(out: Path, errors: Path, stderr: str) -> tuple[list[Any], list[Any]]:
    """The written and failed records, after checking read = written + failed."""
    written, failed = read_jsonl(out), read_jsonl(errors)
    total = len(written) + len(failed)
    assert f"{total} records read = {len(written)} written + {len(failed)} failed" in stderr
    return written, failed


# Item 2: one JSON line nested 100,000 deep.


def test_a_line_nested_100000_deep_is_one_error_record(tmp_path: Path) -> None:
    deep = "[" * 100_000 + "]" * 100_000
    path = write_jsonl(tmp_path / "in.jsonl", [*rows(3), deep, '{"text": ' + deep + "}", *rows(2)])
    out = tmp_path / "out.jsonl"
    result = dump([path], out, "--max-failure-rate", "0.5")
    assert result.exit_code == 0, result.stderr
    written, failed = accounted(out, tmp_path / "out.errors.jsonl", result.stderr)
    assert len(written) == 5
    assert [(e["id"], e["stage"], e["reason"]) for e in failed] == [
        ("in.jsonl:4", "read", "line 4: JSON nested too deep"),
        ("in.jsonl:5", "read", "line 5: JSON nested too deep"),
    ]
    assert not list(tmp_path.glob("*.partial"))


# Item 3: a WARC record with a wrong Content-Length.


def with_length(record: bytes, length: int) -> bytes:
    head, _, rest = record.partition(b"\r\n\r\n")
    lines = [
        f"Content-Length: {length}".encode() if line.startswith(b"Content-Length:") else line
        for line in head.split(b"\r\n")
    ]
    return b"\r\n".join(lines) + b"\r\n\r\n" + rest


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
@pytest.mark.parametrize("change", [+300, -40, +(10**9)])
def test_a_wrong_content_length_loses_only_its_record(
    tmp_path: Path, name: str, change: int
) -> None:
    records = crawl_records(40)
    broken = 2 + 2 * 7  # the response of page 7
    block = len(records[broken].partition(b"\r\n\r\n")[2]) - 4
    records[broken] = with_length(records[broken], block + change)
    path = write_warc(tmp_path / name, records)
    out = tmp_path / "out.jsonl"
    result = dump([path], out)
    assert result.exit_code == 1, result.stderr  # a stretch of the input was skipped
    written, failed = accounted(out, tmp_path / "out.errors.jsonl", result.stderr)
    urls = [r["url"] for r in written]
    assert urls == [f"https://site{i % 3}.example/p/{i}" for i in range(40) if i != 7]
    [gap] = failed
    assert gap["stage"] == "input" and gap["id"].startswith(f"{name}#bytes-")
    assert gap["reason"].startswith("bytes ") and "next WARC/1. header" in gap["reason"]
    assert "damaged     1 stretch" in result.stderr


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_length_ending_at_a_later_records_end_hides_nothing(tmp_path: Path, name: str) -> None:
    """Page 7's Content-Length runs to the end of page 8's response: the two records of page
    8 inside its block are read on their own, page 7 is the one error record."""
    records = crawl_records(40)
    broken = 2 + 2 * 7
    block = len(records[broken].partition(b"\r\n\r\n")[2]) - 4
    swallowed = len(records[broken + 1]) + len(records[broken + 2])
    records[broken] = with_length(records[broken], block + swallowed)
    path = write_warc(tmp_path / name, records)
    out = tmp_path / "out.jsonl"
    result = dump([path], out)
    assert result.exit_code == 1, result.stderr
    written, failed = accounted(out, tmp_path / "out.errors.jsonl", result.stderr)
    assert [r["url"] for r in written] == [
        f"https://site{i % 3}.example/p/{i}" for i in range(40) if i != 7
    ]
    [gap] = failed
    assert gap["stage"] == "input"
    assert "ends where a later record ends: its block holds 2 more WARC records" in gap["reason"]


def test_a_block_that_holds_records_on_purpose_stays_one_record() -> None:
    """An archived WARC file, or a block whose digest is the whole block's, is one record."""
    inner = warc_record("resource", "https://a.example/", b"<p>hi</p>", "text/html")
    payload = b"note\r\n\r\n" + inner[:-4]
    archived = warc_record("resource", "https://a.example/crawl.warc", payload, "application/warc")
    digest = base64.b32encode(hashlib.sha1(payload).digest()).decode()
    signed = warc_record("resource", "https://a.example/x", payload, "text/plain").replace(
        b"Content-Type:", f"WARC-Block-Digest: sha1:{digest}\r\nContent-Type:".encode(), 1
    )
    unsigned = warc_record("resource", "https://a.example/x", payload, "text/plain")
    items = read_all(archived + signed + unsigned, max_block=1 << 20)
    assert [type(item).__name__ for item in items] == ["Frame", "Frame", "Gap", "Frame"]
    assert items[0].block == items[1].block == payload
    gap = items[2]
    assert isinstance(gap, Gap) and "holds 1 more WARC record" in gap.reason


def test_frames_resynchronise_and_name_the_skipped_bytes() -> None:
    good = warc_record("resource", "https://a.example/", b"<p>hi</p>", "text/html")
    data = good + b"garbage between records\r\n" + good + good[:-30]
    items = read_all(data, max_block=1 << 20)
    assert [type(item) for item in items] == [Frame, Gap, Frame, Gap]
    gap, tail = items[1], items[3]
    assert isinstance(gap, Gap) and (gap.start, gap.end) == (len(good), len(good) + 25)
    assert isinstance(tail, Gap) and tail.tail and tail.end == len(data)


# Truncated tails.


@pytest.mark.parametrize("name", ["crawl.warc", "crawl.warc.gz"])
def test_a_cut_warc_exits_1_with_its_tail_reported(tmp_path: Path, name: str) -> None:
    whole = write_warc(tmp_path / f"whole-{name}", crawl_records(20)).read_bytes()
    path = tmp_path / name
    path.write_bytes(whole[: int(len(whole) * 0.7)])
    out = tmp_path / "out.jsonl"
    result = dump([path], out, "--max-failure-rate", "1")
    assert result.exit_code == 1
    written, failed = accounted(out, tmp_path / "out.errors.jsonl", result.stderr)
    assert 10 < len(written) < 20
    assert [(e["id"], e["stage"]) for e in failed] == [(f"{name}#truncated", "input")]


# Item 9: size caps; an oversize record is passed over, not held.


class Spy(io.BufferedReader):
    """A reader that remembers the largest piece it handed out."""

    largest = 0

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        Spy.largest = max(Spy.largest, len(line))
        return line


def test_an_oversize_json_line_is_read_past_in_pieces(tmp_path: Path) -> None:
    huge = json.dumps({"id": "huge", "text": "word " * 400_000})  # 2 MB
    path = write_jsonl(tmp_path / "in.jsonl", [*rows(2), huge, *rows(2)])
    item = InputFile(path, "jsonl", "in.jsonl")
    Spy.largest = 0
    with Spy(open(path, "rb")) as raw:  # type: ignore[arg-type]
        drafts = list(jsonl_drafts(item, raw, ReadOptions(max_record_bytes=100_000), Counter()))
    assert [d.error is None for d in drafts] == [True, True, False, True, True]
    assert drafts[2].error == (
        f"line 3: {len(huge) + 1:,} bytes, over max_record_bytes=100,000 (passed over unread)"
    )
    assert Spy.largest <= 1 << 20  # pieces, never the 2 MB line


def test_an_oversize_gzip_line_in_a_dump(tmp_path: Path) -> None:
    huge = json.dumps({"id": "huge", "text": "x" * 3_000_000})
    path = write_jsonl(tmp_path / "in.jsonl.gz", [*rows(3), huge, *rows(3)])
    out = tmp_path / "out.jsonl"
    result = dump([path], out, "--max-record-bytes", "1000000", "--max-failure-rate", "0.2")
    assert result.exit_code == 0, result.stderr
    written, failed = accounted(out, tmp_path / "out.errors.jsonl", result.stderr)
    assert len(written) == 6 and failed[0]["id"] == "in.jsonl.gz:4"
    assert "over max_record_bytes=1,000,000" in failed[0]["reason"]


def test_an_oversize_warc_record_fails_and_an_oversize_image_is_skipped(tmp_path: Path) -> None:
    big_page = http_response(("<p>" + "word " * 50_000 + "</p>").encode(), "text/html")
    big_image = http_response(b"\x89PNG" + b"\0" * 300_000, "image/png")
    records = crawl_records(3)
    records[3:3] = [
        warc_record("response", "https://big.example/page", big_page, "application/http"),
        warc_record("response", "https://big.example/a.png", big_image, "application/http"),
    ]
    path = write_warc(tmp_path / "crawl.warc.gz", records)
    corpus = Corpus(expand_inputs([str(path)]), ReadOptions(max_record_bytes=100_000))
    found = list(corpus)
    assert [r.url for r in found if r.error is None] == [
        f"https://site{i}.example/p/{i}" for i in range(3)
    ]
    [big] = [r for r in found if r.error is not None]
    assert big.url == "https://big.example/page" and not big.damaged
    assert "over max_record_bytes" in (big.error or "")
    assert corpus.skipped["non-HTML response"] == 2  # the big image and the small one


def test_an_oversize_file_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "big.html").write_bytes(b"<p>x</p>" * 20_000)
    (tmp_path / "pages" / "small.txt").write_text("Small.")
    found = list(
        Corpus(expand_inputs([str(tmp_path / "pages")]), ReadOptions(max_record_bytes=1000))
    )
    assert [(r.id, r.error) for r in found] == [
        ("big.html", "160,000 bytes, over max_record_bytes=1,000 (not read)"),
        ("small.txt", None),
    ]


# Item 11: the .partial files.


def test_a_partial_symlink_is_refused_and_its_target_untouched(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", rows(3))
    target = tmp_path / "precious.txt"
    target.write_text("keep me")
    os.symlink(target, tmp_path / "out.jsonl.partial")
    for extra in ([], ["--resume"]):
        result = dump([path], tmp_path / "out.jsonl", *extra)
        assert result.exit_code == 2
    assert target.read_text() == "keep me"
    dangling = tmp_path / "o2.errors.jsonl.partial"
    os.symlink(tmp_path / "nowhere", dangling)
    assert dump([path], tmp_path / "o2.jsonl").exit_code == 2
    assert not (tmp_path / "nowhere").exists()


def test_a_stale_partial_without_checkpoint_is_not_overwritten(tmp_path: Path) -> None:
    path = write_jsonl(tmp_path / "in.jsonl", rows(3))
    stale = tmp_path / "out.jsonl.partial"
    stale.write_text("someone's half-written output\n")
    for extra in ([], ["--resume"]):
        result = dump([path], tmp_path / "out.jsonl", *extra)
        assert result.exit_code == 2
        assert "out.jsonl.partial" in result.stderr
    assert "without a checkpoint" in result.stderr
    assert stale.read_text() == "someone's half-written output\n"


# Default budgets, and workers that die or hang anyway.


def test_dump_has_default_budgets(tmp_path: Path) -> None:
    config = CleanOptions().config
    assert (config.max_bytes, config.max_seconds) == (DUMP_MAX_BYTES, DUMP_MAX_SECONDS)
    help_text = run(["--help"]).stdout
    assert "--max-seconds S" in help_text and "--max-bytes N" in help_text
    small = {"id": "small", "text": "The council met on Monday."}
    path = write_jsonl(tmp_path / "in.jsonl", [*rows(2), small])
    out = tmp_path / "out.jsonl"
    result = dump([path], out, "--max-bytes", "300", "--max-failure-rate", "1")
    assert result.exit_code == 0
    assert [r["id"] for r in read_jsonl(out)] == ["small"]
    failed = read_jsonl(tmp_path / "out.errors.jsonl")
    assert [e["id"] for e in failed] == ["doc-0", "doc-1"]
    assert all(e["reason"].startswith("budget.max_bytes") for e in failed)


def forked() -> bool:
    from declutter.corpus import pool

    return bool(pool._context().get_start_method() == "fork")


def misbehave(monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    original = Worker.clean_record

    def clean_record(self: Worker, record: Any, table: Any = None) -> Any:
        if record.id == "doc-5" and record.position >= 0:
            if how == "die":
                os._exit(9)
            time.sleep(3600)
        return original(self, record, table)

    monkeypatch.setattr(Worker, "clean_record", clean_record)


@pytest.mark.parametrize("how", ["die", "hang"])
def test_a_worker_that_dies_or_hangs_is_replaced(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, how: str
) -> None:
    if not forked():
        pytest.skip("the misbehaving worker is patched in by forking")
    path = write_jsonl(tmp_path / "in.jsonl", rows(12))
    clean = CleanOptions(CleanOptions().config.replace(max_seconds=0.5))
    expected = tmp_path / "expected.jsonl"
    run_dump(DumpOptions((str(path),), expected, jobs=1, clean=clean, progress=False))
    misbehave(monkeypatch, how)
    out = tmp_path / "out.jsonl"
    options = DumpOptions(
        (str(path),), out, jobs=2, clean=clean, chunk_records=4, progress=False, hang_grace=1.0
    )
    summary = run_dump(options)
    assert (summary.tally.records, summary.tally.written, summary.tally.failed) == (12, 11, 1)
    [error] = read_jsonl(tmp_path / "out.errors.jsonl")
    assert (error["id"], error["stage"]) == ("doc-5", "worker")
    assert ("died" if how == "die" else "hung") in error["reason"]
    kept = [line for line in expected.read_bytes().splitlines() if b'"doc-5"' not in line]
    assert out.read_bytes().splitlines() == kept


def test_the_mapper_deadline_follows_max_seconds() -> None:
    options = CleanOptions(CleanOptions().config.replace(max_seconds=2.0))
    assert Mapper(2, options, grace=5.0).deadline(3) == 17.0
    assert (
        Mapper(2, CleanOptions(CleanOptions().config.replace(max_seconds=None))).deadline(3) is None
    )


def test_read_equals_written_plus_failed_in_every_format(tmp_path: Path) -> None:
    cut_gz = gzip.compress(b"".join(crawl_records(10)), mtime=0)
    inputs = [
        write_jsonl(tmp_path / "a.jsonl.zst", [*rows(5), "{bad", "[" * 5000]),
        write_warc(tmp_path / "b.warc", [*crawl_records(5), b"WARC/1.0\r\nnonsense\r\n\r\n"]),
        write_warc(tmp_path / "c.warc.wet.gz", crawl_records(3)),
    ]
    (tmp_path / "d.warc.gz").write_bytes(cut_gz[: len(cut_gz) // 2])
    (tmp_path / "e.html").write_text(html_page(1))
    inputs += [tmp_path / "d.warc.gz", tmp_path / "e.html"]
    out = tmp_path / "out.jsonl"
    result = dump(inputs, out, "--max-failure-rate", "1")
    written, failed = accounted(out, tmp_path / "out.errors.jsonl", result.stderr)
    assert len(written) + len(failed) == len(list(Corpus(expand_inputs(map(str, inputs)))))
    assert {e["stage"] for e in failed} == {"read", "input"}
    assert result.exit_code == 1
