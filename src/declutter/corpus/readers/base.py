"""What every reader shares: the input file, the draft record, the read options, the reader
protocol, and the error record of an input that could not be read to its end.

A reader turns one open input file into ``Draft``s (records before their position, which
``Corpus`` gives them) and counts what it skips by reason. It never raises for bad input: a
bad line or document becomes a draft with an ``error``, and a cut or corrupt stream ends with
the draft of ``truncated``. A draft that stands for input bytes that could not be read as
records (a cut, a skipped stretch of a WARC) is ``damaged``: the dump reports it and exits
non-zero, because part of its input was not read.

>>> truncated("a.jsonl.gz", 3, EOFError("cut"), "line 4")
... # doctest: +NORMALIZE_WHITESPACE
Draft(id='a.jsonl.gz#truncated', url=None, payload=b'', format='auto', charset=None,
      error='input truncated or corrupt at line 4, after 3 records: cut', damaged=True)
"""

from __future__ import annotations

import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Literal, NamedTuple, Protocol

from declutter.corpus.limits import MAX_RECORD_BYTES
from declutter.corpus.records import PayloadFormat

#: The readers, by the name ``InputFile.kind`` gives them.
InputKind = Literal["jsonl", "warc", "file"]
#: Errors a truncated or corrupt compressed stream raises while it is read.
STREAM_ERRORS = (EOFError, zlib.error, OSError)


@dataclass(frozen=True)
class ReadOptions:
    """How to read records: the JSON Lines fields, the payload format, the size cap.

    ``format`` overrides every reader's hint (JSON Lines: ``auto``; WARC: ``html``; WET and
    ``.txt``: ``text``; ``.html`` files: ``auto``). ``max_record_bytes`` caps one JSON line
    (decompressed), one WARC record block and one file: a larger one is passed over without
    being held in memory and becomes an error record.
    """

    field: str = "text"
    id_field: str = "id"
    url_field: str = "url"
    format: PayloadFormat | None = None
    max_record_bytes: int = MAX_RECORD_BYTES

    def __post_init__(self) -> None:
        if self.max_record_bytes < 1:
            raise ValueError(f"max_record_bytes must be positive, not {self.max_record_bytes}")


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
    damaged: bool = False


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
