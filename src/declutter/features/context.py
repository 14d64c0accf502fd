"""The context columns of a line (``CONTEXT``): its neighbours, the main text block, the page
title, end-of-article markers and the previous stage's scores.

Each context model stage rescores the lines from the scores of the stage before. The columns
read ``ContextInputs``: the document's line columns (``ContextDocument``, made once) and one
stage's scores. Columns that do not depend on the scores (``per_stage=False``) are computed
once per document.

>>> from declutter.features.line import LINE, LineInputs
>>> from declutter.features.text import line_features
>>> texts = ["Share", "The council met on Monday, and it agreed.", "Load more"]
>>> line_rows = LINE.matrix(LineInputs(texts, line_features(texts, "en"), [None] * 3))
>>> document = ContextDocument(dict(zip(LINE.names, line_rows.T)))
>>> CONTEXT.matrix(ContextInputs(document, np.array([0.1, 0.9, 0.1]))).shape == (3, len(CONTEXT))
True
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cached_property

import numpy as np

from declutter.features.columns import Column, ColumnGroup, FloatArray
from declutter.features.line import rule_code
from declutter.rules.registry import END_MARKER_FAMILIES

_END_MARKER_CODES = np.array(sorted(rule_code(f) for f in END_MARKER_FAMILIES), np.float64)
#: Neighbours whose scores are columns: 1 to 4 lines before (``prev``), and after (``next``).
SCORE_SHIFTS = (1, 2, 3, 4, -1, -2, -3, -4)
#: Radii (in lines) of the windows whose length-weighted mean score is a column.
SCORE_RADII = (2, 5, 10, 25)
#: Radii of the windows whose share of rule-decided lines is a column.
RULE_RADII = (3, 10)


def main_block(scores: FloatArray, chars: FloatArray) -> tuple[int, int]:
    """The run of lines with the largest content mass ``sum((score - 0.5) * chars)``.

    Returns ``(first, last)`` indices, or ``(-1, -1)`` when no line scores above 0.5.

    >>> main_block(np.array([0.1, 0.9, 0.2, 0.8, 0.1]), np.array([10.0, 100, 5, 80, 50]))
    (1, 3)
    """
    gains = (scores - 0.5) * chars
    if gains.size == 0 or gains.max() <= 0:
        return -1, -1
    prefix = np.concatenate(([0.0], np.cumsum(gains)))
    lowest = np.minimum.accumulate(prefix)
    last = int(np.argmax(prefix[1:] - lowest[:-1]))
    first = int(np.argmin(prefix[: last + 1]))
    return first, last


def shift(values: FloatArray, by: int, fill: float = -1.0) -> FloatArray:
    """``values`` moved ``by`` lines down (up if negative), ``fill`` where nothing moved in.

    >>> shift(np.array([1.0, 2.0, 3.0]), 1).tolist(), shift(np.array([1.0, 2.0, 3.0]), -1).tolist()
    ([-1.0, 1.0, 2.0], [2.0, 3.0, -1.0])
    """
    out = np.full_like(values, fill)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def window_mean(values: FloatArray, weights: FloatArray, radius: int) -> FloatArray:
    """The ``weights``-weighted mean of ``values`` over the lines within ``radius`` of each."""
    count = len(values)
    weighted = np.concatenate(([0.0], np.cumsum(values * weights)))
    mass = np.concatenate(([0.0], np.cumsum(weights)))
    index = np.arange(count)
    low = np.maximum(index - radius, 0)
    high = np.minimum(index + radius + 1, count)
    return np.asarray((weighted[high] - weighted[low]) / np.maximum(mass[high] - mass[low], 1e-9))


def side(by: int) -> str:
    """``prev_2`` for 2 lines before, ``next_1`` for 1 line after."""
    return f"{'prev' if by > 0 else 'next'}_{abs(by)}"


class ContextDocument:
    """The line columns a document's context columns read (by ``LINE`` name), once per page."""

    def __init__(self, line_columns: Mapping[str, FloatArray]) -> None:
        self.log_chars = line_columns["log_chars"]
        self.terminal = line_columns["terminal"]
        self.rule_class = line_columns["rule_class"]
        self.title_match = line_columns["title_match"]
        self.count = len(self.log_chars)
        self.index = np.arange(self.count)
        #: Per-document values of the columns that do not depend on scores.
        self.cache: dict[str, FloatArray] = {}

    @cached_property
    def chars(self) -> FloatArray:
        """Characters per line (from ``log_chars``: the weights of windows and blocks)."""
        return np.expm1(self.log_chars)

    @cached_property
    def markers(self) -> np.ndarray:
        """Lines an end-marker rule fired on ("Load more", "Related", "Comments")."""
        return np.isin(self.rule_class, _END_MARKER_CODES)

    @cached_property
    def first_title(self) -> int:
        """The first line that repeats the page title, or -1."""
        titles = np.flatnonzero(self.title_match > 0)
        return int(titles[0]) if len(titles) else -1


