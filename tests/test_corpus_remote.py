"""``declutter dump`` on any path (issue 12): fsspec URLs in and out (the memory and local
file systems), an ``http://`` input served by a local HTTP server, ``-`` for standard input
and output; the output equals that of a dump between local files.

The HTTP test serves plain ``http://``: fsspec reads ``https://`` URLs through the same
``HTTPFileSystem`` (aiohttp) code path, TLS aside."""

from __future__ import annotations

import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from corpus_data import crawl_records, read_jsonl, rows, write_jsonl, write_warc
from test_dump_cli import run

fsspec = pytest.importorskip("fsspec")
pytest.importorskip("aiohttp")


def dump(*args: str, stdin: bytes | None = None) -> Any:
    from click.testing import CliRunner

    try:
        runner = CliRunner(mix_stderr=False)  # type: ignore[call-arg]  # click < 8.2
    except TypeError:
        runner = CliRunner()
    from declutter.cli import cli

    return runner.invoke(cli, ["dump", "-j", "1", "--no-progress", *args], input=stdin)


@pytest.fixture
def memory() -> Iterator[Any]:
    fs = fsspec.filesystem("memory")
    fs.rm("/", recursive=True) if fs.ls("/") else None
    yield fs
    for path in fs.ls("/", detail=False):
        fs.rm(path, recursive=True)


def local_reference(tmp_path: Path, source: Path, name: str = "ref.jsonl.gz") -> Path:
    out = tmp_path / name
    result = run([str(source), "-o", str(out), "-j", "1", "--max-failure-rate", "1"])
    assert result.exit_code == 0, result.stderr
    return out


def test_memory_urls_in_and_out_equal_local_files(tmp_path: Path, memory: Any) -> None:
    items: list[Any] = [{**r, "crawl": "X"} for r in rows(12)]
    items.insert(4, "{bad")
    source = write_jsonl(tmp_path / "in.jsonl.gz", items)
    reference = local_reference(tmp_path, source)
    memory.pipe("/crawl/in.jsonl.gz", source.read_bytes())
    result = dump("memory://crawl/in.jsonl.gz", "-o", "memory://out/clean.jsonl.gz",
                  "--max-failure-rate", "1")  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert memory.cat("/out/clean.jsonl.gz") == reference.read_bytes()
    errors = memory.cat("/out/clean.errors.jsonl")
    assert errors == (tmp_path / "ref.errors.jsonl").read_bytes()


def test_memory_folders_and_globs_of_several_kinds(tmp_path: Path, memory: Any) -> None:
    warc = write_warc(tmp_path / "b.warc.gz", crawl_records(4)).read_bytes()
    jsonl = write_jsonl(tmp_path / "a.jsonl", rows(3)).read_bytes()
    memory.pipe("/in/a.jsonl", jsonl)
    memory.pipe("/in/sub/b.warc.gz", warc)
    memory.pipe("/in/notes.md", b"not an input")
    out = tmp_path / "out.jsonl"
    assert dump("memory://in/*.jsonl", "memory://in/sub/", "-o", str(out)).exit_code == 0
    assert [r["id"] for r in read_jsonl(out)][:3] == ["doc-0", "doc-1", "doc-2"]
    assert len(read_jsonl(out)) == 7
    missing = dump("memory://nothing/*.jsonl", "-o", str(tmp_path / "x.jsonl"))
    assert missing.exit_code == 2 and "no such file" in missing.stderr


def test_parquet_through_memory_urls(tmp_path: Path, memory: Any) -> None:
    pa = pytest.importorskip("pyarrow")
    pq = pytest.importorskip("pyarrow.parquet")
    table = pa.table({"id": ["a", "b"], "text": [r["text"] for r in rows(2)], "n": [1, 2]})
    pq.write_table(table, tmp_path / "in.parquet")
    memory.pipe("/in.parquet", (tmp_path / "in.parquet").read_bytes())
    assert dump(str(tmp_path / "in.parquet"), "-o", str(tmp_path / "ref.parquet")).exit_code == 0
    result = dump("memory://in.parquet", "-o", "memory://out.parquet")
    assert result.exit_code == 0, result.stderr
    with memory.open("/out.parquet", "rb") as stream:
        assert pq.read_table(stream).equals(pq.read_table(tmp_path / "ref.parquet"))


