"""Read the inputs of a dump as one stream of ``Record``s, numbered in input order.

Inputs are files, directories (every file with a known suffix under them, sorted) or glob
patterns. The reader is picked by suffix, compression (``.gz``, ``.zst``) stripped first; each
is a module of this package on the shared ``base`` (``InputFile``, ``Draft``, ``ReadOptions``,
the ``Reader`` protocol):

- ``.jsonl`` / ``.ndjson`` (``jsonl``): one JSON object a line; the payload, id and url fields
  are configurable (``ReadOptions``);
- ``.warc`` / ``.wet`` (``warc``): HTML responses, or WET text conversions;
- ``.txt``, ``.html``, ``.htm``, ``.xhtml``, ``.shtml`` (``files``): one document per file;
- ``.parquet`` (``parquet``): one row a record, columns read as JSON Lines fields are.

Nothing is dropped without a trace: a line that is not JSON, a record without its payload
field and a truncated or corrupt compressed file each become a record with an ``error``,
which the dump writes to its errors file. WARC records that are not HTML responses are
skipped and counted by reason (``Corpus.skipped``).

>>> import json, pathlib, tempfile
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> rows = [{"id": "a", "url": "https://example.com/a", "text": "One."}, {"text": "Two."}]
>>> _ = (folder / "docs.jsonl").write_text("\\n".join(map(json.dumps, rows)) + "\\nnot json\\n")
>>> corpus = Corpus(expand_inputs([str(folder)]))
>>> [(r.position, r.id, r.host, r.payload, r.error) for r in corpus]
... # doctest: +NORMALIZE_WHITESPACE
[(0, 'a', 'example.com', 'One.', None), (1, 'docs.jsonl:2', None, 'Two.', None),
 (2, 'docs.jsonl:3', None, '', 'line 3: not JSON (Expecting value: line 1 column 1 (char 0))')]
"""

from __future__ import annotations

import glob
import os
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO

from declutter._errors import InputError
from declutter.corpus.compression import strip_compression
from declutter.corpus.locations import (
    STDIO,
    base_name,
    is_url,
    local_path,
    standard_stream,
    url_files,
)
from declutter.corpus.readers.base import Draft, InputFile, InputKind, Reader, ReadOptions
from declutter.corpus.readers.files import FILE_SUFFIXES, file_drafts
from declutter.corpus.readers.jsonl import JSONL_SUFFIXES, draft_from_mapping, jsonl_drafts
from declutter.corpus.readers.parquet import PARQUET_SUFFIXES, parquet_drafts
from declutter.corpus.readers.warc import WARC_SUFFIXES, warc_drafts
from declutter.corpus.records import Record

__all__ = [
    "Corpus",
    "Draft",
    "InputFile",
    "ReadOptions",
    "draft_from_mapping",
    "expand_inputs",
    "input_kind",
]

#: Bytes of standard input read to tell its kind.
_HEAD = 4096
#: The reader of each kind of input.
READERS: dict[InputKind, Reader] = {
    "jsonl": jsonl_drafts,
    "warc": warc_drafts,
    "file": file_drafts,
    "parquet": parquet_drafts,
}


def input_kind(path: str | os.PathLike[str]) -> InputKind | None:
    """The reader for ``path`` by its suffix, or ``None``.

    >>> input_kind("crawl.warc.gz"), input_kind("CC.warc.wet.gz"), input_kind("a.jsonl.zst")
    ('warc', 'warc', 'jsonl')
    >>> input_kind("page.html"), input_kind("notes.md")
    ('file', None)
    """
    name = strip_compression(os.fspath(path).lower())
    if os.fspath(path).lower().endswith(PARQUET_SUFFIXES):
        return "parquet"
    if name.endswith(JSONL_SUFFIXES):
        return "jsonl"
    if name.endswith(WARC_SUFFIXES):
        return "warc"
    if name.endswith(FILE_SUFFIXES) and name == os.fspath(path).lower():
        return "file"
    return None


