"""Cleaning of candidate values: whitespace, HTML character references, author names
(dates: ``dates.py``)."""

from __future__ import annotations

import html
import re

_SPACE = re.compile(r"\s+")
_BY = re.compile(
    r"^\s*(?:(?:written|posted|articles|posts|stories|view all posts)\s+)?"
    r"(?:by|von|par|por|door|di|av)\s*:?\s+|^\s*more\s+from\s+",
    re.I,
)
# A match starts where a run of spaces starts and takes it whole (linear on long runs).
_AUTHOR_TAIL = re.compile(
    r"(?<!\s)(?:\s*+(?:[|,•·»«]|\bon\b|\bupdated\b|\bpublished\b)|\s++\d|\s++-\s).*$", re.I
)


def unescape(value: str) -> str:
    """HTML character references decoded (JSON-LD and meta contents often carry them twice).

    >>> unescape("M&amp;#038;A &#8211; deals")
    'M&A – deals'
    """
    for _ in range(2):
        value = html.unescape(value)
    return value


def squash(value: str) -> str:
    """Collapse whitespace and trim.

    >>> squash("  Budget\\n  agreed ")
    'Budget agreed'
    """
    return _SPACE.sub(" ", value).strip()


def author_name(value: str) -> str | None:
    """A person's name from a byline: "By " and trailing dates or roles removed.

    >>> author_name("By Jane Doe | March 3, 2024"), author_name("Jane Doe, Staff Writer")
    ('Jane Doe', 'Jane Doe')
    >>> author_name("https://example.com/authors/jane") is None, author_name("pippin06")
    (True, 'pippin06')
    """
    text = squash(_BY.sub("", squash(value)))
    text = squash(_AUTHOR_TAIL.sub("", text))
    if not text or "://" in text or "@" in text or len(text) > 60 or len(text.split()) > 6:
        return None
    if not any(ch.isalpha() for ch in text):
        return None
    return text
