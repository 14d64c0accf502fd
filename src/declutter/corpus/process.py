"""What a worker does with a chunk of records: clean them, or count their lines for templates.

Everything here runs in worker processes (or in the main process with ``--jobs 1``) and
returns plain data: output bytes ready to append, error records, and a ``Tally``. A record
that raises is caught here, becomes an error record with its reason, and the chunk goes on.

>>> from declutter.corpus.records import Record
>>> worker = Worker(CleanOptions())
>>> records = [Record(0, "a", "https://example.com/a", "Share this\\nThe council met on Monday "
...            "and agreed the budget for next year.", "text", "in.jsonl"),
...            Record(1, "b", None, b"\\xff\\xfe\\x00", "text", "in.jsonl", charset="no-such")]
>>> chunk = worker.clean(records)
>>> chunk.tally.records, chunk.tally.written, chunk.tally.failed
(2, 1, 1)
>>> json.loads(chunk.output)["text"]
'The council met on Monday and agreed the budget for next year.'
>>> json.loads(chunk.errors)["reason"]
"unknown encoding 'no-such'"
"""

from __future__ import annotations

import base64
import json
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from declutter import native
from declutter._api import Cleaner
from declutter._config import DEFAULT_CONFIG, Config
from declutter._errors import DeclutterError
from declutter._result import REPORT_SCHEMA, Result
from declutter._version import __version__
from declutter.corpus.compression import Compression, compress_block
from declutter.corpus.limits import DUMP_MAX_BYTES, DUMP_MAX_SECONDS
from declutter.corpus.records import PayloadFormat, Record
from declutter.segment.document import segment_document
from declutter.templates import (
    PAGE_MARKER,
    TemplateTable,
    apply_templates,
    host_hash,
    page_hashes,
)

OutputKind = Literal["jsonl", "directory", "parquet"]
#: The configuration dump workers clean with by default: ``DEFAULT_CONFIG`` with the budgets.
DUMP_CONFIG = DEFAULT_CONFIG.replace(max_bytes=DUMP_MAX_BYTES, max_seconds=DUMP_MAX_SECONDS)
#: The key under which a Parquet output row gets its carried fields as JSON text, as read
#: (no JSON key is likely to be named so; ``corpus.parquet`` takes it out).
CARRIED_JSON = "declutter\0fields"
#: On every output record: the declutter that made it and the schema of its ``report``.
PROVENANCE: dict[str, str] = {"version": __version__, "report_schema": REPORT_SCHEMA}
_UNSAFE = re.compile(r"[^A-Za-z0-9._-]+")
#: What ``Worker.warm_up`` cleans: a small page in each format a dump can meet.
_WARM_UP_PAGES: tuple[tuple[PayloadFormat, str | None, str | bytes], ...] = (
    (
        "html",
        "https://example.com/warm-up",
        b"<html><head><title>Warm-up</title></head><body><nav><a href='/'>Home</a></nav>"
        b"<p>The council met on Monday and agreed the budget for next year.</p>"
        b"<footer>Share this</footer></body></html>",
    ),
    ("text", None, "Share this\nThe council met on Monday and agreed the budget for next year."),
    ("auto", None, "<p>The council met on Monday and agreed the budget for next year.</p>"),
)


@dataclass(frozen=True)
class CleanOptions:
    """How workers clean and what they return.

    ``config`` defaults to ``DUMP_CONFIG`` (budgets per document); ``encoding`` forces the
    charset of byte payloads (else: HTTP charset, then detection); ``compression`` compresses
    each chunk's JSON Lines as one block (gzip member, zstd frame). ``report_file``: also
    return each written record's report for the ``--report`` file (``report_line``),
    compressed as ``report_compression`` says.
    """

    config: Config = DUMP_CONFIG
    encoding: str | None = None
    with_report: bool = False
    output: OutputKind = "jsonl"
    compression: Compression | None = None
    report_file: bool = False
    report_compression: Compression | None = None


