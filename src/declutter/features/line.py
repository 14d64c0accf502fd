"""The context-free columns of a line (``LINE``): its text's measurements and its rule hit.

Each column is a function of ``LineInputs``: the document's stripped non-blank lines, their
measurements (``features.text.line_features``) and the rule that fired on each, if any.
Document-level columns (``log_document_lines``, ``document_stopword_ratio``, ...) give every
line the same figure of its document.

>>> from declutter.features.text import line_features
>>> texts = ["Share", "The council met on Monday, and it agreed.", "Load more"]
>>> inputs = LineInputs(texts, line_features(texts, "en"), [None, None, None])
>>> matrix = LINE.matrix(inputs, len(texts))
>>> matrix.shape == (3, len(LINE))
True
>>> matrix[:, LINE.names.index("words")].tolist()
[1.0, 8.0, 2.0]
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cached_property
from typing import TYPE_CHECKING

import numpy as np

from declutter import native
from declutter.features.columns import Column, ColumnGroup, FloatArray
from declutter.features.text import LineFeatures
from declutter.rules.registry import LEXICON_FAMILIES

if TYPE_CHECKING:
    from declutter.rules.apply import RuleHit

#: The rule families a line can carry into the models (code 0: no rule fired).
RULE_CLASSES: tuple[str, ...] = ("none", *LEXICON_FAMILIES, "timecode", "symbols")
_RULE_CODES = {name: code for code, name in enumerate(RULE_CLASSES)}
#: The stopword ratio of a document without long lines.
_DEFAULT_STOPWORD_RATIO = 0.3


class LineInputs:
    """What the line columns read, with the figures several columns share."""

    def __init__(
        self, texts: Sequence[str], measured: LineFeatures, hits: Sequence[RuleHit | None]
    ) -> None:
        self.texts = texts
        self.measured = measured
        self.hits = hits
        self.count = len(texts)

    @cached_property
    def chars(self) -> FloatArray:
        """Characters per line."""
        return self.measured.chars.astype(np.float64)

    @cached_property
    def words(self) -> FloatArray:
        """Words per line, at least 1 (a divisor)."""
        return np.maximum(self.measured.words, 1).astype(np.float64)

    @cached_property
    def stopwords(self) -> FloatArray:
        """Stopwords per line."""
        return self.measured.stopwords.astype(np.float64)

    @cached_property
    def stopword_ratio(self) -> FloatArray:
        """Stopwords per word."""
        return self.stopwords / self.words

    @cached_property
    def long_lines(self) -> np.ndarray:
        """Lines of 8 words or more."""
        return np.asarray(self.measured.words >= 8)

    @cached_property
    def reference_ratio(self) -> float:
        """The stopword ratio of the document's long lines (its prose)."""
        long_lines = self.long_lines
        if not long_lines.any():
            return _DEFAULT_STOPWORD_RATIO
        return float(self.stopwords[long_lines].sum() / self.words[long_lines].sum())

    def same(self, value: float) -> FloatArray:
        """A document-level ``value`` on every line."""
        return np.full(self.count, value)


LINE = ColumnGroup[LineInputs]("line", "context-free columns of a line's text and rule hit")
_column = LINE.column


def _measured(name: str, description: str) -> None:
    """Register the column ``name``: the measurement of that name, as a float."""

    def column(x: LineInputs) -> FloatArray:
        values: FloatArray = getattr(x.measured, name).astype(np.float64)
        return values

    LINE.add(Column(name, column, description))


@_column("log_chars", "log(1 + characters)")
def _log_chars(x: LineInputs) -> FloatArray:
    return np.log1p(x.chars)


@_column("words", "words (at least 1)")
def _words(x: LineInputs) -> FloatArray:
    return x.words


@_column("stopword_ratio", "stopwords per word, in the document's language")
def _stopword_ratio(x: LineInputs) -> FloatArray:
    return x.stopword_ratio


@_column("relative_stopword_ratio", "stopword ratio over that of the document's long lines")
def _relative_stopword_ratio(x: LineInputs) -> FloatArray:
    return x.stopword_ratio / max(x.reference_ratio, 0.05)


@_column("stopwords", "stopwords")
def _stopwords(x: LineInputs) -> FloatArray:
    return x.stopwords


