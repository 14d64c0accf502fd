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
from declutter.rules.registry import RULES

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
_TIMECODES = re.compile(rf"\s*{_TIME}(?:\s*(?:/|\||of|-)?\s*{_TIME})*\s*")
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
    """The first rule that fires on each (stripped, non-blank) line, or ``None``."""
    chars = cols.chars
    eligible = [i for i, size in enumerate(chars) if size <= LEXICON_MAX_CHARS]
    hits: list[RuleHit | None] = [None] * len(lines)
    if not eligible:
        return hits
    texts = [lines[i] for i in eligible] if len(eligible) < len(lines) else lines
    entries, normalized = lexicon.match_lines(texts)
    for index, entry, norm in zip(eligible, entries, normalized, strict=True):
        if entry is not None:
            hits[index] = _lexicon_hit(entry, norm, cols.words[index], lexicon)
        elif not norm.replace("#", "").strip() and chars[index] < _PATTERN_MAX_CHARS:
            hits[index] = _pattern_hit(lines[index], norm)
    return hits


def _pattern_hit(line: str, normalized: str) -> RuleHit | None:
    if not normalized:
        return RuleHit("pattern.symbols", Kind.BOILERPLATE, "no letters or digits", (), "symbols")
    if _TIMECODES.fullmatch(line) is not None:
        return RuleHit(
            "pattern.timecode", Kind.MEDIA_PLAYER, "only media time codes", (), "timecode"
        )
    return None


def _lexicon_hit(entry: Entry, normalized: str, words: int, lexicon: Lexicon) -> RuleHit:
    if normalized in lexicon.lines:
        template = 'line reads "%s" (lexicon %s/%s: "%s")'
        args: tuple[object, ...] = (normalized, entry.language, entry.family, entry.pattern)
    else:
        template = 'matches "%s" (lexicon %s/%s) in a line of %d words'
        args = (entry.pattern, entry.language, entry.family, words)
    rule = f"lexicon.{entry.family}"
    return RuleHit(rule, RULES[rule].kind, template, args, entry.family)
