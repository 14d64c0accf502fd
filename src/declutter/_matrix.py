"""Model inputs: the context-free feature matrix and the context features built on its scores.

Both the cleaner and the training code (``benchmarks/training``) build their inputs here, so a
model always sees the features it was trained on; the feature names travel with the model file.

>>> from declutter._features import line_features
>>> cols = line_features(["Share", "The council met on Monday, and it agreed.", "Load more"], "en")
>>> matrix = line_matrix(cols, np.array([1.0, 0.0, 2.0]))
>>> matrix.shape == (3, len(LINE_FEATURES))
True
>>> context_matrix(np.array([0.1, 0.9, 0.1]), matrix).shape == (3, len(CONTEXT_FEATURES))
True
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from declutter._features import LineFeatures
from declutter.rules.registry import LEXICON_FAMILIES

FloatArray = NDArray[np.float64]
IntArray = NDArray[np.intp]

#: Rule families a line can carry into the model (index 0: none).
RULE_CLASSES: tuple[str, ...] = ("none", *LEXICON_FAMILIES, "timecode", "symbols")
#: Rule families that end an article when they follow its text.
END_MARKER_CLASSES: frozenset[str] = frozenset({"call_to_action", "related", "newsletter", "comment"})
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
    "terminal",
    "colon_end",
    "comma_ratio",
    "separators",
    "title_case",
    "upper_case",
    "bullet_start",
    "lower_start",
    "digit_ratio",
    "date_words",
    "count_suffix",
    "has_url",
    "chars_per_word",
    "rule_class",
    "position",
    "log_document_lines",
    "document_stopword_ratio",
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
    matrix = np.empty((count, len(LINE_FEATURES)))
    if count == 0:
        return matrix

    def column(values: list[int] | list[bool]) -> FloatArray:
        return np.fromiter(values, dtype=np.float64, count=count)

    chars = column(cols.chars)
    words = column(cols.words)
    safe_words = np.maximum(words, 1.0)
    stop = column(cols.stopwords)
    ratio = stop / safe_words
    long_lines = words >= 8
    reference = (
        float(stop[long_lines].sum() / words[long_lines].sum())
        if long_lines.any()
        else _DEFAULT_STOPWORD_RATIO
    )
    matrix[:, 0] = np.log1p(chars)
    matrix[:, 1] = words
    matrix[:, 2] = ratio
    matrix[:, 3] = ratio / max(reference, 0.05)
    matrix[:, 4] = stop
    matrix[:, 5] = column(cols.terminal)
    matrix[:, 6] = column(cols.colon_end)
    matrix[:, 7] = column(cols.commas) / safe_words
    matrix[:, 8] = column(cols.separators)
    matrix[:, 9] = column(cols.title_case)
    matrix[:, 10] = column(cols.upper_case)
    matrix[:, 11] = column(cols.bullet_start)
    matrix[:, 12] = column(cols.lower_start)
    matrix[:, 13] = column(cols.digits) / np.maximum(chars, 1.0)
    matrix[:, 14] = column(cols.date_words)
    matrix[:, 15] = column(cols.count_suffix)
    matrix[:, 16] = column(cols.has_url)
    matrix[:, 17] = chars / safe_words
    matrix[:, 18] = rule_class
    matrix[:, 19] = np.arange(count) / max(count - 1, 1)
    matrix[:, 20] = np.log1p(count)
    matrix[:, 21] = reference
    return matrix


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
    low = np.clip(index - radius, 0, count)
    high = np.clip(index + radius + 1, 0, count)
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


def context_matrix(scores: FloatArray, line_rows: FloatArray) -> FloatArray:
    """Context features: the line's own features, neighbours, windows and the main block."""
    count = len(scores)
    chars = np.expm1(line_rows[:, _COL["log_chars"]])
    log_chars = line_rows[:, _COL["log_chars"]]
    terminal = line_rows[:, _COL["terminal"]]
    rule_class = line_rows[:, _COL["rule_class"]]
    columns: list[FloatArray] = [line_rows, scores[:, None]]
    columns += [_shift(scores, k)[:, None] for k in _SHIFTS]
    columns += [_window_mean(scores, chars, r)[:, None] for r in _RADII]
    columns += [_shift(log_chars, k)[:, None] for k in (1, 2, -1, -2)]
    columns += [_shift(terminal, k)[:, None] for k in (1, -1)]
    has_rule = (rule_class > 0).astype(np.float64)
    ones = np.ones(count)
    columns += [_window_mean(has_rule, ones, r)[:, None] for r in _RULE_RADII]
    markers = np.isin(rule_class, _END_MARKER_CODES)
    markers_before = np.concatenate(([0.0], np.cumsum(markers)[:-1])) if count else np.zeros(0)
    first, last = main_block(scores, chars)
    index = np.arange(count)
    if first < 0:
        distance = np.full(count, float(count))
        inside = before = after = np.zeros(count)
        share = 0.0
        marker_after_start = np.zeros(count)
    else:
        distance = np.where(index < first, first - index, np.where(index > last, index - last, 0))
        inside = ((index >= first) & (index <= last)).astype(np.float64)
        before = (index < first).astype(np.float64)
        after = (index > last).astype(np.float64)
        share = float(chars[first : last + 1].sum() / max(chars.sum(), 1.0))
        markers_since_start = markers & (index >= first)
        marker_after_start = np.concatenate(([0.0], np.cumsum(markers_since_start)[:-1]))
    content = np.cumsum(scores * chars)
    total = max(float(content[-1]) if count else 0.0, 1.0)
    columns += [
        np.minimum(markers_before, 10.0)[:, None],
        np.minimum(marker_after_start, 10.0)[:, None],
        np.log1p(distance)[:, None],
        inside[:, None],
        before[:, None],
        after[:, None],
        (content / total)[:, None],
        ((total - content) / total)[:, None],
        np.full((count, 1), share),
    ]
    return np.hstack(columns)