class ContextInputs:
    """One stage's inputs: the document and the previous stage's scores."""

    def __init__(self, document: ContextDocument, scores: FloatArray) -> None:
        self.document = document
        self.scores = scores

    @cached_property
    def block(self) -> tuple[int, int]:
        """The main text block under these scores (``main_block``)."""
        return main_block(self.scores, self.document.chars)

    @cached_property
    def block_distance(self) -> FloatArray:
        """Lines from the main block (0 inside it; the line count without a block)."""
        count, index = self.document.count, self.document.index
        first, last = self.block
        if first < 0:
            return np.full(count, float(count))
        outside = np.where(index > last, index - last, 0)
        return np.asarray(np.where(index < first, first - index, outside))

    def in_range(self, low: int, high: int) -> FloatArray:
        """1.0 for the lines from ``low`` to ``high`` (0.0 for all without a main block)."""
        index = self.document.index
        if self.block[0] < 0:
            return np.zeros(self.document.count)
        return ((index >= low) & (index <= high)).astype(np.float64)

    @cached_property
    def content_before(self) -> FloatArray:
        """Score-weighted characters up to and including each line."""
        return np.cumsum(self.scores * self.document.chars)

    @cached_property
    def content_total(self) -> float:
        """Score-weighted characters of the document (at least 1)."""
        content = self.content_before
        return max(float(content[-1]) if len(content) else 0.0, 1.0)


CONTEXT = ColumnGroup[ContextInputs](
    "context", "a line's neighbours, the main text block and the previous stage's scores"
)
_column = CONTEXT.column


@_column("score", "the previous stage's score of the line")
def _score(x: ContextInputs) -> FloatArray:
    return x.scores


def _score_of_neighbour(by: int) -> Column[ContextInputs]:
    return Column(
        f"score_{side(by)}",
        lambda x: shift(x.scores, by),
        f"score of the line {abs(by)} {'before' if by > 0 else 'after'} (-1: none)",
    )


def _window_score(radius: int) -> Column[ContextInputs]:
    return Column(
        f"window_score_{radius}",
        lambda x: window_mean(x.scores, x.document.chars, radius),
        f"length-weighted mean score of the lines within {radius} lines",
    )


def _chars_of_neighbour(by: int) -> Column[ContextInputs]:
    return Column(
        f"log_chars_{side(by)}",
        lambda x: shift(x.document.log_chars, by),
        f"log_chars of the line {abs(by)} {'before' if by > 0 else 'after'} (-1: none)",
        per_stage=False,
    )


def _terminal_of_neighbour(by: int) -> Column[ContextInputs]:
    return Column(
        f"terminal_{side(by)}",
        lambda x: shift(x.document.terminal, by),
        f"whether the line {abs(by)} {'before' if by > 0 else 'after'} ends a sentence",
        per_stage=False,
    )


