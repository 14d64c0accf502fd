"""Raw per-line measurements of a whole document, computed in bulk (the feature columns of
``features.line`` are made from them).

The document's non-blank lines are joined and turned into one array of code points; a table
gives every code point its character classes (space, upper, lower, digit, letter, comma,
sentence end, ...), and one cumulative sum per class turns them into per-line counts. Only
stopwords and date words need the words themselves: they are counted on the first
``SAMPLE_CHARS`` characters of lines with at least three words, and the stopword count is
scaled to the line's word count (in Chinese, Japanese and Thai, single-character stopwords are
counted over the whole line).

>>> cols = line_features(["Breaking News", "The council met on Monday, and it agreed."], "en")
>>> cols.chars.tolist(), cols.words.tolist(), cols.terminal.tolist(), cols.commas.tolist()
([13, 41], [2, 8], [False, True], [0, 1])
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

import numpy as np
from numpy.typing import NDArray

from declutter import native
from declutter.features.language import UNSEGMENTED_LANGUAGES, stopwords

IntArray = NDArray[np.int64]
BoolArray = NDArray[np.bool_]

# " | ", " - ", " :: "...: a match starts only where a run of spaces starts and takes the whole
# run (possessive), so a long run of spaces is scanned once, not once per space.
_TITLE_SEPARATORS = re.compile(r"(?<!\s)\s++(?:[|\-–—:·»/]\s++|::\s++)")
_TITLE_MIN_CHARS = 12
#: Characters of a line that word-level features look at.
SAMPLE_CHARS = 160
#: Lines longer than this keep their sampled tokens for the rules (see ``rules.apply``).
LONG_LINE_CHARS = 160
_DEFAULT_LINE_CHARS = 100_000

# Character classes: every code point has exactly one.
_OTHER, _SPACE, _UPPER, _LOWER, _DIGIT, _CASELESS, _WIDE, _COMMA, _TERMINAL = range(9)
_CLOSER, _COLON, _BULLET, _SEPARATOR = range(9, 13)
_CLASS_COUNT = 13
_COMMAS = ",،，、"
_TERMINALS = ".!?…。！？؟।"
_SEPARATORS = "|•·"
_CLOSERS = "\"'”’»)]}›"
_BULLETS = "-–—*►▸▶→✓✔◦▪"


@lru_cache(maxsize=1)
def _classes() -> NDArray[np.uint8]:
    """The class of every code point of the Basic Multilingual Plane."""
    chars = [chr(code) for code in range(0x10000)]

    def test(method: Callable[[str], bool]) -> NDArray[np.bool_]:
        return np.fromiter(map(method, chars), dtype=bool, count=len(chars))

    alpha = test(str.isalpha)
    wide = np.fromiter(
        (width == "W" for width in map(unicodedata.east_asian_width, chars)), bool, len(chars)
    )
    table = np.full(len(chars), _OTHER, dtype=np.uint8)
    table[test(str.isspace)] = _SPACE
    table[alpha] = _CASELESS
    table[alpha & wide] = _WIDE
    table[alpha & test(str.isupper)] = _UPPER
    table[alpha & test(str.islower)] = _LOWER
    table[test(str.isdigit) & ~alpha] = _DIGIT
    for members, kind in (
        (_COMMAS, _COMMA),
        (_TERMINALS, _TERMINAL),
        (_CLOSERS, _CLOSER),
        (":：", _COLON),
        (_BULLETS, _BULLET),
        (_SEPARATORS, _SEPARATOR),
    ):
        for char in members:
            table[ord(char)] = kind
    return table


@dataclass
class LineFeatures:
    """Measurements, one entry per (non-blank) line."""

    chars: IntArray
    words: IntArray
    capitalized: IntArray
    upper: IntArray
    digits: IntArray
    letters: IntArray
    commas: IntArray
    symbols: IntArray
    separators: IntArray
    stopwords: IntArray
    date_words: IntArray
    repeats: IntArray
    terminal: BoolArray
    colon_end: BoolArray
    count_suffix: BoolArray
    first_upper: BoolArray
    first_lower: BoolArray
    first_digit: BoolArray
    bullet_start: BoolArray
    has_url: BoolArray
    title_match: BoolArray
    #: Sampled lower-case tokens of the lines longer than ``LONG_LINE_CHARS``, by line index.
    long_tokens: dict[int, list[str]]


def line_features(
    lines: list[str], language: str, *, max_line_chars: int = _DEFAULT_LINE_CHARS
) -> LineFeatures:
    """Measurements of the stripped, non-blank ``lines`` of a document in ``language``.

    The compiled kernel (``native._lines``) computes them when it is built; this function is
    the reference.
    """
    kernel = native.kernel("lines")
    if kernel is not None:
        measured: LineFeatures | None = kernel.line_features(lines, language, max_line_chars)
        if measured is not None:
            return measured
    sizes = list(map(len, lines))
    if max(sizes, default=0) > max_line_chars:
        lines = [line[:max_line_chars] for line in lines]
        sizes = list(map(len, lines))
    count = len(lines)
    chars = np.array(sizes, dtype=np.int64)
    joined = "\n".join(lines)
    points = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype=np.uint32)
    classes = _classes()[np.minimum(points, 0xFFFF)]
    newline = points == 10
    classes[newline] = _SPACE
    space = classes == _SPACE
    word_start = ~space
    word_start[1:] &= space[:-1]
    line_of = np.cumsum(newline)
    slot = line_of * (2 * _CLASS_COUNT) + classes + word_start * _CLASS_COUNT
    counts = np.bincount(slot, minlength=count * 2 * _CLASS_COUNT).reshape(count, 2, _CLASS_COUNT)
    anywhere = counts.sum(axis=1)
    words = counts[:, 1, :].sum(axis=1)
    if language in UNSEGMENTED_LANGUAGES:
        words = words + anywhere[:, _WIDE]
    ends = np.cumsum(chars + 1) - 1
    starts = ends - chars
    last = np.maximum(ends - 1, starts)
    last_class = classes[last]
    before_last = classes[np.maximum(ends - 2, starts)]
    final = np.where(last_class == _CLOSER, before_last, last_class)
    first = classes[starts] if count else classes[:0]
    letters = anywhere[:, _UPPER] + anywhere[:, _LOWER] + anywhere[:, _CASELESS]
    tokens, stop, dates = _word_features(lines, words, language)
    return LineFeatures(
        chars=chars,
        words=words,
        capitalized=counts[:, 1, _UPPER],
        upper=anywhere[:, _UPPER],
        digits=anywhere[:, _DIGIT],
        letters=letters + anywhere[:, _WIDE],
        commas=anywhere[:, _COMMA],
        symbols=chars - letters - anywhere[:, _WIDE] - anywhere[:, _DIGIT] - anywhere[:, _SPACE],
        separators=anywhere[:, _SEPARATOR],
        stopwords=stop,
        date_words=dates,
        repeats=_repeats(lines),
        terminal=final == _TERMINAL,
        colon_end=final == _COLON,
        count_suffix=(points[last] == 41) & (before_last == _DIGIT),
        first_upper=first == _UPPER,
        first_lower=first == _LOWER,
        first_digit=first == _DIGIT,
        bullet_start=first == _BULLET,
        has_url=_has_url(joined, starts),
        title_match=_title_matches(lines),
        long_tokens=tokens,
    )


def _word_features(
    lines: list[str], words: IntArray, language: str
) -> tuple[dict[int, list[str]], IntArray, IntArray]:
    """Stopword and date-word counts of lines with 3+ words, from their first words.

    Also returns the sampled lower-case tokens of lines too long for the whole-line lexicon,
    which the rules scan for phrase triggers.
    """
    count = len(lines)
    stop = np.zeros(count, dtype=np.int64)
    dates = np.zeros(count, dtype=np.int64)
    chosen = np.flatnonzero(words >= 3).tolist()
    if not chosen:
        return {}, stop, dates
    sampled = [lines[i][:SAMPLE_CHARS].lower().split() for i in chosen]
    stop_words = stopwords(language)
    found = np.fromiter(map(len, map(stop_words.intersection, sampled)), np.int64, len(chosen))
    seen = np.fromiter(map(len, sampled), np.int64, len(chosen))
    chosen_words = words[chosen]
    stop[chosen] = np.where(
        seen >= chosen_words, found, found * chosen_words // np.maximum(seen, 1)
    )
    dates[chosen] = np.fromiter(
        map(len, map(_date_words().intersection, sampled)), np.int64, len(chosen)
    )
    if language in UNSEGMENTED_LANGUAGES:
        stop = _unsegmented_stopwords(lines, stop_words)
    long_lines = {
        index: split
        for index, split in zip(chosen, sampled, strict=True)
        if len(lines[index]) > LONG_LINE_CHARS
    }
    return long_lines, stop, dates


def _unsegmented_stopwords(lines: list[str], stop: frozenset[str]) -> IntArray:
    """Stopwords of scripts without spaces: single-character stopwords, counted per character."""
    single = frozenset(word for word in stop if len(word) == 1)
    return np.fromiter(
        (sum(map(single.__contains__, line)) for line in lines), np.int64, len(lines)
    )


def _title_matches(lines: list[str]) -> BoolArray:
    """Lines after the first that repeat the first line or one of its parts.

    Flattened pages start with the page title ("Headline | Site"); the article headline that
    repeats it marks where the article begins.
    """
    flags = np.zeros(len(lines), dtype=bool)
    if len(lines) < 2:
        return flags
    title = lines[0].casefold()
    parts = {title, *(part.strip() for part in _TITLE_SEPARATORS.split(title))}
    parts = {part for part in parts if len(part) >= _TITLE_MIN_CHARS}
    if not parts:
        return flags
    longest = max(map(len, parts)) + 2
    for index in range(1, len(lines)):
        line = lines[index]
        if len(line) <= longest and line.casefold().strip(" .:") in parts:
            flags[index] = True
    return flags


def _repeats(lines: list[str]) -> IntArray:
    """How often each line occurs in the document (menus printed twice repeat)."""
    seen = Counter(lines)
    if len(seen) == len(lines):
        return np.ones(len(lines), dtype=np.int64)
    return np.fromiter(map(seen.__getitem__, lines), np.int64, len(lines))


def _has_url(joined: str, starts: IntArray) -> BoolArray:
    """Lines holding a web address, found by searching the joined lines for its prefixes."""
    flags = np.zeros(len(starts), dtype=bool)
    for prefix in ("http", "www."):
        position = joined.find(prefix)
        while position >= 0:
            flags[np.searchsorted(starts, position, side="right") - 1] = True
            position = joined.find(prefix, position + 4)
    return flags


@lru_cache(maxsize=1)
def _date_words() -> frozenset[str]:
    """Month and weekday names (``rules/data/date_words.txt``), bare and with ``.`` or ``,``."""
    path = resources.files("declutter.rules") / "data" / "date_words.txt"
    words = [
        line.strip()
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.startswith("#")
    ]
    return frozenset(w + suffix for w in words for suffix in ("", ".", ","))