@dataclass
class Tally:
    """Counts over records, added up chunk by chunk (and kept across a resume)."""

    records: int = 0
    written: int = 0
    failed: int = 0
    damaged: int = 0
    payload_bytes: int = 0
    text_chars: int = 0
    lines_total: int = 0
    lines_kept: int = 0
    removed: Counter[str] = field(default_factory=Counter)

    def add(self, other: Tally) -> None:
        """Add ``other``'s counts to these."""
        self.records += other.records
        self.written += other.written
        self.failed += other.failed
        self.damaged += other.damaged
        self.payload_bytes += other.payload_bytes
        self.text_chars += other.text_chars
        self.lines_total += other.lines_total
        self.lines_kept += other.lines_kept
        self.removed.update(other.removed)

    def to_dict(self) -> dict[str, Any]:
        """The counts as a JSON-ready dict."""
        data = {k: v for k, v in vars(self).items() if k != "removed"}
        return {**data, "removed": dict(sorted(self.removed.items()))}

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Tally:
        """Counts read back from ``to_dict``."""
        fields = {k: v for k, v in data.items() if k != "removed"}
        return cls(**fields, removed=Counter(data.get("removed", {})))


@dataclass(frozen=True)
class Outcome:
    """What became of one record: its output record (``data``, ``result`` and ``text`` set) or
    its error record (``result`` is ``None``); ``line`` is ``data`` as a JSON line."""

    record: Record
    data: dict[str, Any]
    line: bytes
    result: Result | None = None
    text: str = ""


@dataclass
class CleanedChunk:
    """One chunk's output: JSON Lines bytes (``output``), output records for a Parquet file
    (``rows``) or text files (``files``); error records (``errors``, JSON Lines), reports
    (``reports``, for ``--report``), and its tally."""

    first: int
    count: int
    output: bytes = b""
    files: list[tuple[str, bytes]] = field(default_factory=list)
    rows: list[dict[str, Any]] = field(default_factory=list)
    errors: bytes = b""
    reports: bytes = b""
    tally: Tally = field(default_factory=Tally)


