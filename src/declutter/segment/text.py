"""Segment plain text into lines: newline and Unicode normalization, control characters.

>>> doc = segment_text("Title\\r\\n\\r\\nBody\\x00 text")
>>> doc.lines, doc.starts
(['Title', '', 'Body text'], [0, 6, 7])
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from itertools import accumulate

from declutter import native
from declutter.decode.surrogates import repair_surrogates

# C0 and C1 controls except tab and newline, DEL, and the zero-width no-break space (BOM).
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufeff]")


@dataclass(frozen=True)
class TextDocument:
    """A normalized document split on newlines; ``starts`` are the lines' offsets in ``text``."""

    text: str
    lines: list[str]
    starts: list[int]


def normalize_text(text: str) -> str:
    """Unify newlines (``\\r\\n``, ``\\r``), drop control characters, compose to NFC; lone
    surrogates become U+FFFD (``declutter.decode.surrogates``)."""
    text = repair_surrogates(text)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _has_control(text):
        text = _CONTROL.sub("", text)
    if not text.isascii() and not _plainly_nfc(text) and not unicodedata.is_normalized("NFC", text):
        text = unicodedata.normalize("NFC", text)
    return text


def _plainly_nfc(text: str) -> bool:
    """A quick test that ``text`` is in NFC (false negatives are fine)."""
    compiled = native.kernel("text")
    return compiled is not None and bool(compiled.plainly_nfc(text))


def _has_control(text: str) -> bool:
    compiled = native.kernel("text")
    if compiled is not None:
        return bool(compiled.has_control(text))
    return not _plainly_printable(text) and _CONTROL.search(text) is not None


def _plainly_printable(text: str) -> bool:
    """A quick test that ``text`` has no control character (false negatives are fine)."""
    return text.replace("\n", "").replace("\t", "").replace("\u00a0", "").isprintable()


def segment_text(text: str) -> TextDocument:
    """Normalize ``text`` and split it into lines (a trailing newline gives no extra line)."""
    text = normalize_text(text)
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n")
    compiled = native.kernel("text")
    if compiled is not None:
        starts: list[int] = compiled.line_starts(lines)
    else:
        starts = [0, *accumulate(len(line) + 1 for line in lines[:-1])]
    return TextDocument(text=text, lines=lines, starts=starts)
