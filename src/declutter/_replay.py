"""Replay a report: apply its kept/removed flags to the input it was made from.

A report is replayable by design: splitting the input into lines again and joining the lines the
report marks kept gives ``Result.text`` back. Replaying also checks that the report describes
this input, line by line.

>>> from declutter import clean_text
>>> text = "Load more\\n\\nThe council met on Tuesday and agreed the budget for next year."
>>> result = clean_text(text)
>>> apply_report(text, result.report()) == result.text
True
>>> apply_report("Another text", result.report())
Traceback (most recent call last):
...
declutter._errors.ReportMismatch: the report describes 3 lines, the text has 1
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from itertools import accumulate
from typing import Any

from declutter._errors import ReportMismatch
from declutter.render.invisible import without_invisible
from declutter.segment.text import segment_text

_SHOWN = 40


def apply_report(text: str, report: Mapping[str, Any]) -> str:
    """The lines of ``text`` that ``report`` marks kept, joined with newlines (invisible
    characters taken out, as ``Result.text`` does).

    ``report`` is ``Result.report()`` or one document of ``declutter.render.jsonl.read_report``.
    ``text`` is the input the report was made from (in HTML mode: the segmented text, that is
    the report's lines joined with newlines). Text is normalized and split into lines as the
    cleaner does; the segmented text of an HTML report is split on its newlines exactly, so a
    page without text (no line, ``""``) and an empty last line replay too.
    ``ReportMismatch`` is raised when the number of lines or the text or offsets of a line
    differ from the report's.

    >>> from declutter import clean_text
    >>> text = "Load more\\nThe council met on Tuesday and agreed the budget."
    >>> apply_report(text, clean_text(text).report()) == clean_text(text).text
    True
    """
    records = report.get("lines")
    if not isinstance(records, Sequence):
        raise ReportMismatch("the report has no 'lines' list")
    if report.get("format") == "html":
        lines, starts = _html_lines(text, len(records))
    else:
        document = segment_text(text)
        lines, starts = document.lines, document.starts
    if len(records) != len(lines):
        raise ReportMismatch(
            f"the report describes {len(records)} lines, the text has {len(lines)}"
        )
    kept: list[str] = []
    for index, (line, start, record) in enumerate(zip(lines, starts, records, strict=True)):
        _check_line(index + 1, line, start, record)
        if record["kept"]:
            kept.append(line)
    return without_invisible("\n".join(kept))


def _html_lines(text: str, count: int) -> tuple[list[str], list[int]]:
    """The lines of an HTML report's segmented ``text`` (its lines joined with newlines, kept
    exactly: an empty last line included) and their offsets; ``""`` is no line at all when the
    report has none (a page without text)."""
    lines = [] if not text and count == 0 else text.split("\n")
    return lines, [0, *accumulate(len(line) + 1 for line in lines[:-1])] if lines else []


def _check_line(number: int, line: str, start: int, record: Mapping[str, Any]) -> None:
    if not isinstance(record, Mapping) or not isinstance(record.get("kept"), bool):
        raise ReportMismatch(f"line {number} of the report has no 'kept' flag")
    if record.get("number", number) != number:
        raise ReportMismatch(f"line {number} of the report is numbered {record['number']}")
    expected = record.get("text")
    if expected is not None and expected != line:
        raise ReportMismatch(
            f"line {number} differs: the report has {_short(expected)}, the text {_short(line)}"
        )
    if record.get("start", start) != start:
        raise ReportMismatch(
            f"line {number} starts at offset {start}, the report says {record['start']}"
        )


def _short(text: str) -> str:
    return repr(text if len(text) <= _SHOWN else text[: _SHOWN - 1] + "…")
