"""Dates written by people or machines, read as ISO 8601: ``2024-03-07T09:30:00+01:00``,
``March 7th, 2024``, ``7 mars 2024``, ``5 de março de 2024``, ``2024 Mar 7``, ``07.03.2024``,
``3/7/2024``.

Month names: English, French, German, Spanish, Italian, Portuguese and Dutch (full and the
usual abbreviations). Numeric dates: a part above 12 is the day; else ``D.M.YYYY`` and
``D-M-YYYY`` are day first, and with ``/`` ``day_first`` decides (the page's language: month
first for American English, day first elsewhere). Two-digit years are not read
(too ambiguous), nor relative dates ("3 days ago": the page gives no time to count from).
"""

from __future__ import annotations

import re
from datetime import date

_ISO = re.compile(
    r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}:\d{2}(?::\d{2})?(?:\.\d+)?)(Z|[+-]\d{2}:?\d{2})?)?"
)
_COMPACT = re.compile(r"\b(20\d{2}|19\d{2})(\d{2})(\d{2})\b")
# Year first: slashes or dashes, or dots with two-digit parts (not a version like 2024.5.0).
_YEAR_FIRST = re.compile(r"\b(\d{4})(?:/(\d{1,2})/(\d{1,2})|\.(\d{2})\.(\d{2}))\b")
_NUMERIC = re.compile(r"(?<![\d.:/-])(\d{1,2})([./-])(\d{1,2})\2(\d{4})\b(?![.:/-]\d)")
_MONTH_NAMES = (
    ("jan", "january", "janvier", "januar", "enero", "gennaio", "janeiro", "januari", "janv"),
    ("feb", "february", "février", "fevrier", "februar", "febrero", "febbraio", "fevereiro",
     "februari", "févr", "fév", "fev"),
    ("mar", "march", "mars", "märz", "marzo", "março", "marco", "maart", "mrz"),
    ("apr", "april", "avril", "abril", "aprile", "avr"),
    ("may", "mai", "mayo", "maggio", "maio", "mei"),
    ("jun", "june", "juin", "juni", "junio", "giugno", "junho"),
    ("jul", "july", "juillet", "juli", "julio", "luglio", "julho", "juil"),
    ("aug", "august", "août", "aout", "agosto", "augustus"),
    ("sep", "sept", "september", "septembre", "septiembre", "settembre", "setembro"),
    ("oct", "october", "octobre", "oktober", "octubre", "ottobre", "outubro", "okt"),
    ("nov", "november", "novembre", "noviembre", "novembro"),
    ("dec", "december", "décembre", "decembre", "dezember", "diciembre", "dicembre",
     "dezembro", "déc", "dez"),
)  # fmt: skip
_MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, start=1) for name in names}
_MONTH_WORD = "|".join(sorted(_MONTHS, key=len, reverse=True))
_DAY_MONTH_YEAR = re.compile(
    rf"\b(\d{{1,2}})(?:st|nd|rd|th|er|º)?\.?\s+(?:de\s+)?({_MONTH_WORD})\.?,?\s+(?:de\s+)?"
    rf"(\d{{4}})\b",
    re.I,
)
_MONTH_DAY_YEAR = re.compile(
    rf"\b({_MONTH_WORD})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})\b", re.I
)
_YEAR_MONTH_DAY = re.compile(rf"\b(\d{{4}})\s+({_MONTH_WORD})\.?\s+(\d{{1,2}})\b", re.I)


def _valid(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2100:
        return None
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def find_date(value: str, *, day_first: bool = False) -> tuple[str, int, int] | None:
    """The first date in ``value`` as ``(iso, start, end)``: ISO 8601 (time and offset kept
    when given) and the span of ``value`` it was read from; ``None`` without a date.

    >>> find_date("Updated Dec 18, 2025 · 12 min read")
    ('2025-12-18', 8, 20)
    >>> find_date("Posted on 05/04/2024", day_first=True)[0], find_date("Posted on 05/04/2024")[0]
    ('2024-04-05', '2024-05-04')
    """
    match = _ISO.search(value)
    if match:
        day = _valid(int(match[1]), int(match[2]), int(match[3]))
        if day is None:
            return None
        if match[4]:
            day = f"{day}T{match[4]}{match[5] or ''}"
        return day, match.start(), match.end()
    found: list[tuple[int, int, str]] = []
    for pattern, order in (
        (_DAY_MONTH_YEAR, "dmy"), (_MONTH_DAY_YEAR, "mdy"), (_YEAR_MONTH_DAY, "ymd"),
    ):  # fmt: skip
        named = pattern.search(value)
        if named:
            parts = dict(zip(order, named.groups(), strict=True))
            day = _valid(int(parts["y"]), _MONTHS[parts["m"].lower()], int(parts["d"]))
            if day:
                found.append((named.start(), named.end(), day))
    numeric = _NUMERIC.search(value)
    if numeric:
        first, separator, second, year = numeric.groups()
        a, b = int(first), int(second)
        dmy = a > 12 or (b <= 12 and (day_first or separator != "/"))
        day = _valid(int(year), b, a) if dmy else _valid(int(year), a, b)
        if day:
            found.append((numeric.start(), numeric.end(), day))
    year_first = _YEAR_FIRST.search(value) or _COMPACT.search(value)
    if year_first:
        y, m, d = (group for group in year_first.groups() if group is not None)
        day = _valid(int(y), int(m), int(d))
        if day:
            found.append((year_first.start(), year_first.end(), day))
    if not found:
        return None
    start, end, day = min(found)
    return day, start, end


def iso_date(value: str, *, day_first: bool = False) -> str | None:
    """The first date in ``value`` as ISO 8601 (time and offset kept when given), else ``None``.

    >>> iso_date("2024-03-07T09:30:00+01:00"), iso_date("March 7th, 2024"), iso_date("7 mars 2024")
    ('2024-03-07T09:30:00+01:00', '2024-03-07', '2024-03-07')
    >>> iso_date("5 de março de 2024"), iso_date("2023 Jan 7"), iso_date("23.07.2025")
    ('2024-03-05', '2023-01-07', '2025-07-23')
    >>> iso_date("no date here") is None, iso_date("version 2024.5.0") is None
    (True, True)
    """
    found = find_date(value.strip(), day_first=day_first)
    return found[0] if found else None
