"""Open plain, gzip and zstandard files by their suffix; truncated streams raise ``EOFError``.

Python's ``gzip`` already raises ``EOFError`` on a cut stream; ``zstandard``'s stream reader
stops silently at the end of the input, so ``ZstdReader`` checks that the last frame ended.
zstandard is an optional dependency (the ``zstd`` extra); without it a ``.zst`` path raises
``MissingDependency`` naming the extra.

>>> import pathlib, tempfile
>>> path = pathlib.Path(tempfile.mkdtemp()) / "a.txt.gz"
>>> with open_write(path) as out:
...     _ = out.write(b"one\\ntwo\\n")
>>> with open_read(path) as stream:
...     stream.read()
b'one\\ntwo\\n'
>>> compression_of(path), compression_of("x.jsonl.zst"), compression_of("x.jsonl")
('gzip', 'zstd', None)
"""

from __future__ import annotations

import gzip
import io
import os
import zlib
from pathlib import Path
from typing import IO, Any, Literal, cast

from declutter._errors import MissingDependency

Compression = Literal["gzip", "zstd"]
_READ_SIZE = 1 << 20
#: A gzip header and trailer around a deflate stream.
_GZIP_WBITS = 31
#: Compressed bytes inflated at a time: small enough that the inflated piece stays in cache
#: (1 MiB pieces cost 35% more CPU on a WARC).
_GZIP_READ_SIZE = 1 << 16
#: What Python's ``gzip`` says at a cut (the same words, whichever inflater is used).
_GZIP_CUT = "Compressed file ended before the end-of-stream marker was reached"


def compression_of(path: str | os.PathLike[str]) -> Compression | None:
    """``"gzip"`` for ``*.gz``, ``"zstd"`` for ``*.zst``, else ``None``."""
    name = os.fspath(path).lower()
    if name.endswith(".gz"):
        return "gzip"
    if name.endswith((".zst", ".zstd")):
        return "zstd"
    return None


def strip_compression(name: str) -> str:
    """``name`` without a ``.gz``/``.zst`` suffix.

    >>> strip_compression("crawl.warc.gz"), strip_compression("a.jsonl")
    ('crawl.warc', 'a.jsonl')
    """
    lower = name.lower()
    for suffix in (".gz", ".zst", ".zstd"):
        if lower.endswith(suffix):
            return name[: -len(suffix)]
    return name


def zstandard_module() -> Any:
    """The ``zstandard`` module, or ``MissingDependency`` saying which extra installs it."""
    try:
        import zstandard
    except ImportError:
        raise MissingDependency(
            "reading or writing .zst files needs the zstandard package: "
            "pip install 'declutter-web[zstd]'"
        ) from None
    return zstandard


def open_read(path: str | os.PathLike[str], raw: IO[bytes] | None = None) -> IO[bytes]:
    """A binary stream of the decompressed content of ``path`` (or of ``raw``, named ``path``)."""
    kind = compression_of(path)
    source = raw if raw is not None else open(path, "rb")  # noqa: SIM115 - returned to caller
    if kind == "gzip":
        return io.BufferedReader(GzipReader(source), buffer_size=_GZIP_READ_SIZE)
    if kind == "zstd":
        return io.BufferedReader(ZstdReader(source), buffer_size=_READ_SIZE)
    return source


def open_write(path: str | os.PathLike[str]) -> IO[bytes]:
    """A binary stream that writes ``path`` compressed as its suffix says."""
    kind = compression_of(path)
    if kind == "gzip":
        return cast(IO[bytes], gzip.GzipFile(Path(path), mode="wb", mtime=0))
    if kind == "zstd":
        zstandard = zstandard_module()
        writer: IO[bytes] = zstandard.ZstdCompressor().stream_writer(open(path, "wb"))  # noqa: SIM115
        return writer
    return open(path, "wb")


