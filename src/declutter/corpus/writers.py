"""Where a dump's records go: a JSON Lines file, or a directory of text files, and the errors
file; each written under a ``.partial`` name and moved into place when the dump completes.

A ``Sink`` appends what workers made, in input order. ``sync()`` makes everything written
so far durable and returns the size to truncate back to if the run is killed; ``open(offset)``
truncates there and appends. Blocks are whole gzip members or zstd frames, so a compressed
file cut back at a block boundary is valid.

>>> import pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> sink = FileSink(folder / "out.jsonl")
>>> sink.open(None)
>>> sink.write(b'{"id": 1}\\n')
>>> offset = sink.sync()
>>> sink.write(b'{"id": 2, "cut": ')  # killed here...
>>> sink.close()
>>> sink.open(offset)  # ... resumed: back to the last sync
>>> sink.write(b'{"id": 2}\\n')
>>> sink.finish()
>>> (folder / "out.jsonl").read_text()
'{"id": 1}\\n{"id": 2}\\n'
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import IO, Protocol

from declutter.corpus.locations import STDIO, open_url, standard_stream


def partial_path(path: Path) -> Path:
    """The name ``path`` is written under until the dump completes."""
    return path.with_name(path.name + ".partial")


class Sink(Protocol):
    """What the runner writes chunks to."""

    def open(self, offset: int | None) -> None:
        """Start writing; ``offset``: resume, keeping that many bytes; ``None``: start afresh."""

    def sync(self) -> int:
        """Make what was written durable; return the offset to resume from."""

    def close(self) -> None:
        """Stop writing, keeping the partial output (for a later resume)."""

    def finish(self) -> None:
        """Complete: move the partial output into place."""


class FileSink:
    """An append-only file (JSON Lines output or errors)."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = partial_path(path)
        self._stream: IO[bytes] | None = None
        self.bytes_written = 0

    def open(self, offset: int | None) -> None:
        stream: IO[bytes]
        if offset is None:  # a new file: never one that exists, never through a link
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            stream = os.fdopen(os.open(self.partial, flags, 0o666), "wb")
        else:
            flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0)
            stream = os.fdopen(os.open(self.partial, flags, 0o666), "r+b")
            size = stream.seek(0, os.SEEK_END)
            if size < offset:
                stream.close()
                raise OSError(
                    f"{self.partial} has {size:,} bytes, fewer than the {offset:,} the "
                    "checkpoint recorded; it was changed since: start again without --resume"
                )
            stream.truncate(offset)
            stream.seek(offset)
        self._stream = stream
        self.bytes_written = offset or 0

    def write(self, data: bytes) -> None:
        """Append ``data``."""
        if data:
            assert self._stream is not None, "open() first"
            self._stream.write(data)
            self.bytes_written += len(data)

    def sync(self) -> int:
        assert self._stream is not None, "open() first"
        self._stream.flush()
        os.fsync(self._stream.fileno())
        return self._stream.tell()

    def close(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None

    def finish(self) -> None:
        if self._stream is not None:
            self.sync()
            self.close()
        os.replace(self.partial, self.path)


class DirectorySink:
    """A directory with one text file per record. Files are named after the record's
    position, so a resumed run rewrites the files written after the checkpoint."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.partial = partial_path(path)
        self.bytes_written = 0

    def open(self, offset: int | None) -> None:
        if self.partial.is_symlink():
            raise OSError(f"{self.partial} is a symbolic link: refusing to write through it")
        if offset is None and self.partial.exists():
            shutil.rmtree(self.partial)
        self.partial.mkdir(parents=True, exist_ok=True)
        self.bytes_written = offset or 0

    def write_files(self, files: list[tuple[str, bytes]]) -> None:
        """Write one text file per ``(name, content)``."""
        for name, data in files:
            (self.partial / name).write_bytes(data + b"\n" if data else data)
            self.bytes_written += len(data) + (1 if data else 0)

    def sync(self) -> int:
        return self.bytes_written

    def close(self) -> None:
        pass

    def finish(self) -> None:
        if self.path.exists():
            if any(self.path.iterdir()):
                raise OSError(
                    f"{self.path} exists and is not empty; the output is in {self.partial}"
                )
            self.path.rmdir()
        os.replace(self.partial, self.path)


class StreamSink:
    """An output written as a stream: a URL through fsspec, or standard output (standard
    error for the errors file). There is no partial name and no resume: ``sync`` only
    flushes. On object stores (``s3://``, ``gs://``) the object appears only when its upload
    completes in ``finish``, so readers never see half of it; a failed run discards the
    upload where the file system can (``close``). Elsewhere a failed run may leave part of
    the file (``docs/dump.md``)."""

    def __init__(self, location: str, *, errors: bool = False) -> None:
        self.location = location
        self.errors = errors
        self.bytes_written = 0
        self._stream: IO[bytes] | None = None

    def open(self, offset: int | None) -> None:
        if offset is not None:
            raise OSError(f"{self.location}: a stream cannot be resumed")
        if self.location == STDIO:
            self._stream = standard_stream("wb", errors=self.errors)
        else:
            self._stream = open_url(self.location, "wb")

    def write(self, data: bytes) -> None:
        """Append ``data``."""
        if data:
            assert self._stream is not None, "open() first"
            self._stream.write(data)
            self.bytes_written += len(data)

    def sync(self) -> int:
        assert self._stream is not None, "open() first"
        self._stream.flush()
        return self.bytes_written

    def close(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None or self.location == STDIO:
            return
        discard = getattr(stream, "discard", None)
        if discard is not None:
            discard()  # an unfinished upload: dropped, not committed
        else:
            stream.close()

    def finish(self) -> None:
        stream, self._stream = self._stream, None
        if stream is None:
            return
        stream.flush()
        if self.location != STDIO:
            stream.close()
