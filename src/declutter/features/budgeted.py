"""``line_features`` of a long document a block of lines at a time, the time budget checked
between blocks, with the same result as measuring all lines at once.

Every measurement but two looks at one line only. ``title_match`` compares a line with the
document's first line: each block after the first is measured with the document's first line
before it (that row is then dropped). ``repeats`` counts a line's copies in the whole
document: it is counted again over all lines.

>>> lines = ["Budget agreed | City News", "Share", "Budget agreed", "Share"]
>>> calls = []
>>> blocks = measure_lines(lines, "en", check=calls.append, block=2)
>>> whole = line_features(lines, "en")
>>> same = [name for name in vars(whole) if _same(getattr(blocks, name), getattr(whole, name))]
>>> len(same) == len(vars(whole)), calls
(True, ['measuring the lines'])
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import Any

import numpy as np

from declutter.features.text import _DEFAULT_LINE_CHARS, LineFeatures, _repeats, line_features

#: Lines measured at a time when a time budget is checked while measuring.
MEASURE_BLOCK = 65_536


def measure_lines(
    lines: list[str],
    language: str,
    *,
    max_line_chars: int = _DEFAULT_LINE_CHARS,
    check: Callable[[str], None] | None = None,
    block: int = MEASURE_BLOCK,
) -> LineFeatures:
    """``line_features(lines, language)``; with ``check``, a document of more than ``block``
    lines is measured ``block`` lines at a time and ``check("measuring the lines")`` is called
    between blocks (it raises to stop)."""
    if check is None or len(lines) <= block:
        return line_features(lines, language, max_line_chars=max_line_chars)
    parts = [line_features(lines[:block], language, max_line_chars=max_line_chars)]
    for low in range(block, len(lines), block):
        check("measuring the lines")
        measured = line_features(
            [lines[0], *lines[low : low + block]], language, max_line_chars=max_line_chars
        )
        parts.append(_without_first_row(measured))
    return _joined(parts, lines, max_line_chars)


def _without_first_row(measured: LineFeatures) -> LineFeatures:
    values: dict[str, Any] = {}
    for field in dataclasses.fields(LineFeatures):
        value = getattr(measured, field.name)
        if field.name == "long_tokens":
            value = {index - 1: tokens for index, tokens in value.items() if index}
        else:
            value = value[1:]
        values[field.name] = value
    return LineFeatures(**values)


def _joined(parts: list[LineFeatures], lines: list[str], max_line_chars: int) -> LineFeatures:
    values: dict[str, Any] = {}
    for field in dataclasses.fields(LineFeatures):
        if field.name == "long_tokens":
            tokens: dict[int, list[str]] = {}
            offset = 0
            for part in parts:
                tokens.update((offset + i, found) for i, found in part.long_tokens.items())
                offset += len(part.chars)
            values[field.name] = tokens
        else:
            values[field.name] = np.concatenate([getattr(part, field.name) for part in parts])
    if any(len(line) > max_line_chars for line in lines):
        lines = [line[:max_line_chars] for line in lines]
    values["repeats"] = _repeats(lines)
    return LineFeatures(**values)


def _same(left: Any, right: Any) -> bool:
    """Whether two measurements are equal (arrays: same dtype and values)."""
    if isinstance(left, np.ndarray):
        return bool(left.dtype == right.dtype and np.array_equal(left, right))
    return bool(left == right)
