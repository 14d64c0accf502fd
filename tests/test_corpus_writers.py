"""Writers, checkpoints and compression of ``declutter dump``: append, sync, cut back, finish."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest
import zstandard

from declutter.corpus.checkpoint import Checkpoint, signature
from declutter.corpus.compression import ZstdReader, compress_block, open_read, open_write
from declutter.corpus.writers import DirectorySink, FileSink


@pytest.mark.parametrize("kind", ["gzip", "zstd", None])
def test_blocks_cut_at_a_sync_point_stay_a_valid_file(tmp_path: Path, kind: str | None) -> None:
    suffix = {"gzip": ".gz", "zstd": ".zst", None: ""}[kind]
    path = tmp_path / f"out.jsonl{suffix}"
    sink = FileSink(path)
    sink.open(None)
    sink.write(compress_block(b"one\n", kind))  # type: ignore[arg-type]
    offset = sink.sync()
    sink.write(compress_block(b"two\n", kind)[:-3])  # type: ignore[arg-type]  # cut by a kill
    sink.close()
    sink.open(offset)
    sink.write(compress_block(b"three\n", kind))  # type: ignore[arg-type]
    sink.finish()
    assert not (tmp_path / f"out.jsonl{suffix}.partial").exists()
    with open_read(path) as stream:
        assert stream.read() == b"one\nthree\n"


def test_a_partial_file_shorter_than_the_checkpoint_is_refused(tmp_path: Path) -> None:
    sink = FileSink(tmp_path / "out.jsonl")
    sink.open(None)
    sink.write(b"abc")
    sink.close()
    with pytest.raises(OSError, match="fewer than"):
        sink.open(10)


def test_directory_sink_rewrites_files_on_resume(tmp_path: Path) -> None:
    sink = DirectorySink(tmp_path / "texts")
    sink.open(None)
    sink.write_files([("000000000-a.txt", b"A"), ("000000001-b.txt", b"")])
    sink.open(sink.sync())
    sink.write_files([("000000001-b.txt", b"B")])
    sink.finish()
    folder = tmp_path / "texts"
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == {
        "000000000-a.txt": b"A\n",
        "000000001-b.txt": b"B\n",
    }


def test_checkpoint_round_trip_and_signature(tmp_path: Path) -> None:
    path = tmp_path / "c.checkpoint"
    state = Checkpoint(signature({"a": 1}), 12, 345, 6, {"records": 12}, "t.json")
    state.save(path)
    assert Checkpoint.load(path) == state
    assert signature({"a": 1, "b": [1]}) == signature({"b": [1], "a": 1}) != signature({"a": 2})
    path.write_text('{"version": 99}', encoding="utf-8")
    with pytest.raises(ValueError, match="not a declutter dump checkpoint"):
        Checkpoint.load(path)


def test_zstd_reader_reads_many_frames_and_catches_a_cut() -> None:
    frames = b"".join(zstandard.ZstdCompressor().compress(b"x" * n) for n in (10, 100_000, 5))
    assert io.BufferedReader(ZstdReader(io.BytesIO(frames))).read() == b"x" * 100_015
    with pytest.raises(EOFError):
        io.BufferedReader(ZstdReader(io.BytesIO(frames[:-4]))).read()


@pytest.mark.parametrize("name", ["a.gz", "a.zst", "a.txt"])
def test_open_write_and_read(tmp_path: Path, name: str) -> None:
    with open_write(tmp_path / name) as out:
        out.write(b"hello\n")
    with open_read(tmp_path / name) as stream:
        assert stream.read() == b"hello\n"
    if name.endswith(".gz"):
        assert gzip.decompress((tmp_path / name).read_bytes()) == b"hello\n"