def _rule_density(radius: int) -> Column[ContextInputs]:
    def density(x: ContextInputs) -> FloatArray:
        has_rule = (x.document.rule_class > 0).astype(np.float64)
        return window_mean(has_rule, np.ones(x.document.count), radius)

    return Column(
        f"rule_density_{radius}",
        density,
        f"share of the lines within {radius} lines that a rule decided",
        per_stage=False,
    )


for _by in SCORE_SHIFTS:
    CONTEXT.add(_score_of_neighbour(_by))
for _radius in SCORE_RADII:
    CONTEXT.add(_window_score(_radius))
for _by in (1, 2, -1, -2):
    CONTEXT.add(_chars_of_neighbour(_by))
for _by in (1, -1):
    CONTEXT.add(_terminal_of_neighbour(_by))
for _radius in RULE_RADII:
    CONTEXT.add(_rule_density(_radius))


@_column("end_markers_before", "end markers before the line, at most 10", per_stage=False)
def _end_markers_before(x: ContextInputs) -> FloatArray:
    markers = x.document.markers
    before = np.concatenate(([0.0], np.cumsum(markers)[:-1])) if len(markers) else np.zeros(0)
    return np.minimum(before, 10.0)


@_column("after_title", "after the line that repeats the page title (-1: none)", per_stage=False)
def _after_title(x: ContextInputs) -> FloatArray:
    title = x.document.first_title
    if title < 0:
        return np.full(x.document.count, -1.0)
    return (x.document.index > title).astype(np.float64)


@_column("log_title_distance", "log(1 + lines from the title line) (-1: none)", per_stage=False)
def _log_title_distance(x: ContextInputs) -> FloatArray:
    title = x.document.first_title
    if title < 0:
        return np.full(x.document.count, -1.0)
    return np.log1p(np.abs(x.document.index - title))


@_column(
    "log_lines_since_end_marker", "log(1 + lines since the last end marker) (-1: none)",
    per_stage=False,
)  # fmt: skip
def _log_lines_since_end_marker(x: ContextInputs) -> FloatArray:
    index = x.document.index
    last = np.maximum.accumulate(np.where(x.document.markers, index, -1)) if len(index) else index
    return np.where(last >= 0, np.log1p(index - last), -1.0)


@_column("end_marker_after_block_start", "end markers between the main block's start and the line")
def _end_marker_after_block_start(x: ContextInputs) -> FloatArray:
    first = x.block[0]
    if first < 0:
        return np.zeros(x.document.count)
    since_start = x.document.markers & (x.document.index >= first)
    return np.minimum(np.concatenate(([0.0], np.cumsum(since_start)[:-1])), 10.0)


@_column("log_block_distance", "log(1 + lines from the main text block)")
def _log_block_distance(x: ContextInputs) -> FloatArray:
    return np.log1p(x.block_distance)


@_column("in_block", "inside the main text block")
def _in_block(x: ContextInputs) -> FloatArray:
    return x.in_range(x.block[0], x.block[1])


@_column("before_block", "before the main text block")
def _before_block(x: ContextInputs) -> FloatArray:
    return x.in_range(0, x.block[0] - 1)


@_column("after_block", "after the main text block")
def _after_block(x: ContextInputs) -> FloatArray:
    return x.in_range(x.block[1] + 1, x.document.count)


@_column("mass_before", "share of the scored characters up to the line")
def _mass_before(x: ContextInputs) -> FloatArray:
    return x.content_before / x.content_total


@_column("mass_after", "share of the scored characters after the line")
def _mass_after(x: ContextInputs) -> FloatArray:
    return (x.content_total - x.content_before) / x.content_total


@_column("block_share", "the main block's share of the document's characters")
def _block_share(x: ContextInputs) -> FloatArray:
    first, last = x.block
    chars = x.document.chars
    share = 0.0 if first < 0 else float(chars[first : last + 1].sum() / max(chars.sum(), 1.0))
    return np.full(x.document.count, share)
