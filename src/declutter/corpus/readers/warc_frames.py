"""Split a WARC stream into records, and find the next record again after a broken one.

A WARC record is a header block (``WARC/1.x`` then ``Name: value`` lines, up to a blank
line), a content block of ``Content-Length`` bytes, and ``\\r\\n\\r\\n``. ``frames`` checks that
framing for every record, so a wrong ``Content-Length`` is noticed at that record instead
of making a parser stop (or swallow the records after it): the next ``WARC/1.`` line is
looked for from the broken record's header on, the bytes in between become one ``Gap``, and
reading goes on there. A length too long by exactly the records that follow (it ends where a
later record ends) is caught too: a block that holds, from a record boundary on, a chain of
well-framed records ending with it is not one record (unless it is an archived WARC file,
``Content-Type: application/warc``, or its ``WARC-Block-Digest`` says it is one). A block
over ``max_block`` bytes is read past in pieces, never held whole (an ``Oversize``); a stream
that ends inside a record ends with a ``Gap`` marked ``tail``. Offsets count bytes of the
stream given (the decompressed one for ``.gz``).

>>> good = b"WARC/1.0\\r\\nWARC-Type: resource\\r\\nContent-Length: 2\\r\\n\\r\\nhi\\r\\n\\r\\n"
>>> bad = good.replace(b"Length: 2", b"Length: 9")
>>> for item in frames(io.BytesIO(good + bad + good + good[:30]), max_block=1000):
...     print(type(item).__name__, item.start, getattr(item, "reason", "-"))
Frame 0 -
Gap 58 Content-Length 9 does not end at a record boundary
Frame 116 -
Gap 174 the input ends inside a WARC record header
"""

from __future__ import annotations

import base64
import hashlib
import io
import re
from collections.abc import Iterator
from typing import IO, NamedTuple

from declutter.corpus.readers.base import STREAM_ERRORS

#: The start of a record.
MAGIC = b"WARC/1."
#: A header block longer than this is not one.
MAX_HEADER = 1 << 16
#: How much of an oversize block is kept.
HEAD = 1 << 14
_PIECE = 1 << 16
_HEADER_END = b"\r\n\r\n"
#: A record header right after a record boundary, inside a block.
_NESTED = _HEADER_END + MAGIC
#: How many such headers of one block are followed (each a walk to the block's end at most).
_NESTED_TRIES = 16
_WHITESPACE = b" \t\r\n"
_LENGTH = re.compile(rb"^content-length[ \t]*:[ \t]*(\d+)[ \t]*\r?$", re.IGNORECASE | re.MULTILINE)


class Frame(NamedTuple):
    """One well-framed record: its offset, header block (without the blank line) and block."""

    start: int
    header: bytes
    block: bytes


class Oversize(NamedTuple):
    """A well-framed record whose block (``length`` bytes) is over the cap: only its first
    ``HEAD`` bytes were kept (``head``, enough for the HTTP headers)."""

    start: int
    header: bytes
    length: int
    head: bytes


class Gap(NamedTuple):
    """Bytes ``start``-``end`` that are not a well-framed record; ``tail``: the stream ends
    there (cut); ``error``: what the decompressor said, if it stopped the stream."""

    start: int
    end: int
    reason: str
    tail: bool = False
    error: str | None = None


class _Buffer:
    """The unread bytes of a stream, ``offset`` being the stream position of the first."""

    def __init__(self, stream: IO[bytes]) -> None:
        self._read = getattr(stream, "read1", stream.read)
        self.data = bytearray()
        self.offset = 0
        self.eof = False
        self.error: str | None = None

    def fill(self, size: int) -> bool:
        """Make at least ``size`` bytes available if the stream has them."""
        while len(self.data) < size and not self.eof:
            try:
                piece = self._read(_PIECE)
            except STREAM_ERRORS as error:  # keep what came before the cut
                self.error = str(error) or type(error).__name__
                piece = b""
            if not piece:
                self.eof = True
                break
            self.data += piece
        return len(self.data) >= size

    def drop(self, size: int) -> None:
        """Forget the first ``size`` bytes."""
        del self.data[:size]
        self.offset += size

    def skip_whitespace(self) -> None:
        while self.fill(1):
            kept = self.data.lstrip(_WHITESPACE)
            self.drop(len(self.data) - len(kept))
            if self.data:
                return

    def find_magic(self, start: int) -> int:
        """The index of the next ``WARC/1.`` at a line start from index ``start``, reading on
        (and dropping what lies before ``start``) until found; -1 at the end of the stream."""
        while True:
            found = self.data.find(b"\n" + MAGIC, max(start - 1, 0))
            if found >= 0:
                return found + 1
            if self.eof:
                return -1
            keep = max(start, len(self.data) - len(MAGIC) - 1)
            self.drop(keep)  # a long gap is scanned in pieces, not held
            start -= keep
            self.fill(len(self.data) + _PIECE)


