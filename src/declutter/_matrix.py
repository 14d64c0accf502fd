"""Model inputs: the context-free feature matrix and the context features built on its scores.

Both the cleaner and the training code (``benchmarks/training``) build their inputs here, so a
model always sees the features it was trained on; the feature names travel with the model file.

>>> from declutter._features import line_features
>>> cols = line_features(["Share", "The council met on Monday, and it agreed.", "Load more"], "en")
>>> rows = np.array([0, 1, 2])
>>> matrix = line_matrix(cols, rows, np.array([1, 0, 2]))
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

LINE_FEATURES: tuple[str, ...] = (
    "log_chars",
    "words",
    "stopword_ratio",
    "stopwords",
    "terminal",
    "colon_end",
    "comma_ratio",
    "separators",
    "title_case",
    "upper_case",
    "bullet_start",
    "lower_start",
    "digit_start",
    "has_url",
    "chars_per_word",
    "rule_class",
    "position",
)

_SHIFTS = (1, 2, 3, 4, -1, -2, -3, -4)
_RADII = (2, 5, 10, 25)

CONTEXT_FEATURES: tuple[str, ...] = (
    *LINE_FEATURES,
    "score",
    *(f"score_{'prev' if k > 0 else 'next'}_{abs(k)}" for k in _SHIFTS),
    *(f"window_score_{r}" for r in _RADII),
    "log_block_distance",
    "in_block",
    "before_block",
    "after_block",
    "mass_before",
    "mass_after",
    "block_share",
)


def line_matrix(cols: LineFeatures, rows: IntArray, rule_class: IntArray) -> FloatArray:
    """Context-free features of the lines ``rows`` (indices of the non-blank lines)."""
    count = len(rows)
    matrix = np.empty((count, len(LINE_FEATURES)))
    if count == 0:
        return matrix
    take = rows.tolist()

    def column(values: list[int] | list[bool]) -> FloatArray:
        return np.fromiter((values[i] for i in take), dtype=np.float64, count=count)

    chars = column(cols.chars)
    words = column(cols.words)
    safe_words = np.maximum(words, 1.0)
    stop = column(cols.stopwords)
    matrix[:, 0] = np.log1p(chars)
    matrix[:, 1] = words
    matrix[:, 2] = stop / safe_words
    matrix[:, 3] = stop
    matrix[:, 4] = column(cols.terminal)
    matrix[:, 5] = column(cols.colon_end)
    matrix[:, 6] = column(cols.commas) / safe_words
    matrix[:, 7] = column(cols.separators)
    matrix[:, 8] = column(cols.title_case)
    matrix[:, 9] = column(cols.upper_case)
    matrix[:, 10] = column(cols.bullet_start)
    matrix[:, 11] = column(cols.lower_start)
    matrix[:, 12] = column(cols.digit_start)
    matrix[:, 13] = column(cols.has_url)
    matrix[:, 14] = chars / safe_words
    matrix[:, 15] = rule_class
    matrix[:, 16] = np.arange(count) / max(count - 1, 1)
    return matrix


def _shift(values: FloatArray, by: int) -> FloatArray:
    out = np.full_like(values, -1.0)
    if by > 0:
        out[by:] = values[:-by]
    else:
        out[:by] = values[-by:]
    return out


def main_block(scores: FloatArray, chars: FloatArray) -> tuple[int, int]:
    """The run of lines with the largest content mass ``sum((score - 0.5) * chars)``.

    Returns ``(first, last)`` indices, or ``(-1, -1)`` when no line scores above 0.5.
    """
    gains = (scores - 0.5) * chars
    if gains.size == 0 or gains.max() <= 0:
        return -1, -1
    running = np.cumsum(gains)
    lowest_before = np.minimum.accumulate(np.concatenate(([0.0], running))[:-1])
    last = int(np.argmax(running - lowest_before))
    prefix = np.concatenate(([0.0], running))
    first = int(np.argmin(prefix[: last + 1]))
    return first, last


def context_matrix(scores: FloatArray, line_rows: FloatArray) -> FloatArray:
    """Context features: the line's own features, neighbours' scores, windows and the block."""
    count = len(scores)
    chars = np.expm1(line_rows[:, 0])
    columns: list[FloatArray] = [line_rows, scores[:, None]]
    columns += [_shift(scores, k)[:, None] for k in _SHIFTS]
    weighted = np.concatenate(([0.0], np.cumsum(scores * chars)))
    mass = np.concatenate(([0.0], np.cumsum(chars)))
    index = np.arange(count)
    for radius in _RADII:
        low = np.clip(index - radius, 0, count)
        high = np.clip(index + radius + 1, 0, count)
        columns.append(((weighted[high] - weighted[low]) / np.maximum(mass[high] - mass[low], 1.0))[:, None])
    first, last = main_block(scores, chars)
    if first < 0:
        distance = np.full(count, float(count))
        inside = before = after = np.zeros(count)
        share = 0.0
    else:
        distance = np.where(index < first, first - index, np.where(index > last, index - last, 0))
        inside = ((index >= first) & (index <= last)).astype(np.float64)
        before = (index < first).astype(np.float64)
        after = (index > last).astype(np.float64)
        share = float(chars[first : last + 1].sum() / max(chars.sum(), 1.0))
    content = np.cumsum(scores * chars)
    total = max(float(content[-1]) if count else 0.0, 1.0)
    columns += [
        np.log1p(distance)[:, None],
        inside[:, None],
        before[:, None],
        after[:, None],
        (content / total)[:, None],
        ((total - content) / total)[:, None],
        np.full((count, 1), share),
    ]
    return np.hstack(columns)
