"""Context-free rules over a document's lines: lexicon families and language-free patterns.

>>> from declutter.features.text import line_features
>>> from declutter.rules.lexicon import load_lexicon
>>> lines = ["Load more", "0:00 0:34:52 0:00", "»", "The council met on Monday."]
>>> hits = match_rules(lines, line_features(lines, "en"), load_lexicon(("en",)))
>>> [hit.rule if hit else None for hit in hits]
['lexicon.call_to_action', 'pattern.timecode', 'pattern.symbols', None]
>>> hits[0].evidence()[:58]
'line reads "load more" (lexicon en/call_to_action: "[load '
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from declutter import native
from declutter._result import Kind
from declutter.features.text import LONG_LINE_CHARS, LineFeatures
from declutter.rules.lexicon import WHOLE_LINE_MAX_WORDS, Entry, Lexicon
from declutter.rules.phrases import normalize_line
from declutter.rules.registry import LEXICON_FAMILIES, RULES

_TIME = r"(?:\d{1,2}:)?\d{1,2}:\d{2}"
# Possessive spaces: a run of spaces is taken once, never split between the two sides.
_TIMECODES = re.compile(rf"(?<!\s)\s*+{_TIME}(?:\s*+(?:/|\||of|-)?\s*+{_TIME})*+\s*+")
#: Lines longer than this are never whole-line chrome nor short notices.
LEXICON_MAX_CHARS = 1000
#: Lines up to this long are all looked up; longer ones only when they hold a trigger word.
SHORT_LINE_CHARS = LONG_LINE_CHARS
#: Only lines shorter than this can be time codes or symbol rows.
_PATTERN_MAX_CHARS = 80
_FAMILIES = frozenset(LEXICON_FAMILIES)


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
    """The first rule that fires on each (stripped, non-blank) line, or ``None``.

    Short lines are all looked up in the lexicon; longer ones only when one of their words is
    a phrase trigger. The compiled kernel (``native._lines``) matches them when it is built;
    this function is the reference.
    """
    kernel = native.kernel("lines")
    if kernel is not None:
        found: list[RuleHit | None] | None = kernel.match_rules(lines, cols, lexicon)
        if found is not None:
            return found
    chars = cols.chars
    hits: list[RuleHit | None] = [None] * len(lines)
    is_short = chars <= SHORT_LINE_CHARS
    short = np.flatnonzero(is_short).tolist()
    if short:
        texts = [lines[i] for i in short] if len(short) < len(lines) else lines
        plain = (cols.words > WHOLE_LINE_MAX_WORDS) | ((cols.digits == 0) & (cols.symbols == 0))
        entries, keys = lexicon.match_lines(
            texts, cols.words[is_short].tolist(), plain[is_short].tolist()
        )
        for index, entry, key in zip(short, entries, keys, strict=True):
            if entry is not None:
                hits[index] = _lexicon_hit(entry, key, int(cols.words[index]), lexicon)
            elif not key.replace("#", "").strip() and chars[index] < _PATTERN_MAX_CHARS:
                hits[index] = _pattern_hit(lines[index], key)
    triggers = lexicon.raw_triggers
    for index, tokens in cols.long_tokens.items():
        if chars[index] <= LEXICON_MAX_CHARS and not triggers.isdisjoint(tokens):
            entry = lexicon.match_line(lines[index])
            if entry is not None:
                hits[index] = _lexicon_hit(entry, "", int(cols.words[index]), lexicon)
    return hits


def _pattern_hit(line: str, normalized: str) -> RuleHit | None:
    if not normalized:
        return RuleHit("pattern.symbols", Kind.BOILERPLATE, "no letters or digits", (), "symbols")
    if _TIMECODES.fullmatch(line) is not None:
        return RuleHit(
            "pattern.timecode", Kind.MEDIA_PLAYER, "only media time codes", (), "timecode"
        )
    return None


def prefer_page_language(
    lines: list[str],
    hits: list[RuleHit | None],
    cols: LineFeatures,
    language: str,
    lexicon: Lexicon,
) -> list[RuleHit | None]:
    """The page language's own list first: a lexicon hit from another language's list is
    matched again with ``language``'s entries only, and takes that entry when there is one
    (a whole line listed by several languages is filed under the first language loaded, so an
    English "Login" would otherwise cite the German list). A hit no entry of ``language``
    gives keeps its language and says so. ``hits`` is changed in place and returned.

    >>> from declutter.features.text import line_features
    >>> from declutter.rules.lexicon import load_lexicon
    >>> lexicon, lines = load_lexicon(("de", "en")), ["Login", "Zum Inhalt springen"]
    >>> cols = line_features(lines, "en")
    >>> hits = match_rules(lines, cols, lexicon)
    >>> [hit.evidence()[:36] for hit in hits]
    ['line reads "login" (lexicon de/navig', 'line reads "zum inhalt springen" (le']
    >>> for hit in prefer_page_language(lines, hits, cols, "en", lexicon):
    ...     print(hit.evidence().replace("springen | wechseln", "..."))
    line reads "login" (lexicon en/navigation: "login")
    line reads "zum inhalt springen" (lexicon de/accessibility: "zum inhalt (...)"; no en entry)
    """
    if language not in lexicon.languages or len(lexicon.languages) < 2:
        return hits
    for index in [i for i, hit in enumerate(hits) if hit is not None]:
        hit = hits[index]
        if hit is None or hit.rule_class not in _FAMILIES or hit.args[1] == language:
            continue
        # a whole-line hit's first argument is the line normalized: no need to do it again
        whole = hit.template.startswith("line reads")
        normalized = str(hit.args[0]) if whole else normalize_line(lines[index])
        entry = lexicon.match_normalized_in(normalized, language)
        if entry is not None:
            hits[index] = _lexicon_hit(entry, normalized, int(cols.words[index]), lexicon)
        else:
            hits[index] = _foreign(hit, language)
    return hits


def _foreign(hit: RuleHit, language: str) -> RuleHit:
    """``hit`` saying that the page language's list has no entry for the line."""
    if hit.template.startswith("line reads"):
        template = hit.template[:-1] + "; no %s entry)"
        args = (*hit.args, language)
    else:
        template = 'matches "%s" (lexicon %s/%s; no %s entry) in a line of %d words'
        args = (*hit.args[:3], language, hit.args[3])
    return RuleHit(hit.rule, hit.kind, template, args, hit.rule_class)


def _lexicon_hit(entry: Entry, normalized: str, words: int, lexicon: Lexicon) -> RuleHit:
    if normalized in lexicon.lines:
        template = 'line reads "%s" (lexicon %s/%s: "%s")'
        args: tuple[object, ...] = (normalized, entry.language, entry.family, entry.pattern)
    else:
        template = 'matches "%s" (lexicon %s/%s) in a line of %d words'
        args = (entry.pattern, entry.language, entry.family, words)
    rule = f"lexicon.{entry.family}"
    return RuleHit(rule, RULES[rule].kind, template, args, entry.family)