def frames(stream: IO[bytes], *, max_block: int) -> Iterator[Frame | Oversize | Gap]:
    """The records of ``stream``, and the gaps between them (see the module doc)."""
    buffer = _Buffer(stream)
    while True:
        buffer.skip_whitespace()
        if not buffer.data:
            if buffer.error is not None:  # cut at a record boundary: still a cut
                at = buffer.offset
                yield Gap(at, at, "the stream is cut or corrupt", tail=True, error=buffer.error)
            return
        start = buffer.offset
        problem = _frame(buffer, max_block)
        if isinstance(problem, (Frame, Oversize)):
            yield problem
            continue
        if buffer.offset != start and buffer.data.startswith(MAGIC):
            resume = 0  # at a header kept aside while an oversize block was read past
        else:
            resume = buffer.find_magic(1 if buffer.offset == start else 0)
        if resume < 0:
            end = buffer.offset + len(buffer.data)
            yield Gap(start, end, problem, tail=True, error=buffer.error)
            return
        yield Gap(start, buffer.offset + resume, problem)
        buffer.drop(resume)


def _frame(buffer: _Buffer, max_block: int) -> Frame | Oversize | str:
    """Read one record at the buffer's start, or say why it is not one (the buffer is then
    unchanged, or starts at a header kept aside by ``_read_past``)."""
    if not buffer.fill(len(MAGIC)) or not buffer.data.startswith(MAGIC):
        if not buffer.data.startswith(MAGIC[: len(buffer.data)]):
            return "no WARC/1. header where a record should start"
        return "the input ends inside a WARC record header"
    end = -1
    while end < 0:
        end = buffer.data.find(_HEADER_END, 0, MAX_HEADER)
        if end < 0 and (len(buffer.data) >= MAX_HEADER or not buffer.fill(len(buffer.data) + 1)):
            if len(buffer.data) >= MAX_HEADER:
                return f"a WARC header longer than {MAX_HEADER:,} bytes"
            return "the input ends inside a WARC record header"
    header = bytes(buffer.data[:end])
    lengths = _LENGTH.findall(header)
    if len(lengths) != 1:
        return "no Content-Length in the WARC header" if not lengths else "two Content-Lengths"
    length = int(lengths[0])
    body = end + len(_HEADER_END)
    if length > max_block:
        return _read_past(buffer, header, body, length)
    if not buffer.fill(body + length):
        return f"Content-Length {length:,} runs past the end of the input"
    if not _boundary(buffer, body + length):
        return f"Content-Length {length:,} does not end at a record boundary"
    block = bytes(buffer.data[body : body + length])
    swallowed = _records_inside(header, block)
    if swallowed:
        return (
            f"Content-Length {length:,} ends where a later record ends: its block holds "
            f"{swallowed} more WARC record{'s' if swallowed > 1 else ''}"
        )
    start = buffer.offset
    buffer.drop(body + length)
    return Frame(start, header, block)


def _records_inside(header: bytes, block: bytes) -> int:
    """How many records a too-long ``Content-Length`` swallowed: the block holds, from a
    record boundary (``\\r\\n\\r\\n``) on, a chain of well-framed WARC records that ends
    exactly where the block does (0: none).

    A record that archives a WARC file (``Content-Type: application/warc``), and one whose
    ``WARC-Block-Digest`` matches the whole block, holds them on purpose.
    """
    at = block.find(_NESTED)
    if at < 0:
        return 0
    fields = _fields(header)
    if fields.get(b"content-type", b"").partition(b";")[0].strip().lower() == b"application/warc":
        return 0
    for _ in range(_NESTED_TRIES):
        chain = _chain(block, at + len(_HEADER_END))
        if chain:
            return 0 if _digest_matches(fields.get(b"warc-block-digest"), block) else chain
        at = block.find(_NESTED, at + 1)
        if at < 0:
            break
    return 0


