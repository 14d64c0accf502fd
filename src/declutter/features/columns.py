"""Model inputs: the context-free feature matrix and the context features built on its scores.

Both the cleaner and the training code (``benchmarks/training``) build their inputs here, so a
model always sees the features it was trained on; the feature names travel with the model file.

>>> from declutter.features.text import line_features
>>> cols = line_features(["Share", "The council met on Monday, and it agreed.", "Load more"], "en")
>>> matrix = line_matrix(cols, np.array([1.0, 0.0, 2.0]))
>>> matrix.shape == (3, len(LINE_FEATURES))
True
>>> inputs = context_inputs(matrix)
>>> context_matrix(np.array([0.1, 0.9, 0.1]), inputs).shape == (3, len(CONTEXT_FEATURES))
True
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from declutter.features.text import LineFeatures
from declutter.rules.registry import LEXICON_FAMILIES

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

#: Rule families a line can carry into the model (index 0: none).
RULE_CLASSES: tuple[str, ...] = ("none", *LEXICON_FAMILIES, "timecode", "symbols")
#: Rule families that end an article when they follow its text.
END_MARKER_CLASSES: frozenset[str] = frozenset(
    {"call_to_action", "related", "newsletter", "comment"}
)
_END_MARKER_CODES = np.array(
    [i for i, name in enumerate(RULE_CLASSES) if name in END_MARKER_CLASSES], dtype=np.float64
)
_DEFAULT_STOPWORD_RATIO = 0.3

LINE_FEATURES: tuple[str, ...] = (
    "log_chars",
    "words",
    "stopword_ratio",
    "relative_stopword_ratio",
    "stopwords",
    "capitalized_ratio",
    "upper_ratio",
    "terminal",
    "colon_end",
    "comma_ratio",
    "separators",
    "letter_ratio",
    "digit_ratio",
    "date_words",
    "count_suffix",
    "first_upper",
    "first_lower",
    "first_digit",
    "bullet_start",
    "has_url",
    "title_match",
    "chars_per_word",
    "repeats",
    "rule_class",
    "position",
    "log_document_lines",
    "document_stopword_ratio",
    "document_prose_share",
    "log_document_paragraphs",
)
_COL = {name: index for index, name in enumerate(LINE_FEATURES)}

_SHIFTS = (1, 2, 3, 4, -1, -2, -3, -4)
_RADII = (2, 5, 10, 25)
_RULE_RADII = (3, 10)


def _side(shift: int) -> str:
    return f"{'prev' if shift > 0 else 'next'}_{abs(shift)}"


CONTEXT_FEATURES: tuple[str, ...] = (
    *LINE_FEATURES,
    "score",
    *(f"score_{_side(k)}" for k in _SHIFTS),
    *(f"window_score_{r}" for r in _RADII),
    *(f"log_chars_{_side(k)}" for k in (1, 2, -1, -2)),
    *(f"terminal_{_side(k)}" for k in (1, -1)),
    *(f"rule_density_{r}" for r in _RULE_RADII),
    "end_markers_before",
    "after_title",
    "log_title_distance",
    "log_lines_since_end_marker",
    "end_marker_after_block_start",
    "log_block_distance",
    "in_block",
    "before_block",
    "after_block",
    "mass_before",
    "mass_after",
    "block_share",
)


def line_matrix(cols: LineFeatures, rule_class: FloatArray) -> FloatArray:
    """Context-free features of a document's non-blank lines."""
    count = len(cols.chars)
    if count == 0:
        return np.empty((0, len(LINE_FEATURES)))
    chars = cols.chars.astype(np.float64)
    words = np.maximum(cols.words, 1).astype(np.float64)
    letters = np.maximum(cols.letters, 1).astype(np.float64)
    stop = cols.stopwords.astype(np.float64)
    ratio = stop / words
    long_lines = cols.words >= 8
    reference = (
        float(stop[long_lines].sum() / words[long_lines].sum())
        if long_lines.any()
        else _DEFAULT_STOPWORD_RATIO
    )
    return np.column_stack(
        (
            np.log1p(chars),
            words,
            ratio,
            ratio / max(reference, 0.05),
            stop,
            cols.capitalized / words,
            cols.upper / letters,
            cols.terminal,
            cols.colon_end,
            cols.commas / words,
            cols.separators,
            cols.letters / np.maximum(chars, 1.0),
            cols.digits / np.maximum(chars, 1.0),
            cols.date_words,
            cols.count_suffix,
            cols.first_upper,
            cols.first_lower,
            cols.first_digit,
            cols.bullet_start,
            cols.has_url,
            cols.title_match,
            chars / words,
            np.minimum(cols.repeats, 5),
            rule_class,
            np.arange(count) / max(count - 1, 1),
            np.full(count, np.log1p(count)),
            np.full(count, reference),
            np.full(count, float(chars[long_lines].sum() / max(chars.sum(), 1.0))),
            np.full(count, np.log1p(int((cols.words >= 30).sum()))),
        )
    ).astype(np.float64)


