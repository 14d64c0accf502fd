"""Per-line features of a whole document, computed in bulk.

Every feature is a column (one value per line) built with C-level string methods mapped over
all lines, plus a few whole-document regex passes; nothing here loops in Python per character.

>>> cols = line_features(["Breaking News", "", "The council met on Monday, and it agreed."], "en")
>>> cols.chars, cols.words, cols.terminal
([13, 0, 41], [2, 0, 8], [False, False, True])
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import repeat

from declutter._language import UNSEGMENTED_LANGUAGES, stopwords

#: Closing quotes and brackets ignored when looking for a line's final punctuation.
_CLOSERS = " \t\"'”’»)]}›\u00a0"
_TERMINALS = (".", "!", "?", "…", "。", "！", "？", "؟", "।", "。」", "!)", ".)")
_BULLETS = ("•", "·", "-", "–", "—", "*", "►", "▸", "▶", "»", "›", "→", "✓", "✔", "◦", "▪")
_URL = re.compile(r"https?://|www\.|\S@\S+\.\w")
_CJK = re.compile("[\u3040-\u30ff\u4e00-\u9fff\uac00-\ud7af]")


@dataclass
class LineFeatures:
    """Feature columns, one entry per line (blank lines hold zeros)."""

    chars: list[int]
    words: list[int]
    stopwords: list[int]
    terminal: list[bool]
    colon_end: list[bool]
    commas: list[int]
    separators: list[int]
    title_case: list[bool]
    upper_case: list[bool]
    bullet_start: list[bool]
    lower_start: list[bool]
    digit_start: list[bool]
    has_url: list[bool]
    blank: list[bool]


def line_features(lines: list[str], language: str, folded: list[str] | None = None) -> LineFeatures:
    """Feature columns for ``lines``; ``folded`` may pass the case-folded lines if known."""
    stripped = list(map(str.strip, lines))
    if folded is None:
        folded = [line.casefold() for line in stripped]
    chars = list(map(len, stripped))
    tokens = list(map(str.split, folded))
    words = list(map(len, tokens))
    stop = stopwords(language)
    if language in UNSEGMENTED_LANGUAGES:
        words, stop_counts = _unsegmented_words(stripped, words, stop)
    else:
        stop_counts = list(map(len, map(stop.intersection, tokens)))
    tails = list(map(str.rstrip, stripped, repeat(_CLOSERS)))
    return LineFeatures(
        chars=chars,
        words=words,
        stopwords=stop_counts,
        terminal=list(map(str.endswith, tails, repeat(_TERMINALS))),
        colon_end=list(map(str.endswith, tails, repeat((":", "：")))),
        commas=[a + b + c for a, b, c in zip(
            map(str.count, stripped, repeat(",")),
            map(str.count, stripped, repeat("，")),
            map(str.count, stripped, repeat("、")),
        )],
        separators=[a + b + c for a, b, c in zip(
            map(str.count, stripped, repeat("|")),
            map(str.count, stripped, repeat(" • ")),
            map(str.count, stripped, repeat(" / ")),
        )],
        title_case=list(map(str.istitle, stripped)),
        upper_case=list(map(str.isupper, stripped)),
        bullet_start=list(map(str.startswith, stripped, repeat(_BULLETS))),
        lower_start=[line[:1].islower() for line in stripped],
        digit_start=[line[:1].isdigit() for line in stripped],
        has_url=_lines_with(_URL, lines),
        blank=[size == 0 for size in chars],
    )


def _unsegmented_words(
    lines: list[str], words: list[int], stop: frozenset[str]
) -> tuple[list[int], list[int]]:
    """Word and stopword counts for scripts without spaces: a CJK character counts as a word."""
    single = frozenset(word for word in stop if len(word) == 1)
    out_words, out_stop = [], []
    for line, count in zip(lines, words):
        cjk = len(_CJK.findall(line))
        out_words.append(count + cjk)
        out_stop.append(sum(map(single.__contains__, line)) if cjk else 0)
    return out_words, out_stop


def _lines_with(pattern: re.Pattern[str], lines: list[str]) -> list[bool]:
    """Which lines contain a match of ``pattern``, found in one pass over the joined text."""
    flags = [False] * len(lines)
    text = "\n".join(lines)
    if pattern.search(text) is None:
        return flags
    starts = [0]
    for line in lines[:-1]:
        starts.append(starts[-1] + len(line) + 1)
    for match in pattern.finditer(text):
        flags[bisect_right(starts, match.start()) - 1] = True
    return flags
