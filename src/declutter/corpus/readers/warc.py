"""WARC and WET (``.warc``, ``.wet``, each optionally ``.gz`` or ``.zst``).

WARC: ``response`` records of HTTP 2xx with an HTML content type (``text/html``,
``application/xhtml+xml``) become records with the raw payload bytes and the charset of the
HTTP ``Content-Type`` header (``Record.charset``, which the HTML decoder prefers to a
``<meta>`` charset); their HTTP message is parsed by FastWARC (the ``warc`` extra), which
undoes transfer and content encodings. WET: ``conversion`` records become text records.
Everything else is skipped and counted by reason (``warcinfo record``, ``request record``,
``non-HTML response``, ``HTTP status 3xx``...).

Records are framed by ``warc_frames``, which checks every record's ``Content-Length``
against the bytes that follow it. Nothing is lost without a record:

- a record that is not well framed (a wrong ``Content-Length``, a header without one,
  garbage between records) becomes an error record naming the byte range skipped, and
  reading goes on at the next ``WARC/1.`` header;
- an HTML response whose block is over ``ReadOptions.max_record_bytes`` is read past in
  pieces and becomes an error record;
- a stream cut inside a record, or a compressed stream that cannot be inflated to its end,
  ends with a ``#truncated`` error record.

Skipped ranges and cuts are ``damaged`` drafts: the dump exits non-zero on them.
"""

from __future__ import annotations

import io
import re
from collections import Counter
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from declutter._errors import MissingDependency
from declutter.corpus.compression import compression_of, open_read
from declutter.corpus.readers.base import (
    STREAM_ERRORS,
    Draft,
    InputFile,
    ReadOptions,
    carried_fields,
    truncated,
)
from declutter.corpus.readers.warc_frames import Frame, Gap, Oversize, frames
from declutter.corpus.records import PayloadFormat

#: The suffixes of WARC and WET files (before any compression suffix).
WARC_SUFFIXES = (".warc", ".wet")
HTML_TYPES = frozenset({"text/html", "application/xhtml+xml"})
_RECORD_END = b"\r\n\r\n"
_STATUS = re.compile(rb"HTTP/\d(?:\.\d)?[ \t]+(\d{3})")
_HTTP_FIELD = re.compile(rb"^([^\s:]+)[ \t]*:[ \t]*([^\r\n]*)", re.MULTILINE)
_ENCODING_FIELDS = (b"transfer-encoding", b"content-encoding")
#: An HTTP head is looked for in this many bytes of a block.
_MAX_HTTP_HEAD = 1 << 16


def _fastwarc() -> Any:
    try:
        from fastwarc import warc
    except ImportError:
        raise MissingDependency(
            "reading WARC files needs FastWARC: pip install 'declutter-web[warc]'"
        ) from None
    return warc


def warc_drafts(
    item: InputFile, raw: IO[bytes], options: ReadOptions, skipped: Counter[str]
) -> Iterator[Draft]:
    """The documents of one WARC or WET file (see the module doc)."""
    _fastwarc()  # needed for encoded bodies: missing, it stops the dump here, not mid-file
    compressed = compression_of(item.path) is not None
    count = 0
    try:
        stream = open_read(item.path, raw) if compressed else raw
        for frame in frames(stream, max_block=options.max_record_bytes):
            draft, reason = _draft(frame, item.name, count)
            if draft is None:
                skipped[reason] += 1
                continue
            if options.keep_fields and draft.error is None and isinstance(frame, Frame):
                draft = draft._replace(fields=carried_fields(header_fields(frame.header)))
            count += 1
            yield draft
    except STREAM_ERRORS as error:  # the stream could not even be opened
        yield truncated(item.name, count, error, "byte 0")


def _draft(frame: Frame | Oversize | Gap, name: str, count: int) -> tuple[Draft | None, str]:
    if isinstance(frame, Gap):
        return _gap(frame, name, count), ""
    headers = warc_headers(frame.header)
    kind = headers.get("warc-type") or "unknown"
    url = headers.get("warc-target-uri") or None
    record_id = headers.get("warc-record-id") or url or ""
    if kind not in ("response", "conversion"):
        return None, f"{kind} record"
    if isinstance(frame, Oversize):
        return _oversize(frame, kind, record_id, url)
    if kind == "conversion":
        return Draft(record_id, url, frame.block, "text", "utf-8"), ""
    return _response(frame, record_id, url)


def _response(frame: Frame, record_id: str, url: str | None) -> tuple[Draft | None, str]:
    head = http_head(frame.block)
    if head is None:
        return None, "non-HTTP response"
    if (refused := _refusal(head)) is not None:
        return None, refused
    if head.body >= 0 and not head.encoded:  # the body as it is: no need for FastWARC
        payload = frame.block[head.body :]
        if not payload:
            return None, "empty response"
        return Draft(record_id, url, payload, "html", head.charset), ""
    data = frame.header + _RECORD_END + frame.block + _RECORD_END
    iterator = _fastwarc().ArchiveIterator(
        io.BytesIO(data), parse_http=True, stream_detect=False, auto_decode="all"
    )
    try:
        return _decoded(next(iter(iterator), None), record_id, url)
    except (OSError, ValueError, EOFError) as error:  # FastWARC's errors on a broken message
        reason = f"WARC record at byte {frame.start:,}: unreadable HTTP response ({error})"
        return Draft(record_id, url, b"", "html", error=reason), ""


