"""What every reader shares: the input file, the draft record, the read options, the reader
protocol, and the error record of an input that could not be read to its end.

A reader turns one open input file into ``Draft``s (records before their position, which
``Corpus`` gives them) and counts what it skips by reason. It never raises for bad input: a
bad line or document becomes a draft with an ``error``, and a cut or corrupt stream ends with
the draft of ``truncated``. A draft that stands for input bytes that could not be read as
records (a cut, a skipped stretch of a WARC) is ``damaged``: the dump reports it and exits
non-zero, because part of its input was not read.

>>> cut = truncated("a.jsonl.gz", 3, EOFError("cut"), "line 4")
>>> cut.id, cut.error, cut.damaged
('a.jsonl.gz#truncated', 'input truncated or corrupt at line 4, after 3 records: cut', True)
"""

from __future__ import annotations

import io
import json
import zlib
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple, Protocol

from declutter.corpus.limits import MAX_RECORD_BYTES
from declutter.corpus.locations import STDIO, Prefixed, open_url, standard_stream, url_size
from declutter.corpus.records import PayloadFormat

#: The readers, by the name ``InputFile.kind`` gives them.
InputKind = Literal["jsonl", "warc", "file", "parquet"]
#: Errors a truncated or corrupt compressed stream raises while it is read.
STREAM_ERRORS = (EOFError, zlib.error, OSError)


@dataclass(frozen=True)
class ReadOptions:
    """How to read records: the JSON Lines fields, the payload format, the size cap.

    ``format`` overrides every reader's hint (JSON Lines: ``auto``; WARC: ``html``; WET and
    ``.txt``: ``text``; ``.html`` files: ``auto``). ``max_record_bytes`` caps one JSON line
    (decompressed), one WARC record block and one file: a larger one is passed over without
    being held in memory and becomes an error record. ``keep_fields`` carries the other
    fields of each record to the output (JSON Lines: every field but the payload, id and url
    fields; WARC: the WARC headers); see ``carried_fields``.
    """

    field: str = "text"
    id_field: str = "id"
    url_field: str = "url"
    format: PayloadFormat | None = None
    max_record_bytes: int = MAX_RECORD_BYTES
    keep_fields: bool = True

    def __post_init__(self) -> None:
        if self.max_record_bytes < 1:
            raise ValueError(f"max_record_bytes must be positive, not {self.max_record_bytes}")


@dataclass(frozen=True)
class InputFile:
    """One input file, its reader, and the name its records' default ids start with.

    ``url`` is where a file that is not local is read from: an fsspec URL, or ``-`` for
    standard input; ``path`` is then only the name its suffixes are read from. ``head``: the
    first bytes of standard input, read to tell its kind (``open`` gives them back).
    """

    path: Path
    kind: InputKind
    name: str
    url: str | None = None
    head: bytes = b""

    @cached_property
    def size(self) -> int:
        """The file's size in bytes (0 if unknown: standard input, a store that does not
        say)."""
        if self.url is None:
            return self.path.stat().st_size
        return 0 if self.url == STDIO else url_size(self.url)[0]

    @property
    def version(self) -> str:
        """What changes when the file does (a resume must find the same inputs)."""
        if self.url is None:
            return f"{self.path.resolve()}:{self.size}:{self.path.stat().st_mtime_ns}"
        return f"{self.url}:{self.size}:{url_size(self.url)[1]}"

    @property
    def rereadable(self) -> bool:
        """Whether the file can be read twice (standard input cannot)."""
        return self.url != STDIO

    def open(self) -> IO[bytes]:
        """The file, opened for binary reading."""
        if self.url is None:
            return open(self.path, "rb")
        if self.url == STDIO:
            return io.BufferedReader(Prefixed(self.head, standard_stream("rb")))
        return open_url(self.url, "rb")


class Draft(NamedTuple):
    """A record before it gets its position."""

    id: str
    url: str | None
    payload: str | bytes
    format: PayloadFormat
    charset: str | None = None
    error: str | None = None
    damaged: bool = False
    fields: str | dict[str, Any] | None = None


#: The keys of an output record that declutter writes; a carried field of one of these
#: names is written as ``input_<name>``.
OUTPUT_KEYS = frozenset({"id", "url", "format", "language", "text", "stats", "declutter", "report"})


def carried_fields(pairs: Iterable[tuple[str, Any]]) -> str | None:
    """The fields a record carries to the output, as the text of one JSON object (it pickles
    cheaply to workers, at any nesting), or ``None`` if there are none. A name that is one
    of ``OUTPUT_KEYS`` gets the prefix ``input_``; a repeated name (a WARC header may
    repeat) keeps its values joined by ``", "``, as HTTP combines repeated fields.

    >>> carried_fields([("crawl", "CC-2024"), ("language", "de"), ("n", [1, 2])])
    '{"crawl":"CC-2024","input_language":"de","n":[1,2]}'
    >>> carried_fields([("WARC-Concurrent-To", "<a>"), ("WARC-Concurrent-To", "<b>")])
    '{"WARC-Concurrent-To":"<a>, <b>"}'
    >>> carried_fields([]) is None
    True
    """
    fields = carried_dict(pairs)
    if fields is None:
        return None
    return json.dumps(fields, ensure_ascii=False, separators=(",", ":"))


def carried_dict(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any] | None:
    """``carried_fields`` as a dict (values kept as they are), or ``None`` if empty.

    >>> carried_dict([("text", "raw"), ("n", 1)])
    {'input_text': 'raw', 'n': 1}
    """
    fields: dict[str, Any] = {}
    for name, value in pairs:
        key = carried_name(name)
        if key in fields and isinstance(value, str) and isinstance(fields[key], str):
            fields[key] = f"{fields[key]}, {value}"
        else:
            fields[key] = value
    return fields or None


def carried_name(name: str) -> str:
    """The output name of a carried field: ``input_<name>`` for one of ``OUTPUT_KEYS``."""
    return f"input_{name}" if name in OUTPUT_KEYS else name


class Reader(Protocol):
    """Reads the drafts of one input file.

    ``raw`` is the file opened for binary reading (the reader decompresses it if it needs to;
    ``Corpus`` closes it and reads its position for progress); ``skipped`` is where the
    reader counts, by reason, records it passes over that are not documents.
    """

    def __call__(
        self, item: InputFile, raw: IO[bytes], options: ReadOptions, skipped: Counter[str]
    ) -> Iterator[Draft]: ...


def truncated(name: str, count: int, error: BaseException, where: str) -> Draft:
    """The error record of an input that could not be read to its end."""
    reason = str(error) or type(error).__name__
    return Draft(
        f"{name}#truncated",
        None,
        b"",
        "auto",
        error=f"input truncated or corrupt at {where}, after {count} records: {reason}",
        damaged=True,
    )