def expand_inputs(specs: Iterable[str]) -> list[InputFile]:
    """The input files named by ``specs`` (files, directories, glob patterns, URLs of any
    fsspec file system, ``-`` for standard input), in order.

    Raises ``InputError`` for a spec that names nothing or a file of unknown type.
    """
    found: list[InputFile] = []
    for spec in specs:
        if spec == STDIO:
            found.append(standard_input())
            continue
        if is_url(spec):
            urls, folder = url_files(spec)
            if folder:
                urls = [url for url in urls if input_kind(base_name(url))]
                if not urls:
                    raise InputError(
                        f"{spec}: no .jsonl, .warc, .wet, .parquet, .txt or .html files"
                    )
            found += [_input(Path(base_name(url)), base_name(url), url) for url in urls]
            continue
        path = Path(local_path(spec))
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and input_kind(p))
            if not files:
                raise InputError(
                    f"{spec}: no .jsonl, .warc, .wet, .parquet, .txt or .html files in it"
                )
            found += [_input(p, p.relative_to(path).as_posix()) for p in files]
        elif path.is_file():
            found.append(_input(path, path.name))
        else:
            matches = sorted(glob.glob(spec, recursive=True))
            files = [Path(m) for m in matches if Path(m).is_file()]
            if not files:
                raise InputError(f"{spec}: no such file, directory or matching files")
            found += [_input(p, p.name) for p in files]
    return found


def _input(path: Path, name: str, url: str | None = None) -> InputFile:
    kind = input_kind(path)
    if kind is None:
        raise InputError(
            f"{url or path}: unknown input type; expected .jsonl, .ndjson, .warc, .wet (each "
            "optionally .gz or .zst), .parquet, .txt or .html"
        )
    return InputFile(path, kind, name, url)


def standard_input() -> InputFile:
    """Standard input as an input file, its kind told by its first bytes: gzip or zstandard
    compressed or not, then WARC (``WARC/1.``) or else JSON Lines. Parquet needs a file it
    can seek in, so it is an ``InputError`` here."""
    first = standard_stream("rb").read(_HEAD)
    head, suffix = first, ""
    if head.startswith(b"\x1f\x8b"):
        suffix, head = ".gz", _inflate_head(head)
    elif head.startswith(b"\x28\xb5\x2f\xfd"):
        suffix, head = ".zst", b""
    if head.startswith(b"PAR1"):
        raise InputError("-: Parquet cannot be read from standard input (it needs a file)")
    kind: InputKind = "warc" if head.lstrip().startswith(b"WARC/1.") else "jsonl"
    name = f"stdin.{kind}{suffix}"
    return InputFile(Path(name), kind, "stdin", STDIO, first)


def _inflate_head(data: bytes) -> bytes:
    try:
        return zlib.decompressobj(31).decompress(data, 64)
    except zlib.error:
        return b""


class Corpus:
    """The records of ``inputs``, numbered from 0 in input order.

    ``total_bytes`` is the inputs' size on disk and ``read_bytes`` how much of it has been
    read so far (for progress); ``skipped`` counts WARC records that are not documents.
    """

    def __init__(self, inputs: list[InputFile], options: ReadOptions | None = None) -> None:
        self.inputs = inputs
        self.options = options or ReadOptions()
        self.total_bytes = sum(item.size for item in inputs)
        self.skipped: Counter[str] = Counter()
        self._done_bytes = 0
        self._raw: IO[bytes] | None = None

    @property
    def read_bytes(self) -> int:
        """Bytes of the input files read so far."""
        raw = self._raw
        if raw is None or raw.closed:
            return self._done_bytes
        try:
            return self._done_bytes + raw.tell()
        except (OSError, ValueError):
            return self._done_bytes

    def __iter__(self) -> Iterator[Record]:
        position = 0
        self.skipped.clear()
        self._done_bytes = 0
        override = self.options.format
        for item in self.inputs:
            for draft in self._drafts(item):
                yield Record(
                    position=position,
                    id=draft.id,
                    url=draft.url,
                    payload=draft.payload,
                    format=override or draft.format,
                    source=item.name,
                    charset=draft.charset,
                    error=draft.error,
                    damaged=draft.damaged,
                    fields=draft.fields,
                )
                position += 1
            self._done_bytes += item.size
            self._raw = None

    def _drafts(self, item: InputFile) -> Iterator[Draft]:
        try:
            raw = item.open()
        except OSError as error:
            reason = f"cannot read: {error.strerror or error}"
            yield Draft(item.name, None, b"", "auto", error=reason, damaged=True)
            return
        self._raw = raw
        with raw:
            yield from READERS[item.kind](item, raw, self.options, self.skipped)
