"""Per-line features of a whole document, computed in bulk.

The lines given are the stripped, non-blank lines of a document. Every feature is a column
(one value per line) built with C-level string methods mapped over all lines, plus a few
whole-document passes (numpy over code points, one regex for links); nothing here loops in
Python per character. Lines longer than ``max_line_chars`` are measured on their first
``max_line_chars`` characters.

>>> cols = line_features(["Breaking News", "The council met on Monday, and it agreed."], "en")
>>> cols.chars, cols.words, cols.terminal, cols.digits
([13, 41], [2, 8], [False, True], [0, 0])
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from itertools import accumulate, repeat

import numpy as np

from declutter._language import UNSEGMENTED_LANGUAGES, stopwords

#: Closing quotes and brackets ignored when looking for a line's final punctuation.
_CLOSERS = " \t\"'”’»)]}›\u00a0"
_TERMINALS = (".", "!", "?", "…", "。", "！", "？", "؟", "।")
_BULLETS = ("•", "·", "-", "–", "—", "*", "►", "▸", "▶", "»", "›", "→", "✓", "✔", "◦", "▪")
_URL = re.compile(r"https?://|www\.|\S@\S+\.\w")
_DIGIT = re.compile("[0-9]")
_CJK = re.compile("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")
_DEFAULT_LINE_CHARS = 100_000


@dataclass
class LineFeatures:
    """Feature columns, one entry per (non-blank) line."""

    chars: list[int]
    words: list[int]
    stopwords: list[int]
    digits: list[int]
    date_words: list[int]
    count_suffix: list[bool]
    terminal: list[bool]
    colon_end: list[bool]
    commas: list[int]
    separators: list[int]
    title_case: list[bool]
    upper_case: list[bool]
    bullet_start: list[bool]
    lower_start: list[bool]
    has_url: list[bool]


def line_features(
    lines: list[str], language: str, *, max_line_chars: int = _DEFAULT_LINE_CHARS
) -> LineFeatures:
    """Feature columns for the stripped, non-blank ``lines`` of a document in ``language``."""
    chars = list(map(len, lines))
    if max(chars, default=0) > max_line_chars:
        lines = [line[:max_line_chars] for line in lines]
        chars = list(map(len, lines))
    tokens = list(map(str.split, map(str.lower, lines)))
    words = list(map(len, tokens))
    stop = stopwords(language)
    if language in UNSEGMENTED_LANGUAGES:
        words, stop_counts = _unsegmented_words(lines, words, stop)
    else:
        stop_counts = list(map(len, map(stop.intersection, tokens)))
    tails = list(map(str.rstrip, lines, repeat(_CLOSERS)))
    count = str.count
    joined = "\n".join(lines)
    return LineFeatures(
        chars=chars,
        words=words,
        stopwords=stop_counts,
        digits=_digits_per_line(joined, chars),
        date_words=list(map(len, map(_date_words().intersection, tokens))),
        count_suffix=[t.endswith(")") and t[-2:-1].isdigit() for t in lines],
        terminal=list(map(str.endswith, tails, repeat(_TERMINALS))),
        colon_end=list(map(str.endswith, tails, repeat((":", "：")))),
        commas=[
            a + b
            for a, b in zip(
                map(count, lines, repeat(",")), map(count, lines, repeat("，")), strict=True
            )
        ],
        separators=[
            a + b
            for a, b in zip(
                map(count, lines, repeat("|")), map(count, lines, repeat(" • ")), strict=True
            )
        ],
        title_case=list(map(str.istitle, lines)),
        upper_case=list(map(str.isupper, lines)),
        bullet_start=list(map(str.startswith, lines, repeat(_BULLETS))),
        lower_start=[line[:1].islower() for line in lines],
        has_url=_lines_with(_URL, joined, chars),
    )


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


def _digits_per_line(text: str, sizes: list[int]) -> list[int]:
    """ASCII digits per line of ``text`` (lines of ``sizes`` joined by newlines), in one pass."""
    if _DIGIT.search(text) is None:
        return [0] * len(sizes)
    points = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32)
    running = np.concatenate(([0], np.cumsum((points >= 48) & (points <= 57))))
    lengths = np.asarray(sizes, dtype=np.int64)
    ends = np.cumsum(lengths + 1) - 1
    return (running[ends] - running[ends - lengths]).tolist()  # type: ignore[no-any-return]


def _unsegmented_words(
    lines: list[str], words: list[int], stop: frozenset[str]
) -> tuple[list[int], list[int]]:
    """Word and stopword counts for scripts without spaces: a CJK character counts as a word."""
    single = frozenset(word for word in stop if len(word) == 1)
    out_words, out_stop = [], []
    for line, count in zip(lines, words, strict=True):
        cjk = len(_CJK.findall(line))
        out_words.append(count + cjk)
        out_stop.append(sum(map(single.__contains__, line)) if cjk else 0)
    return out_words, out_stop


def _lines_with(pattern: re.Pattern[str], text: str, sizes: list[int]) -> list[bool]:
    """Which lines of ``text`` contain a match of ``pattern``, found in one pass."""
    flags = [False] * len(sizes)
    if pattern.search(text) is None:
        return flags
    starts = [0, *accumulate(size + 1 for size in sizes[:-1])]
    for match in pattern.finditer(text):
        flags[bisect_right(starts, match.start()) - 1] = True
    return flags
