"""Context-free rules over a document's lines: lexicon families and language-free patterns.

>>> from declutter._features import line_features
>>> from declutter.rules.lexicon import load_lexicon
>>> lines = ["Load more", "0:00 0:34:52 0:00", "»", "The council met on Monday."]
>>> hits = match_rules(lines, line_features(lines, "en"), load_lexicon(("en",)))
>>> [hit.rule if hit else None for hit in hits]
['lexicon.call_to_action', 'pattern.timecode', 'pattern.symbols', None]
>>> hits[0].evidence()
'line reads "load more" (lexicon en/call_to_action: "[load | show | see | view | read] more (stories | articles | news | posts | results | comments | replies | videos | photos)")'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from declutter._features import LineFeatures
from declutter._types import Kind
from declutter.rules.lexicon import Entry, Lexicon
from declutter.rules.phrases import normalize_line
from declutter.rules.registry import RULES

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
_TIMECODES = re.compile(rf"\s*{_TIME}(?:\s*(?:/|\||of|-)?\s*{_TIME})*\s*")
_ALNUM = re.compile(r"[^\W_]")
#: Lines longer than this are never whole-line chrome nor short notices.
LEXICON_MAX_CHARS = 1000
#: Only lines shorter than this can be time codes or symbol rows.
_PATTERN_MAX_CHARS = 80


@dataclass(frozen=True)
class RuleHit:
    """A rule that fired on a line, with what it saw."""

    rule: str
    kind: Kind
    template: str
    args: tuple[object, ...]
    rule_class: str

    def evidence(self) -> str:
        """The evidence in words."""
        return self.template % self.args


def match_rules(lines: list[str], cols: LineFeatures, lexicon: Lexicon) -> list[RuleHit | None]:
    """The first rule that fires on each line, or ``None``."""
    hits: list[RuleHit | None] = [None] * len(lines)
    chars = cols.chars
    eligible = [i for i, size in enumerate(chars) if 0 < size <= LEXICON_MAX_CHARS]
    if not eligible:
        return hits
    texts = [lines[i] for i in eligible]
    entries = lexicon.match_lines(texts)
    for index, text, entry in zip(eligible, texts, entries, strict=True):
        if entry is not None:
            hits[index] = _lexicon_hit(text, entry, cols.words[index], lexicon)
        elif chars[index] < _PATTERN_MAX_CHARS:
            hits[index] = _pattern_hit(text)
    return hits


def _pattern_hit(line: str) -> RuleHit | None:
    if _ALNUM.search(line) is None:
        return RuleHit("pattern.symbols", Kind.BOILERPLATE, "no letters or digits", (), "symbols")
    if _TIMECODES.fullmatch(line) is not None:
        return RuleHit(
            "pattern.timecode", Kind.MEDIA_PLAYER, "only media time codes", (), "timecode"
        )
    return None


def _lexicon_hit(line: str, entry: Entry, words: int, lexicon: Lexicon) -> RuleHit:
    normalized = normalize_line(line)
    if normalized in lexicon.lines:
        template = 'line reads "%s" (lexicon %s/%s: "%s")'
        args: tuple[object, ...] = (normalized, entry.language, entry.family, entry.pattern)
    else:
        template = 'matches "%s" (lexicon %s/%s) in a line of %d words'
        args = (entry.pattern, entry.language, entry.family, words)
    rule = f"lexicon.{entry.family}"
    return RuleHit(rule, RULES[rule].kind, template, args, entry.family)
