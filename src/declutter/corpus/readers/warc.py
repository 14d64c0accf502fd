"""WARC and WET (``.warc``, ``.wet``, each optionally ``.gz`` or ``.zst``) through FastWARC
(the ``warc`` extra).

WARC: ``response`` records of HTTP 2xx with an HTML content type (``text/html``,
``application/xhtml+xml``) become records with the raw payload bytes and the charset of the
HTTP ``Content-Type`` header (``Record.charset``, which the HTML decoder prefers to a
``<meta>`` charset). WET: ``conversion`` records become text records. Everything else is
skipped and counted by reason (``warcinfo record``, ``request record``, ``non-HTML
response``, ``HTTP status 3xx``...).

FastWARC stops silently at a cut in its input; this module does not. Compressed inputs are
decompressed by Python (``gzip``, ``zstandard``), whose ``EOFError`` at a cut member becomes an
error record; in an uncompressed WARC, bytes after the last record FastWARC returned mean
the file was cut inside a record, which becomes an error record too.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from typing import IO, Any

from declutter._errors import MissingDependency
from declutter.corpus.compression import compression_of, open_read
from declutter.corpus.readers.base import (
    STREAM_ERRORS,
    Draft,
    InputFile,
    ReadOptions,
    truncated,
)

#: The suffixes of WARC and WET files (before any compression suffix).
WARC_SUFFIXES = (".warc", ".wet")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_HEADER_END = b"\r\n\r\n"
#: Reads from a decompressing stream go this far at a time, so a cut loses at most this much.
_PIECE = 1 << 16


def _fastwarc() -> Any:
    try:
        from fastwarc import warc
    except ImportError:
        raise MissingDependency(
            "reading WARC and WET files needs FastWARC: pip install 'declutter-web[warc]'"
        ) from None
    return warc


class _Guarded:
    """A stream that ends, instead of raising, where its source is cut; remembers the error."""

    def __init__(self, stream: IO[bytes]) -> None:
        self.stream = stream
        # read1: one step of the decompressor at a time; read(n) would lose the bytes it
        # had gathered when the step after them fails.
        self._read = getattr(stream, "read1", stream.read)
        self.error: BaseException | None = None
        self._position = 0

    def read(self, size: int = -1) -> bytes:
        if self.error is not None:
            return b""
        pieces: list[bytes] = []
        wanted = size if size >= 0 else 1 << 62
        while wanted > 0:
            try:
                piece = self._read(min(wanted, _PIECE))
            except STREAM_ERRORS as error:  # keep what came before the cut
                self.error = error
                break
            if not piece:
                break
            pieces.append(piece)
            wanted -= len(piece)
        data = b"".join(pieces)
        self._position += len(data)
        return data

    def tell(self) -> int:
        return self._position

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return False


def warc_drafts(
    item: InputFile, raw: IO[bytes], options: ReadOptions, skipped: Counter[str]
) -> Iterator[Draft]:
    """The documents of one WARC or WET file (see the module doc); ``options`` has nothing
    for WARC (``ReadOptions.format`` applies in ``Corpus``)."""
    warc = _fastwarc()
    compressed = compression_of(item.path) is not None
    stream = _Guarded(open_read(item.path, raw) if compressed else raw)
    count = 0
    last: tuple[int, int] | None = None
    try:
        records = warc.ArchiveIterator(
            stream, parse_http=True, stream_detect=False, auto_decode="all"
        )
        for record in records:
            last = (record.stream_pos, _block_length(record))
            draft, reason = _draft(record)
            if draft is None:
                skipped[reason] += 1
                continue
            count += 1
            yield draft
    except STREAM_ERRORS as error:  # FastWARC's own parse errors are OSError
        stream.error = stream.error or error
    if stream.error is not None:
        yield truncated(item.name, count, stream.error, "a WARC record")
    elif not compressed:
        leftover = _bytes_after_last_record(raw, last, item.size)
        if leftover:
            where = f"byte {item.size - leftover:,}"
            cut = EOFError(f"{leftover:,} bytes after the last complete WARC record")
            yield truncated(item.name, count, cut, where)


def _draft(record: Any) -> tuple[Draft | None, str]:
    kind = record.headers.get("WARC-Type") or "unknown"
    url = record.headers.get("WARC-Target-URI") or None
    record_id = record.record_id or url or ""
    if kind == "conversion":
        return Draft(record_id, url, record.reader.read(), "text", "utf-8"), ""
    if kind != "response":
        return None, f"{kind} record"
    if not record.is_http or record.http_headers is None:
        return None, "non-HTTP response"
    status = record.http_headers.status_code or 0
    if not 200 <= status < 300:
        return None, f"HTTP status {status // 100}xx"
    content_type = (record.http_content_type or "").lower()
    if content_type not in HTML_TYPES:
        return None, "non-HTML response"
    payload = record.reader.read()
    if not payload:
        return None, "empty response"
    return Draft(record_id, url, payload, "html", record.http_charset or None), ""


def _block_length(record: Any) -> int:
    """The WARC block length of ``record`` (its ``Content-Length`` header)."""
    try:
        return int(record.headers.get("Content-Length") or 0)
    except ValueError:
        return 0


def _bytes_after_last_record(raw: IO[bytes], last: tuple[int, int] | None, size: int) -> int:
    """How many non-blank bytes of an uncompressed WARC follow its last complete record."""
    start = 0
    if last is not None:
        position, length = last
        raw.seek(position)
        head = raw.read(65536)
        cut = head.find(_HEADER_END)
        if cut < 0:
            return size - position
        start = position + cut + len(_HEADER_END) + length
    remaining = size - start
    if remaining <= 0:
        return 0
    raw.seek(start)
    return remaining if raw.read(65536).strip() else 0