@_column("capitalized_ratio", "capitalized words per word")
def _capitalized_ratio(x: LineInputs) -> FloatArray:
    return x.measured.capitalized / x.words


@_column("upper_ratio", "upper-case letters per letter")
def _upper_ratio(x: LineInputs) -> FloatArray:
    return x.measured.upper / np.maximum(x.measured.letters, 1).astype(np.float64)


_measured("terminal", "ends with sentence punctuation (closing quotes aside)")
_measured("colon_end", "ends with a colon")


@_column("comma_ratio", "commas per word")
def _comma_ratio(x: LineInputs) -> FloatArray:
    return x.measured.commas / x.words


_measured("separators", "separator characters (| • ·)")


@_column("letter_ratio", "letters per character")
def _letter_ratio(x: LineInputs) -> FloatArray:
    return x.measured.letters / np.maximum(x.chars, 1.0)


@_column("digit_ratio", "digits per character")
def _digit_ratio(x: LineInputs) -> FloatArray:
    return x.measured.digits / np.maximum(x.chars, 1.0)


_measured("date_words", "month and weekday names")
_measured("count_suffix", "ends with a count in brackets, as in 'Comments (3)'")
_measured("first_upper", "starts with an upper-case letter")
_measured("first_lower", "starts with a lower-case letter")
_measured("first_digit", "starts with a digit")
_measured("bullet_start", "starts with a bullet or a dash")
_measured("has_url", "holds a web address")
_measured("title_match", "repeats the first line (the page title) or a part of it")


@_column("chars_per_word", "characters per word")
def _chars_per_word(x: LineInputs) -> FloatArray:
    return x.chars / x.words


@_column("repeats", "copies of the line in the document, at most 5")
def _repeats(x: LineInputs) -> FloatArray:
    return np.minimum(x.measured.repeats, 5).astype(np.float64)


@_column("rule_class", "the rule family that fired on the line", categories=RULE_CLASSES)
def _rule_class(x: LineInputs) -> FloatArray:
    codes = _RULE_CODES
    return np.fromiter((codes[hit.rule_class] if hit else 0 for hit in x.hits), np.float64, x.count)


@_column("position", "place in the document, 0 (first line) to 1 (last)")
def _position(x: LineInputs) -> FloatArray:
    return np.arange(x.count) / max(x.count - 1, 1)


@_column("log_document_lines", "log(1 + the document's non-blank lines)")
def _log_document_lines(x: LineInputs) -> FloatArray:
    return x.same(np.log1p(x.count))


@_column("document_stopword_ratio", "stopword ratio of the document's long lines")
def _document_stopword_ratio(x: LineInputs) -> FloatArray:
    return x.same(x.reference_ratio)


@_column("document_prose_share", "share of the document's characters in long lines")
def _document_prose_share(x: LineInputs) -> FloatArray:
    return x.same(float(x.chars[x.long_lines].sum() / max(x.chars.sum(), 1.0)))


@_column("log_document_paragraphs", "log(1 + the document's lines of 30 words or more)")
def _log_document_paragraphs(x: LineInputs) -> FloatArray:
    return x.same(np.log1p(int((x.measured.words >= 30).sum())))


def line_columns(inputs: LineInputs) -> FloatArray:
    """``LINE.columns`` of the inputs' lines, by the compiled line kernel (``native._lines``)
    when it is built.

    >>> from declutter.features.text import line_features
    >>> texts = ["Share", "The council met on Monday, and it agreed."]
    >>> inputs = LineInputs(texts, line_features(texts, "en"), [None, None])
    >>> (line_columns(inputs) == LINE.columns(inputs, len(texts))).all()
    np.True_
    """
    kernel = native.kernel("lines")
    if kernel is not None:
        columns: FloatArray | None = kernel.line_columns(
            inputs.texts, inputs.measured, inputs.hits, LINE.names
        )
        if columns is not None:
            return columns
    return LINE.columns(inputs, inputs.count)


def rule_code(family: str) -> int:
    """The ``rule_class`` code of a rule family.

    >>> rule_code("none"), RULE_CLASSES[rule_code("share")]
    (0, 'share')
    """
    return _RULE_CODES[family]