def _chain(block: bytes, at: int) -> int:
    """The number of well-framed records from ``block[at:]`` (a ``WARC/1.`` header) to the
    end of ``block`` exactly, or 0 if they do not end there."""
    count = 0
    while at < len(block):
        if not block.startswith(MAGIC, at):
            return 0
        end = block.find(_HEADER_END, at, at + MAX_HEADER)
        lengths = _LENGTH.findall(block, at, end) if end >= 0 else []
        if len(lengths) != 1:
            return 0
        at = end + len(_HEADER_END) + int(lengths[0])
        count += 1
        if at == len(block):
            return count
        if not block.startswith(_HEADER_END, at):
            return 0
        while at < len(block) and block[at] in _WHITESPACE:
            at += 1
    return 0


def _fields(header: bytes) -> dict[bytes, bytes]:
    """The ``Name: value`` lines of a header block, names lowercased."""
    fields = {}
    for line in header.split(b"\n")[1:]:
        name, colon, value = line.partition(b":")
        if colon:
            fields[name.strip().lower()] = value.strip()
    return fields


def _digest_matches(digest: bytes | None, block: bytes) -> bool:
    """Whether ``digest`` (``sha1:`` in base32 or hex, as WARC writers give it) is the
    block's."""
    if digest is None or not digest.lower().startswith(b"sha1:"):
        return False
    value = digest[5:].strip().upper()
    sha1 = hashlib.sha1(block, usedforsecurity=False).digest()
    return value in (base64.b32encode(sha1), sha1.hex().upper().encode())


def _read_past(buffer: _Buffer, header: bytes, body: int, length: int) -> Oversize | str:
    """Drop an oversize record piece by piece. From the first ``WARC/1.`` line inside its
    block on, up to ``len(header) + length`` bytes are kept aside: if the record does not end
    where its ``Content-Length`` says, they go back into the buffer, so reading can go on
    at that header (a wrong length never hides the records after it)."""
    start = buffer.offset
    buffer.fill(body + HEAD)
    head = bytes(buffer.data[body : body + min(length, HEAD)])
    remaining = body + length
    kept: bytearray | None = None
    kept_at = 0
    while remaining > 0:
        if not buffer.fill(min(remaining, _PIECE) + len(MAGIC) + 1) and not buffer.data:
            break
        step = min(remaining, len(buffer.data))
        if kept is None:
            found = buffer.data.find(b"\n" + MAGIC, body if buffer.offset == start else 0)
            if 0 <= found < step:
                kept, kept_at = bytearray(buffer.data[found + 1 : step]), buffer.offset + found + 1
        elif len(kept) <= len(header) + length:
            kept += buffer.data[:step]
        buffer.drop(step)
        remaining -= step
    if remaining == 0 and _boundary(buffer, 0):
        return Oversize(start, header, length, head)
    if kept is not None:
        buffer.data[:0] = kept
        buffer.offset = kept_at
    if remaining:
        return f"Content-Length {length:,} runs past the end of the input"
    return f"Content-Length {length:,} does not end at a record boundary"


def _boundary(buffer: _Buffer, at: int) -> bool:
    """Whether a record may end at index ``at``: the ``\\r\\n\\r\\n`` that ends a record, or
    else only whitespace, then ``WARC/1.`` or the end of the stream."""
    buffer.fill(at + len(_HEADER_END))
    if buffer.data.startswith(_HEADER_END, at):
        return True
    while True:
        rest = buffer.data[at:].lstrip(_WHITESPACE)
        if len(rest) >= len(MAGIC) or buffer.eof:
            return not rest or rest.startswith(MAGIC)
        if not buffer.fill(len(buffer.data) + 1):
            rest = buffer.data[at:].lstrip(_WHITESPACE)
            return not rest or rest.startswith(MAGIC)


def read_all(data: bytes, max_block: int) -> list[Frame | Oversize | Gap]:
    """``frames`` of a bytes object (for tests and small inputs)."""
    return list(frames(io.BytesIO(data), max_block=max_block))
