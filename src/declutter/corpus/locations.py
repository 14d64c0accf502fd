"""Where a dump reads and writes: local paths, ``-`` (standard input or output), and URLs of
any file system fsspec knows (``s3://``, ``gs://``, ``https://``, ``memory://``...; the
``remote`` extra, plus the store's own package such as ``s3fs`` or ``gcsfs``).

Local paths never go through fsspec (``file://`` URLs are taken as local paths), so a local
dump keeps its atomic, resumable files; a URL or ``-`` is a stream (see ``docs/dump.md``).

>>> is_stream("s3://bucket/crawl.warc.gz"), is_stream("-"), is_stream("out/clean.jsonl")
(True, True, False)
>>> local_path("file:///data/a.jsonl"), sibling("s3://b/x/clean.jsonl", "clean.errors.jsonl")
('/data/a.jsonl', 's3://b/x/clean.errors.jsonl')
>>> base_name("https://example.com/dumps/part-1.jsonl.gz?sig=abc")
'part-1.jsonl.gz'
"""

from __future__ import annotations

import io
import os
import sys
from typing import IO, Any
from urllib.parse import urlsplit

from declutter._errors import InputError, MissingDependency

#: Standard input (as an input) or standard output (as an output).
STDIO = "-"
_GLOB = set("*?[")


def fsspec_module() -> Any:
    """``fsspec``, or ``MissingDependency`` naming the extra that installs it."""
    try:
        import fsspec
    except ImportError:
        raise MissingDependency(
            "URLs as inputs or outputs need fsspec: pip install 'declutter-web[remote]' "
            "(and the store's package, e.g. s3fs or gcsfs)"
        ) from None
    return fsspec


def is_url(location: str) -> bool:
    """Whether ``location`` is a URL other than ``file://``."""
    scheme, _, rest = location.partition("://")
    return bool(rest) and scheme.isidentifier() and scheme.lower() != "file"


def is_stream(location: str) -> bool:
    """Whether ``location`` is read or written as a stream (a URL, or ``-``)."""
    return location == STDIO or is_url(location)


def local_path(location: str) -> str:
    """``location`` without a ``file://`` prefix."""
    return location[len("file://") :] if location.lower().startswith("file://") else location


def base_name(location: str) -> str:
    """The last segment of a path or URL (without a query), for suffixes and record ids."""
    if is_url(location):
        parts = urlsplit(location)
        location = parts.path.rstrip("/") or parts.netloc  # memory://a.jsonl: a "host"
    return location.rstrip("/").rsplit("/", 1)[-1]


def sibling(location: str, name: str) -> str:
    """The location named ``name`` beside ``location``."""
    if is_url(location):
        parts = urlsplit(location)
        if not parts.path.strip("/"):  # memory://out.jsonl: the file is the "host"
            return parts._replace(netloc=name, path="", query="", fragment="").geturl()
        folder = parts.path.rsplit("/", 1)[0]
        return parts._replace(path=f"{folder}/{name}", query="", fragment="").geturl()
    return os.path.join(os.path.dirname(location), name)


def has_glob(location: str) -> bool:
    """Whether a URL's path has glob characters."""
    return bool(_GLOB & set(urlsplit(location).path))


def url_files(spec: str) -> tuple[list[str], bool]:
    """The files a URL names: itself, the files under it (a folder), or the matches of its
    glob pattern, as URLs, sorted; and whether it is a folder (whose files of other kinds
    are left out). ``InputError`` if it names nothing."""
    fsspec = fsspec_module()
    folder = False
    try:
        fs, path = fsspec.core.url_to_fs(spec)
        if has_glob(spec):
            found = [p for p in fs.glob(path) if not fs.isdir(p)]
        elif _is_dir(fs, path):
            found, folder = list(fs.find(path)), True
        elif fs.exists(path):
            return [spec], False
        else:
            found = []
    except (OSError, ValueError) as error:
        raise InputError(f"{spec}: cannot be read ({error})") from None
    if not found:
        raise InputError(f"{spec}: no such file, folder or matching files")
    return sorted(fs.unstrip_protocol(p) for p in found), folder


def _is_dir(fs: Any, path: str) -> bool:
    try:
        return bool(fs.isdir(path))
    except (OSError, ValueError, NotImplementedError):
        return False


def url_size(url: str) -> tuple[int, str]:
    """The size of the file at ``url`` (0 if the store does not say) and a version tag
    (ETag, modification time...) for resume signatures."""
    fs, path = fsspec_module().core.url_to_fs(url)
    try:
        info = fs.info(path)
    except (OSError, ValueError):
        return 0, ""
    size = info.get("size") or 0
    version = info.get("ETag") or info.get("etag") or info.get("mtime") or info.get("LastModified")
    return int(size), str(version or "")


def open_url(url: str, mode: str) -> IO[bytes]:
    """``url`` opened through fsspec in binary ``mode`` (``rb`` or ``wb``)."""
    opened: IO[bytes] = fsspec_module().open(url, mode).open()
    return opened


def standard_stream(mode: str, *, errors: bool = False) -> IO[bytes]:
    """Standard input (``rb``), output, or error (``wb`` with ``errors``), as bytes."""
    if mode == "rb":
        return sys.stdin.buffer
    return sys.stderr.buffer if errors else sys.stdout.buffer


class Prefixed(io.RawIOBase):
    """``head`` (bytes already read from ``stream``) and then the rest of ``stream``.

    >>> Prefixed(b"ab", io.BytesIO(b"cd")).read()
    b'abcd'
    """

    def __init__(self, head: bytes, stream: IO[bytes]) -> None:
        self._head = memoryview(head)
        self._stream = stream

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer).cast("B")
        if self._head:
            size = min(len(view), len(self._head))
            view[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._stream.read(len(view))
        view[: len(data)] = data
        return len(data)