class Worker:
    """Cleans chunks of records with one configuration (one per process)."""

    def __init__(self, options: CleanOptions) -> None:
        self.options = options
        self.cleaner = Cleaner(options.config)
        self._tables: dict[str, TemplateTable] = {}

    def table(self, path: str | None) -> TemplateTable | None:
        """The template table saved at ``path``, loaded once per process."""
        if path is None:
            return None
        if path not in self._tables:
            self._tables = {path: TemplateTable.load(Path(path))}
        return self._tables[path]

    def warm_up(self) -> None:
        """Load now what cleaning loads on first use: the compiled kernels (and their
        self-tests), the lexicon, the models and the language tables, by cleaning a small
        page in each format with this worker's options (the output is discarded).

        A pool forked after this inherits them, instead of each worker loading them again
        on its first record.
        """
        native.status()
        pages = [
            Record(-1, "warm-up", url, payload, fmt, "warm-up")
            for fmt, url, payload in _WARM_UP_PAGES
        ]
        for _ in self.outcomes(pages):
            pass

    def clean(self, records: Sequence[Record], table: TemplateTable | None = None) -> CleanedChunk:
        """Clean ``records``; failures become error records."""
        first = records[0].position if records else 0
        chunk = CleanedChunk(first, len(records))
        tally = chunk.tally
        out: list[bytes] = []
        errors: list[bytes] = []
        reports: list[bytes] = []
        for outcome in self.outcomes(records, table):
            tally.records += 1
            tally.payload_bytes += outcome.record.size
            result = outcome.result
            if result is None:
                errors.append(outcome.line)
                tally.failed += 1
                tally.damaged += outcome.record.damaged
                continue
            if self.options.output == "jsonl":
                out.append(outcome.line)
            elif self.options.output == "parquet":
                chunk.rows.append(outcome.data)
            else:
                chunk.files.append((text_file_name(outcome.record), outcome.text.encode("utf-8")))
            if self.options.report_file:
                reports.append(report_line(outcome.record, result))
            tally.written += 1
            tally.text_chars += len(outcome.text)
            stats = result.stats
            tally.lines_total += stats.lines_total
            tally.lines_kept += stats.lines_kept
            tally.removed.update({k.value: c.lines for k, c in stats.removed.items()})
        chunk.output = compress_block(b"".join(out), self.options.compression) if out else b""
        chunk.errors = b"".join(errors)
        if reports:
            chunk.reports = compress_block(b"".join(reports), self.options.report_compression)
        return chunk

    def outcomes(
        self, records: Iterable[Record], table: TemplateTable | None = None
    ) -> Iterator[Outcome]:
        """Clean each record: its output record, or its error record if it failed."""
        for record in records:
            if record.error is not None:
                data = error_record(record, record.error, "input" if record.damaged else "read")
                yield Outcome(record, data, error_line(data))
                continue
            try:
                result = self.clean_record(record, table)
                text = result.markdown if self.options.config.output == "markdown" else result.text
                data = output_record(record, result, text, self.options)
                yield Outcome(record, data, json_line(data), result, text)
            except Exception as error:  # one bad record must not stop the dump
                data = error_record(record, describe(error), "clean")
                yield Outcome(record, data, error_line(data))

    def clean_record(self, record: Record, table: TemplateTable | None = None) -> Result:
        """Clean one record as its format says, then remove its host's template lines."""
        encoding = self.options.encoding or record.charset
        result = self.cleaner.clean(
            record.payload, format=record.format, url=record.url, encoding=encoding
        )
        if table is not None:
            result = apply_templates(
                result, table, record.host, kept_kinds=self.options.config.kept_kinds
            )
        return result

    def count(self, records: Iterable[Record]) -> dict[int, int]:
        """Template counts of ``records``: for each ``host << 64 | line`` key, the number of
        pages it is on (line ``PAGE_MARKER``: the number of pages). Pages without a host, and
        pages that cannot be read, are not counted."""
        counts: Counter[int] = Counter()
        for record in records:
            if record.host is None or record.error is not None:
                continue
            try:
                lines = self.document_lines(record)
            except Exception:  # the cleaning pass reports it
                continue
            base = host_hash(record.host) << 64
            counts[base | PAGE_MARKER] += 1
            counts.update(base | line for line in page_hashes(lines))
        return dict(counts)

    def document_lines(self, record: Record) -> list[str]:
        """The lines ``clean_record`` would see for ``record`` (segmentation only)."""
        encoding = self.options.encoding or record.charset
        return segment_document(record.payload, record.format, encoding=encoding).lines


def output_record(
    record: Record, result: Result, text: str, options: CleanOptions
) -> dict[str, Any]:
    """The JSON object written for one cleaned record: its id and url, the fields it carries
    from its input (``Record.fields``), then what cleaning made of it, stamped with
    ``PROVENANCE`` (the ``declutter`` field), so a corpus says which version cleaned it.
    ``docs/dump.md`` has the layout."""
    data: dict[str, Any] = {"id": record.id, "url": record.url}
    if isinstance(record.fields, str) and options.output == "parquet":
        data[CARRIED_JSON] = record.fields  # the Parquet ``fields`` column, as read
    elif isinstance(record.fields, str):
        data.update(json.loads(record.fields))
    elif record.fields is not None:
        data.update(record.fields)
    data |= {
        "format": result.format.value,
        "language": result.language,
        "text": text,
        "stats": result.stats.to_dict(),
        "declutter": dict(PROVENANCE),
    }
    if options.with_report:
        data["report"] = result.report()
    return data


def report_line(record: Record, result: Result) -> bytes:
    """The line of the ``--report`` file for one written record: its id, url and position
    (which join it to its output record) and its per-line report (``Result.report()``)."""
    data = {
        "id": record.id,
        "url": record.url,
        "position": record.position,
        "report": result.report(),
    }
    return json_line(data)