def compress_block(data: bytes, kind: Compression | None) -> bytes:
    """``data`` as one self-contained gzip member or zstd frame (or as is).

    Concatenated members and frames form a valid file, so a dump can be written, and cut
    back at any block boundary, one block at a time.

    >>> import gzip
    >>> gzip.decompress(compress_block(b"a", "gzip") + compress_block(b"b", "gzip"))
    b'ab'
    """
    if kind == "gzip":
        return gzip.compress(data, compresslevel=6, mtime=0)
    if kind == "zstd":
        compressed: bytes = zstandard_module().ZstdCompressor().compress(data)
        return compressed
    return data


def _inflate_module() -> Any:
    """ISA-L's ``isal_zlib`` (the ``isal`` package, in the ``warc`` extra) where installed, else
    ``zlib``: the same interface, with half the CPU per byte decompressed."""
    try:
        from isal import isal_zlib
    except ImportError:
        return zlib
    return isal_zlib


class _StreamReader(io.RawIOBase):
    """A raw reader over a decompressor: subclasses' ``_fill`` sets ``_pending`` (the next
    decompressed bytes) or ``_done``; reads hand out views of ``_pending``, no copies."""

    _source: IO[bytes]
    _pending: memoryview
    _done: bool

    def _fill(self) -> None:
        raise NotImplementedError

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        while not self._pending and not self._done:
            self._fill()
        size = min(len(view), len(self._pending))
        view[:size] = self._pending[:size]
        self._pending = self._pending[size:]  # a view: no copy of the rest
        return size

    def close(self) -> None:
        if not self.closed:
            self._source.close()
        super().close()


class GzipReader(_StreamReader):
    """Decompress concatenated gzip members; ``EOFError`` if the input ends inside one, and
    every byte before the cut is returned first (``isal.igzip`` would drop up to a buffer).

    >>> import gzip
    >>> data = gzip.compress(b"first ") + gzip.compress(b"second")
    >>> GzipReader(io.BytesIO(data)).read()
    b'first second'
    >>> reader = GzipReader(io.BytesIO(data[:-3]))
    >>> reader.read(1 << 20), reader.read(1 << 20)
    Traceback (most recent call last):
    ...
    EOFError: Compressed file ended before the end-of-stream marker was reached
    """

    def __init__(self, source: IO[bytes]) -> None:
        self._inflate = _inflate_module()
        self._source = source
        self._decompressor = self._inflate.decompressobj(wbits=_GZIP_WBITS)
        self._in_member = False
        self._pending = memoryview(b"")
        self._done = False

    def _fill(self) -> None:
        data = self._source.read(_GZIP_READ_SIZE)
        if not data:
            self._done = True
            if self._in_member:
                raise EOFError(_GZIP_CUT)
            return
        out = []
        while data:
            if not self._in_member:
                data = data.lstrip(b"\0")  # zero padding between members, as gzip allows
                if not data:
                    break
            self._in_member = True
            try:
                out.append(self._decompressor.decompress(data))
            except self._inflate.error as error:
                raise gzip.BadGzipFile(f"not a valid gzip stream ({error})") from None
            if not self._decompressor.eof:
                break
            data = self._decompressor.unused_data
            self._decompressor = self._inflate.decompressobj(wbits=_GZIP_WBITS)
            self._in_member = False
        self._pending = memoryview(b"".join(out))


class ZstdReader(_StreamReader):
    """Decompress concatenated zstandard frames; ``EOFError`` if the input ends inside one."""

    def __init__(self, source: IO[bytes]) -> None:
        self._zstd = zstandard_module()
        self._source = source
        self._decompressor = self._zstd.ZstdDecompressor().decompressobj()
        self._in_frame = False
        self._pending = memoryview(b"")
        self._done = False

    def _fill(self) -> None:
        data = self._source.read(_READ_SIZE)
        if not data:
            self._done = True
            if self._in_frame:
                raise EOFError("zstandard stream ended before the end of a frame (truncated?)")
            return
        out = []
        while data:
            self._in_frame = True
            out.append(self._decompressor.decompress(data))
            if not self._decompressor.eof:
                break
            data = self._decompressor.unused_data
            self._decompressor = self._zstd.ZstdDecompressor().decompressobj()
            self._in_frame = False
        self._pending = memoryview(b"".join(out))
