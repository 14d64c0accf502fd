"""Cleaning of candidate values: whitespace, ISO 8601 dates, author names."""

from __future__ import annotations

import html
import re
from datetime import date

_SPACE = re.compile(r"\s+")
_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT = re.compile(r"\b(20\d{2}|19\d{2})(\d{2})(\d{2})\b")
_SLASHED = re.compile(r"\b(\d{4})[/.](\d{1,2})[/.](\d{1,2})\b")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january", "janvier", "januar", "enero"),
            ("feb", "february", "février", "fevrier", "februar", "febrero"),
            ("mar", "march", "mars", "märz", "marzo"),
            ("apr", "april", "avril", "abril"),
            ("may", "mai", "mayo"),
            ("jun", "june", "juin", "juni", "junio"),
            ("jul", "july", "juillet", "juli", "julio"),
            ("aug", "august", "août", "aout", "agosto"),
            ("sep", "sept", "september", "septembre", "septiembre"),
            ("oct", "october", "octobre", "oktober", "octubre"),
            ("nov", "november", "novembre", "noviembre"),
            ("dec", "december", "décembre", "decembre", "dezember", "diciembre"),
        ],
        start=1,
    )
    for name in names
}
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\.?\s+({_MONTH_WORD})\.?,?\s+(\d{{4}})\b", re.I
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I
)
_BY = re.compile(r"^\s*(?:written\s+)?(?:by|von|par|por|door|di|av)\s*:?\s+", re.I)
# A match starts where a run of spaces starts and takes it whole (linear on long runs).
_AUTHOR_TAIL = re.compile(
    r"(?<!\s)(?:\s*+(?:[|,•·]|\bon\b|\bupdated\b|\bpublished\b|\d)|\s++-\s).*$", re.I
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


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def iso_date(value: str) -> str | None:
    """The first date in ``value`` as ISO 8601 (time and offset kept when given), else ``None``.

    >>> iso_date("2024-03-07T09:30:00+01:00"), iso_date("March 7th, 2024"), iso_date("7 mars 2024")
    ('2024-03-07T09:30:00+01:00', '2024-03-07', '2024-03-07')
    >>> iso_date("no date here") is None
    True
    """
    text = value.strip()
    match = _ISO.search(text)
    if match:
        day = _valid(int(match[1]), int(match[2]), int(match[3]))
        if day is None:
            return None
        if match[4]:
            return f"{day}T{match[4]}{match[5] or ''}"
        return day
    for pattern, order in ((_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy")):
        found = pattern.search(text)
        if found:
            parts = dict(zip(order, found.groups(), strict=True))
            return _valid(int(parts["y"]), _MONTHS[parts["m"].lower()], int(parts["d"]))
    found = _SLASHED.search(text) or _COMPACT.search(text)
    if found:
        return _valid(int(found[1]), int(found[2]), int(found[3]))
    return None


def author_name(value: str) -> str | None:
    """A person's name from a byline: "By " and trailing dates or roles removed.

    >>> author_name("By Jane Doe | March 3, 2024"), author_name("Jane Doe, Staff Writer")
    ('Jane Doe', 'Jane Doe')
    >>> author_name("https://example.com/authors/jane") is None
    True
    """
    text = squash(_BY.sub("", squash(value)))
    text = squash(_AUTHOR_TAIL.sub("", text))
    if not text or "://" in text or "@" in text or len(text) > 60 or len(text.split()) > 6:
        return None
    if not any(ch.isalpha() for ch in text):
        return None
    return text