def error_record(record: Record, reason: str, stage: str) -> dict[str, Any]:
    """The JSON object written to the errors file for a record that failed; ``stage`` is
    ``read`` (the record could not be read), ``input`` (input bytes that could not be read
    as records: a cut, a skipped stretch), ``clean`` (cleaning failed) or ``worker`` (the
    worker process cleaning it died or hung)."""
    return {
        "id": record.id,
        "url": record.url,
        "source": record.source,
        "position": record.position if record.position >= 0 else None,
        "stage": stage,
        "reason": reason,
    }


def describe(error: Exception) -> str:
    """A one-line reason for ``error``: its message for declutter's own errors, else its type
    and message."""
    if isinstance(error, DeclutterError):
        return str(error)
    return f"internal error ({type(error).__name__}: {error})"


def merge_chunks(parts: list[CleanedChunk]) -> CleanedChunk:
    """The chunk made of consecutive ``parts`` (blocks are whole gzip members or zstd frames,
    so their bytes concatenate)."""
    first = parts[0].first if parts else 0
    merged = CleanedChunk(first, sum(part.count for part in parts))
    merged.output = b"".join(part.output for part in parts)
    merged.errors = b"".join(part.errors for part in parts)
    merged.reports = b"".join(part.reports for part in parts)
    for part in parts:
        merged.files += part.files
        merged.rows += part.rows
        merged.tally.add(part.tally)
    return merged


def lost_chunk(record: Record, reason: str) -> CleanedChunk:
    """The chunk of one record whose worker process died or hung: its error record."""
    line = error_line(error_record(record, reason, "worker"))
    tally = Tally(records=1, failed=1, payload_bytes=record.size)
    return CleanedChunk(record.position, 1, errors=line, tally=tally)


def text_file_name(record: Record) -> str:
    """The file a record's text goes to in a directory output: its position and its id.

    >>> text_file_name(Record(12, "https://example.com/a b", None, "", "text", "x"))
    '000000012-example.com_a_b.txt'
    """
    slug = _UNSAFE.sub("_", record.id.split("://", 1)[-1])[-60:].strip("._")
    return f"{record.position:09d}-{slug}.txt" if slug else f"{record.position:09d}.txt"


def json_line(data: dict[str, Any]) -> bytes:
    """An output record as ``declutter dump`` writes it: one JSON line, UTF-8."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"), default=json_value)
    return (text + "\n").encode("utf-8")


def json_value(value: Any) -> Any:
    """A JSON form of a carried value JSON has no type for (from a Parquet row): dates and
    times in ISO 8601, bytes as base64, decimals and anything else as their text.

    >>> import datetime, decimal
    >>> [json_value(v) for v in (datetime.date(2024, 1, 2), b"hi", decimal.Decimal("1.50"))]
    ['2024-01-02', 'aGk=', '1.50']
    """
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    return str(value)


def error_line(data: dict[str, Any]) -> bytes:
    """An error record as a JSON line; ASCII, so that any id or reason can be written."""
    return (json.dumps(data, separators=(",", ":")) + "\n").encode("ascii")


# Process-pool plumbing: one ``Worker`` per process, made by the pool's initializer.
_WORKER: Worker | None = None


def init_worker(options: CleanOptions) -> Worker:
    """Pool initializer: build this process's worker (and return it)."""
    global _WORKER
    _WORKER = Worker(options)
    return _WORKER


def _worker() -> Worker:
    if _WORKER is None:
        raise RuntimeError("init_worker was not called in this process")
    return _WORKER


def clean_chunk(records: list[Record], table_path: str | None) -> CleanedChunk:
    """Pool task: clean one chunk (with the template table saved at ``table_path``)."""
    worker = _worker()
    return worker.clean(records, worker.table(table_path))


def count_chunk(records: list[Record]) -> dict[int, int]:
    """Pool task: the template counts of one chunk."""
    return _worker().count(records)