def test_file_urls_are_local_paths(tmp_path: Path) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", rows(3))
    reference = local_reference(tmp_path, source, "ref.jsonl")
    out = tmp_path / "out.jsonl"
    result = dump(f"file://{source}", "-o", f"file://{out}", "--checkpoint-every", "0")
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == reference.read_bytes()


def test_a_stream_output_cannot_be_resumed(tmp_path: Path, memory: Any) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", rows(2))
    result = dump(str(source), "-o", "memory://out/clean.jsonl", "--resume")
    assert result.exit_code == 2 and "cannot be resumed" in result.stderr
    assert not memory.exists("/out/clean.jsonl")
    errors_only = dump(str(source), "-o", str(tmp_path / "o.jsonl"), "--errors", "-", "--resume")
    assert errors_only.exit_code == 2 and "cannot be resumed" in errors_only.stderr


def test_a_failed_dump_discards_its_upload(tmp_path: Path, monkeypatch: Any) -> None:
    from declutter.corpus import writers

    class Upload:
        """An object-store file: written at close, dropped by discard."""

        def __init__(self) -> None:
            self.state = "open"

        def write(self, data: bytes) -> int:
            return len(data)

        def flush(self) -> None:
            pass

        def close(self) -> None:
            self.state = "committed"

        def discard(self) -> None:
            self.state = "discarded"

    uploads: list[Upload] = []
    monkeypatch.setattr(
        writers, "open_url", lambda url, mode: uploads.append(Upload()) or uploads[-1]
    )
    sink = writers.StreamSink("s3://bucket/clean.jsonl")
    sink.open(None)
    sink.write(b"half\n")
    sink.close()  # what the runner does when the dump fails
    assert [u.state for u in uploads] == ["discarded"]
    sink.open(None)
    sink.write(b"whole\n")
    sink.finish()
    assert [u.state for u in uploads] == ["discarded", "committed"]


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture
def http_folder(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    folder = tmp_path / "served"
    folder.mkdir()
    handler = functools.partial(_Quiet, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_an_http_input(tmp_path: Path, http_folder: tuple[Path, str]) -> None:
    folder, base = http_folder
    source = write_warc(folder / "crawl.warc.gz", crawl_records(5))
    reference = local_reference(tmp_path, source)
    out = tmp_path / "out.jsonl.gz"
    result = dump(f"{base}/crawl.warc.gz", "-o", str(out))
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == reference.read_bytes()
    missing = dump(f"{base}/nothing.jsonl", "-o", str(tmp_path / "x.jsonl"))
    assert missing.exit_code == 2


@pytest.mark.parametrize("compress", [False, True])
def test_standard_input_and_output(tmp_path: Path, compress: bool) -> None:
    source = write_jsonl(tmp_path / "in.jsonl", [*rows(4), "{bad"])
    reference = local_reference(tmp_path, source, "ref.jsonl")
    data = source.read_bytes()
    result = dump("-", "-o", "-", "--max-failure-rate", "1",
                  stdin=gzip.compress(data) if compress else data)  # fmt: skip
    assert result.exit_code == 0, result.stderr
    assert result.stdout_bytes == reference.read_bytes()
    assert '"stage":"read"' in result.stderr and "5 records read = 4 written" in result.stderr


def test_a_warc_on_standard_input(tmp_path: Path) -> None:
    source = write_warc(tmp_path / "crawl.warc.gz", crawl_records(3))
    reference = local_reference(tmp_path, source, "ref.jsonl")
    out = tmp_path / "out.jsonl"
    result = dump("-", "-o", str(out), stdin=source.read_bytes())
    assert result.exit_code == 0, result.stderr
    assert out.read_bytes() == reference.read_bytes().replace(b"crawl.warc.gz", b"stdin")


def test_standard_input_cannot_be_read_twice(tmp_path: Path) -> None:
    result = dump("-", "-o", str(tmp_path / "o.jsonl"), "--site-templates", stdin=b"{}\n")
    assert result.exit_code == 2 and "standard input" in result.stderr