def _shift(values: FloatArray, by: int, fill: float = -1.0) -> FloatArray:
    out = np.full_like(values, fill)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def _window_mean(values: FloatArray, weights: FloatArray, radius: int) -> FloatArray:
    count = len(values)
    weighted = np.concatenate(([0.0], np.cumsum(values * weights)))
    mass = np.concatenate(([0.0], np.cumsum(weights)))
    index = np.arange(count)
    low = np.maximum(index - radius, 0)
    high = np.minimum(index + radius + 1, count)
    return np.asarray((weighted[high] - weighted[low]) / np.maximum(mass[high] - mass[low], 1e-9))


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


@dataclass(frozen=True)
class ContextInputs:
    """The score-independent part of the context features, computed once per document."""

    line_rows: FloatArray
    chars: FloatArray
    fixed: FloatArray
    markers: NDArray[np.bool_]


def context_inputs(line_rows: FloatArray) -> ContextInputs:
    """Neighbours' lengths and punctuation, rule density and end markers of a document."""
    count = len(line_rows)
    log_chars = line_rows[:, _COL["log_chars"]]
    terminal = line_rows[:, _COL["terminal"]]
    rule_class = line_rows[:, _COL["rule_class"]]
    has_rule = (rule_class > 0).astype(np.float64)
    ones = np.ones(count)
    columns = [_shift(log_chars, k) for k in (1, 2, -1, -2)]
    columns += [_shift(terminal, k) for k in (1, -1)]
    columns += [_window_mean(has_rule, ones, r) for r in _RULE_RADII]
    markers = np.isin(rule_class, _END_MARKER_CODES)
    markers_before = np.concatenate(([0.0], np.cumsum(markers)[:-1])) if count else np.zeros(0)
    columns.append(np.minimum(markers_before, 10.0))
    titles = np.flatnonzero(line_rows[:, _COL["title_match"]] > 0)
    index = np.arange(count)
    if len(titles):
        columns.append((index > titles[0]).astype(np.float64))
        columns.append(np.log1p(np.abs(index - titles[0])))
    else:
        columns.append(np.full(count, -1.0))
        columns.append(np.full(count, -1.0))
    last_marker = np.maximum.accumulate(np.where(markers, index, -1)) if count else index
    columns.append(np.where(last_marker >= 0, np.log1p(index - last_marker), -1.0))
    fixed = np.column_stack(columns) if count else np.zeros((0, len(columns)))
    return ContextInputs(line_rows, np.expm1(log_chars), fixed, markers)


def context_matrix(scores: FloatArray, inputs: ContextInputs) -> FloatArray:
    """Context features: the line's own features, neighbours, windows and the main block."""
    count = len(scores)
    chars = inputs.chars
    columns: list[FloatArray] = [inputs.line_rows, scores[:, None]]
    columns += [_shift(scores, k)[:, None] for k in _SHIFTS]
    columns += [_window_mean(scores, chars, r)[:, None] for r in _RADII]
    columns.append(inputs.fixed)
    first, last = main_block(scores, chars)
    index = np.arange(count)
    if first < 0:
        distance = np.full(count, float(count))
        inside = before = after = marker_after_start = np.zeros(count)
        share = 0.0
    else:
        distance = np.where(index < first, first - index, np.where(index > last, index - last, 0))
        inside = ((index >= first) & (index <= last)).astype(np.float64)
        before = (index < first).astype(np.float64)
        after = (index > last).astype(np.float64)
        share = float(chars[first : last + 1].sum() / max(chars.sum(), 1.0))
        since_start = inputs.markers & (index >= first)
        marker_after_start = np.concatenate(([0.0], np.cumsum(since_start)[:-1]))
    content = np.cumsum(scores * chars)
    total = max(float(content[-1]) if count else 0.0, 1.0)
    columns.append(
        np.column_stack(
            (
                np.minimum(marker_after_start, 10.0),
                np.log1p(distance),
                inside,
                before,
                after,
                content / total,
                (total - content) / total,
                np.full(count, share),
            )
        )
    )
    return np.hstack(columns)