def _decoded(record: Any, record_id: str, url: str | None) -> tuple[Draft | None, str]:
    """The draft of a response whose body FastWARC decoded (transfer or content encoding)."""
    if record is None or not record.is_http or record.http_headers is None:
        return None, "non-HTTP response"
    payload = record.reader.read()
    if not payload:
        return None, "empty response"
    return Draft(record_id, url, payload, "html", record.http_charset or None), ""


class HttpHead(NamedTuple):
    """What a WARC reader needs of an HTTP response's head: the status, the media type (lower
    case, without parameters), the charset parameter (lower case), whether the body has a
    transfer or content encoding, and where the body starts (-1: the head does not end)."""

    status: int
    media_type: str
    charset: str | None
    encoded: bool
    body: int


def http_head(block: bytes) -> HttpHead | None:
    """The head of the HTTP response ``block`` starts with, or ``None`` if it is not one.

    >>> http_head(b'HTTP/1.1 200 OK\\r\\nContent-Type: text/HTML; Charset="UTF-8"\\r\\n\\r\\nhi')
    HttpHead(status=200, media_type='text/html', charset='utf-8', encoded=False, body=61)
    """
    status = _STATUS.match(block)
    if status is None:
        return None
    end = block.find(_RECORD_END, 0, _MAX_HTTP_HEAD)
    head = block[: end if end >= 0 else _MAX_HTTP_HEAD]
    media_type, charset, encoded = "", None, False
    for name, value in _HTTP_FIELD.findall(head):
        name = name.lower()
        if name == b"content-type" and not media_type:
            media_type, charset = _media_type(value.decode("latin-1"))
        elif name in _ENCODING_FIELDS and value.strip().lower() not in (b"", b"identity"):
            encoded = True
    body = end + len(_RECORD_END) if end >= 0 else -1
    return HttpHead(int(status.group(1)), media_type, charset, encoded, body)


def _media_type(value: str) -> tuple[str, str | None]:
    kind, *parameters = value.split(";")
    charset = None
    for parameter in parameters:
        name, _, found = parameter.partition("=")
        if name.strip().lower() == "charset":
            charset = found.strip().strip("\"'").strip().lower() or None
    return kind.strip().lower(), charset


def _refusal(head: HttpHead) -> str | None:
    """Why a response with this head is not a document (skipped), or ``None``."""
    if not 200 <= head.status < 300:
        return f"HTTP status {head.status // 100}xx"
    if head.media_type not in HTML_TYPES:
        return "non-HTML response"
    return None


def _oversize(
    frame: Oversize, kind: str, record_id: str, url: str | None
) -> tuple[Draft | None, str]:
    if kind == "response":
        head = http_head(frame.head)
        if head is None:
            return None, "non-HTTP response"
        if (refused := _refusal(head)) is not None:
            return None, refused
    reason = (
        f"WARC record at byte {frame.start:,}: block of {frame.length:,} bytes, over "
        "max_record_bytes (passed over unread)"
    )
    fmt: PayloadFormat = "text" if kind == "conversion" else "html"
    return Draft(record_id, url, b"", fmt, error=reason), ""


def _gap(gap: Gap, name: str, count: int) -> Draft:
    if gap.tail:
        reason = gap.error or gap.reason
        cut = EOFError(f"{reason} (bytes {gap.start:,}-{gap.end:,} not read)")
        return truncated(name, count, cut, f"byte {gap.start:,}")
    return Draft(
        f"{name}#bytes-{gap.start}-{gap.end}",
        None,
        b"",
        "auto",
        error=(
            f"bytes {gap.start:,}-{gap.end:,} skipped: {gap.reason}; reading went on at the "
            "next WARC/1. header"
        ),
        damaged=True,
    )


def header_fields(header: bytes) -> list[tuple[str, str]]:
    """The named fields of a WARC header block as they are written, in order.

    >>> header_fields(b"WARC/1.0\\r\\nWARC-Type: response\\r\\nWARC-Date: 2024-01-01T00:00:00Z")
    [('WARC-Type', 'response'), ('WARC-Date', '2024-01-01T00:00:00Z')]
    """
    pairs = []
    for line in header.decode("utf-8", "replace").split("\r\n")[1:]:
        name, colon, value = line.partition(":")
        if colon:
            pairs.append((name.strip(), value.strip()))
    return pairs


def warc_headers(header: bytes) -> dict[str, str]:
    """The named fields of a WARC header block, by lower-case name (the first of repeated
    names); the version line is left out.

    >>> warc_headers(b"WARC/1.0\\r\\nWARC-Type: response\\r\\nContent-Length: 5")
    {'warc-type': 'response', 'content-length': '5'}
    """
    fields: dict[str, str] = {}
    for name, value in header_fields(header):
        fields.setdefault(name.lower(), value)
    return fields
