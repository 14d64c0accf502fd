"""Read the inputs of a dump as one stream of ``Record``s, numbered in input order.

Inputs are files, directories (every file with a known suffix under them, sorted) or glob
patterns. The reader is picked by suffix, compression (``.gz``, ``.zst``) stripped first:

- ``.jsonl`` / ``.ndjson``: one JSON object a line; the payload, id and url fields are
  configurable (``ReadOptions``);
- ``.warc`` / ``.wet`` (``declutter.corpus.warc``): HTML responses, or WET text conversions;
- ``.txt``, ``.html``, ``.htm``, ``.xhtml``, ``.shtml``: one document per file.

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
import json
import os
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

from declutter._errors import InputError
from declutter.corpus.compression import open_read, strip_compression
from declutter.corpus.records import PayloadFormat, Record

InputKind = Literal["jsonl", "warc", "file"]
_JSONL = (".jsonl", ".ndjson")
_WARC = (".warc", ".wet")
_TEXT = (".txt", ".text")
_HTML = (".html", ".htm", ".xhtml", ".shtml")
#: Errors a truncated or corrupt compressed stream raises while it is read.
STREAM_ERRORS = (EOFError, zlib.error, OSError)


@dataclass(frozen=True)
class ReadOptions:
    """How to read records: the JSON Lines fields, and the payload format.

    ``format`` overrides every reader's hint (JSON Lines: ``auto``; WARC: ``html``; WET and
    ``.txt``: ``text``; ``.html`` files: ``auto``).
    """

    field: str = "text"
    id_field: str = "id"
    url_field: str = "url"
    format: PayloadFormat | None = None


@dataclass(frozen=True)
class InputFile:
    """One input file, its reader, and the name its records' default ids start with."""

    path: Path
    kind: InputKind
    name: str

    @property
    def size(self) -> int:
        """The file's size on disk in bytes."""
        return self.path.stat().st_size


class Draft(NamedTuple):
    """A record before it gets its position."""

    id: str
    url: str | None
    payload: str | bytes
    format: PayloadFormat
    charset: str | None = None
    error: str | None = None


def input_kind(path: str | os.PathLike[str]) -> InputKind | None:
    """The reader for ``path`` by its suffix, or ``None``.

    >>> input_kind("crawl.warc.gz"), input_kind("CC.warc.wet.gz"), input_kind("a.jsonl.zst")
    ('warc', 'warc', 'jsonl')
    >>> input_kind("page.html"), input_kind("notes.md")
    ('file', None)
    """
    name = strip_compression(os.fspath(path).lower())
    if name.endswith(_JSONL):
        return "jsonl"
    if name.endswith(_WARC):
        return "warc"
    if name.endswith(_TEXT + _HTML) and name == os.fspath(path).lower():
        return "file"
    return None


def expand_inputs(specs: Iterable[str]) -> list[InputFile]:
    """The input files named by ``specs`` (files, directories, glob patterns), in order.

    Raises ``InputError`` for a spec that names nothing or a file of unknown type.
    """
    found: list[InputFile] = []
    for spec in specs:
        path = Path(spec)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and input_kind(p))
            if not files:
                raise InputError(f"{spec}: no .jsonl, .warc, .wet, .txt or .html files in it")
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


def _input(path: Path, name: str) -> InputFile:
    kind = input_kind(path)
    if kind is None:
        raise InputError(
            f"{path}: unknown input type; expected .jsonl, .ndjson, .warc, .wet (each optionally "
            ".gz or .zst), .txt or .html"
        )
    return InputFile(path, kind, name)


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
                )
                position += 1
            self._done_bytes += item.size
            self._raw = None

    def _drafts(self, item: InputFile) -> Iterator[Draft]:
        try:
            raw = open(item.path, "rb")  # noqa: SIM115 - closed below
        except OSError as error:
            yield Draft(item.name, None, b"", "auto", error=f"cannot read: {error.strerror}")
            return
        self._raw = raw
        with raw:
            if item.kind == "file":
                yield _file_draft(item, raw)
            elif item.kind == "jsonl":
                yield from _jsonl_drafts(item, raw, self.options)
            else:
                from declutter.corpus.warc import warc_drafts

                yield from warc_drafts(item, raw, self.skipped)


def _file_draft(item: InputFile, raw: IO[bytes]) -> Draft:
    fmt: PayloadFormat = "auto" if item.path.name.lower().endswith(_HTML) else "text"
    try:
        return Draft(item.name, None, raw.read(), fmt)
    except OSError as error:
        return Draft(item.name, None, b"", fmt, error=f"cannot read: {error}")


def _jsonl_drafts(item: InputFile, raw: IO[bytes], options: ReadOptions) -> Iterator[Draft]:
    count = number = 0
    try:
        with open_read(item.path, raw) as stream:
            for number, line in enumerate(stream, start=1):
                if not line.strip():
                    continue
                count += 1
                yield _json_draft(line, item.name, number, options)
    except STREAM_ERRORS as error:
        yield truncated(item.name, count, error, f"line {number + 1}")


def _json_draft(line: bytes, name: str, number: int, options: ReadOptions) -> Draft:
    default_id = f"{name}:{number}"
    try:
        obj = json.loads(line)
    except ValueError as error:
        return Draft(default_id, None, "", "auto", error=f"line {number}: not JSON ({error})")
    if not isinstance(obj, dict):
        return Draft(default_id, None, "", "auto", error=f"line {number}: not a JSON object")
    return draft_from_mapping(obj, default_id, options)


def draft_from_mapping(obj: Mapping[str, Any], default_id: str, options: ReadOptions) -> Draft:
    """A draft record from a JSON object or a dict (Dask bags use it too).

    >>> draft_from_mapping({"text": "Hi", "id": 7}, "x:1", ReadOptions())
    Draft(id='7', url=None, payload='Hi', format='auto', charset=None, error=None)
    >>> draft_from_mapping({"body": "Hi"}, "x:1", ReadOptions()).error
    "no field 'text' (fields: body)"
    """
    raw_id = obj.get(options.id_field)
    record_id = default_id if raw_id is None or raw_id == "" else str(raw_id)
    url = obj.get(options.url_field)
    url = url if isinstance(url, str) and url else None
    payload = obj.get(options.field)
    fmt: PayloadFormat = options.format or "auto"
    if payload is None:
        fields = ", ".join(sorted(map(str, obj))) or "none"
        return Draft(
            record_id, url, "", fmt, error=f"no field {options.field!r} (fields: {fields})"
        )
    if not isinstance(payload, str):
        kind = type(payload).__name__
        return Draft(record_id, url, "", fmt, error=f"field {options.field!r} is {kind}, not str")
    return Draft(record_id, url, payload, fmt)


def truncated(name: str, count: int, error: BaseException, where: str) -> Draft:
    """The error record of an input that could not be read to its end."""
    reason = str(error) or type(error).__name__
    return Draft(
        f"{name}#truncated",
        None,
        b"",
        "auto",
        error=f"input truncated or corrupt at {where}, after {count} records: {reason}",
    )
