"""Label each line of a flattened development page as content or chrome against the gold text.

A line of four or more tokens is content when most of its 4-token shingles occur in the gold
text; a shorter line is content when it equals a line of the gold text (or, weaker, occurs in it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"\w+")


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens."""
    return _TOKEN.findall(text.lower())


class GoldIndex:
    """Shingles, lines and token string of one page's gold text."""

    def __init__(self, gold: str) -> None:
        gold_tokens = tokens(gold)
        self.shingles = {tuple(gold_tokens[i : i + 4]) for i in range(len(gold_tokens) - 3)}
        self.lines = {" ".join(tokens(line)) for line in gold.split("\n")}
        self.lines.discard("")
        self.joined = " " + " ".join(gold_tokens) + " "

    def coverage(self, line: str) -> float:
        """How much of ``line`` the gold text contains, between 0 and 1."""
        line_tokens = tokens(line)
        if not line_tokens:
            return 0.0
        if len(line_tokens) >= 4:
            shingles = [tuple(line_tokens[i : i + 4]) for i in range(len(line_tokens) - 3)]
            return sum(s in self.shingles for s in shingles) / len(shingles)
        joined = " ".join(line_tokens)
        if joined in self.lines:
            return 1.0
        return 0.5 if f" {joined} " in self.joined else 0.0


def label_lines(lines: Iterable[str], gold: str) -> list[float]:
    """Coverage of every line (0.0 for blank lines)."""
    index = GoldIndex(gold)
    return [index.coverage(line) if line.strip() else 0.0 for line in lines]
