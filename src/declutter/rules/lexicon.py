"""The multilingual chrome lexicon: data files per language, compiled once into lookups.

Each ``lexicon/<lang>.toml`` file has one table per family of ``LEXICON_FAMILIES``::

    [call_to_action]
    lines = ["load more", "read more", "show (all) comments"]
    phrases = ["click here to [read | see] more"]

``lines`` entries match a line that says nothing else (after normalization); ``phrases`` match
inside any line of at most the family's ``max_words`` words. ``examples`` and ``counterexamples``
lists hold lines that must and must not match; the test suite checks them.

>>> lexicon = load_lexicon(("en",))
>>> lexicon.match_line("Load more »").family
'call_to_action'
>>> lexicon.match_line("The council will load more buses onto the route.") is None
True

A ``lines`` entry may start with ``*`` (the author line of a comment, ``"* (*) says"``): it is
searched like a phrase, on its rarest word, but must match the whole line.

>>> lexicon.match_line("thelastchargersfan says:").family
'comment'
>>> lexicon.match_line("The minister says the plan will cost more than expected.") is None
True

Chinese, Japanese and Korean lines match whole-line entries with or without spaces between
words (``"分享到: 微信"`` normalizes to ``"分享到 微信"`` and is looked up as ``"分享到微信"``);
their Han and kana characters count as half a word each against a family's ``max_words``.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from itertools import repeat
from typing import Any

import regex

from declutter._errors import LexiconError
from declutter.rules.phrases import (
    AnyWord,
    Pattern,
    expand,
    first_words,
    has_wildcards,
    line_regex,
    max_words,
    normalize_line,
    normalize_lines,
    parse,
    phrase_regex,
    triggers,
)
from declutter.rules.registry import LEXICON_FAMILIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - exercised on Python 3.10 only
    import tomli as tomllib

_CJK = regex.compile(r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]")
# Spaces between two CJK characters: whole-line entries are expanded without them.
_CJK_SPACE = regex.compile(
    r"(?<=[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}])"
    r" (?=[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}])"
)
_LETTER = regex.compile(r"\p{L}")
# Chinese and Japanese are written without spaces: two characters count as one more word.
_HAN_KANA = regex.compile(r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}]")


#: What the quick key strips from both ends of a line: spaces, punctuation, arrows, bullets.
_EDGES = " \t\u00a0.,:;!?\"'()[]{}<>«»‹›“”‘’„|•·-–—*►▸▶◀→←↑↓↗✓✔✕✖×◦▪▸»/\\~_=+…"

#: Whole-line entries have at most this many words; longer lines only take phrase entries.
WHOLE_LINE_MAX_WORDS = 16

#: Punctuation that sticks to the end of a word in text split on spaces ("cookies.").
_RAW_TOKEN_TAILS = ("", ".", ",", ":", ";", "!", "?", ")", '"', "'", "’", "”", "...", "…")


@dataclass(frozen=True)
class Entry:
    """One lexicon entry: which family, which language, the pattern as written."""

    family: str
    language: str
    pattern: str


@dataclass(frozen=True)
class PhraseEntry:
    """A phrase entry compiled for searching normalized lines."""

    entry: Entry
    regex: Pattern
    max_words: int


@dataclass(frozen=True)
class Lexicon:
    """Whole-line lookups and triggered phrase searches for a set of languages."""

    languages: tuple[str, ...]
    lines: Mapping[str, Entry]
    line_patterns: Mapping[str, tuple[tuple[Pattern, Entry], ...]]
    phrases_by_trigger: Mapping[str, tuple[PhraseEntry, ...]]
    cjk_triggers: frozenset[str] = field(default=frozenset())
    trigger_words: frozenset[str] = field(default=frozenset())
    # Load order of the triggers: the first phrase entry in file order wins, on every run.
    trigger_rank: Mapping[str, int] = field(default_factory=dict)
    # Phrase triggers without CJK ones, and the most words a wildcard whole line can have:
    # lines without a trigger and longer than that skip the searches.
    trigger_words_only: frozenset[str] = field(default=frozenset())
    line_pattern_max_words: int = 0
    # First and last words of the whole-line entries (a line to match must share both).
    line_firsts: frozenset[str] = field(default=frozenset())
    line_lasts: frozenset[str] = field(default=frozenset())
    # First words of the wildcard whole-line patterns.
    line_pattern_words: frozenset[str] = field(default=frozenset())
    # Triggers as they appear in raw lower-cased tokens, with trailing punctuation attached,
    # and the most words a line may have for a phrase of that trigger to apply.
    raw_triggers: frozenset[str] = field(default=frozenset())
    raw_trigger_limits: Mapping[str, int] = field(default_factory=dict)
    # Whole lines that several languages list: the entries of the languages after the first
    # (``lines`` keeps the first), for ``match_line_in``.
    other_languages: Mapping[str, tuple[Entry, ...]] = field(default_factory=dict)

    def match_lines(
        self, lines: list[str], counts: list[int], plain: list[bool]
    ) -> tuple[list[Entry | None], list[str]]:
        """``match_line`` of every line, with the work shared across the document.

        ``counts`` are the lines' word counts; ``plain[i]`` says that line ``i`` cannot match a
        whole-line entry unless its quick key does (letters and spaces only, or too long).
        A quick key (case-folded, punctuation stripped from both ends) finds most whole-line
        entries with one ``map``. A line is fully normalized and searched only when it could
        still match: it is not plain, or it holds a phrase trigger within the word limit of the
        trigger's family, or it is short and starts with the first word of a wildcard pattern;
        triggers and first words are found with one set intersection over the whole document.
        Returns the entries and the normalized lines (quick keys where no full normalization
        ran).

        >>> lines = ["Load more »", "Plain prose."]
        >>> entries, keys = load_lexicon(("en",)).match_lines(lines, [2, 2], [False, False])
        >>> [entry.family if entry else None for entry in entries], keys
        (['call_to_action', None], ['load more', 'plain prose'])
        """
        keys = list(map(str.strip, map(str.casefold, lines), repeat(_EDGES)))
        hits: list[Entry | None] = list(map(self.lines.get, keys))
        candidates = {
            i
            for i, hit in enumerate(hits)
            if hit is None and not plain[i] and keys[i] and self._could_be_whole_line(keys[i])
        }
        words = set(" ".join(keys).split())
        found = self.raw_triggers.intersection(words)
        starters = tuple(word + " " for word in self.line_pattern_words.intersection(words))
        limits = self.raw_trigger_limits
        span = max(
            max(map(limits.__getitem__, found), default=0),
            self.line_pattern_max_words if starters else 0,
        )
        longest = self.line_pattern_max_words
        for index, count in enumerate(counts):
            if count > span or hits[index] is not None or index in candidates:
                continue
            key = keys[index]
            if (count <= longest and key.startswith(starters)) or any(
                count <= limits[word] for word in found.intersection(key.split())
            ):
                candidates.add(index)
        if self.cjk_triggers and not all(map(str.isascii, keys)):
            candidates.update(i for i, key in enumerate(keys) if not key.isascii())
        if candidates:
            full = sorted(candidates)
            for index, normalized in zip(
                full, normalize_lines([lines[i] for i in full]), strict=True
            ):
                keys[index] = normalized
                hits[index] = self._match_normalized(normalized) if normalized else None
        return hits, keys

    def _could_be_whole_line(self, key: str) -> bool:
        """Whether a quick key's first and last words can start and end a whole-line entry
        (a key of spaces the edges do not strip, such as U+2003, has no words: no)."""
        words = key.split()
        if not words:
            return False
        first = words[0].strip(_EDGES)
        last = words[-1].strip(_EDGES)
        if first[:1].isdigit():
            first = "#"
        if last[:1].isdigit():
            last = "#"
        return first in self.line_firsts and last in self.line_lasts

    def match_line(self, text: str) -> Entry | None:
        """The whole-line entry ``text`` matches, or the first phrase entry it contains."""
        return self._match_normalized(normalize_line(text))

    def match_line_in(self, text: str, language: str) -> Entry | None:
        """``match_line`` with the entries of one language's list only.

        >>> lexicon = load_lexicon(("de", "en"))
        >>> lexicon.match_line("Login").language, lexicon.match_line_in("Login", "en").language
        ('de', 'en')
        >>> lexicon.match_line_in("Mehr laden", "en") is None
        True
        """
        return self._match_normalized(normalize_line(text), language)

    def match_normalized_in(self, normalized: str, language: str) -> Entry | None:
        """``match_line_in`` of a line already normalized (``normalize_line``)."""
        return self._match_normalized(normalized, language)

    def _whole_line(self, key: str, language: str | None) -> Entry | None:
        hit = self.lines.get(key)
        if language is None or hit is None or hit.language == language:
            return hit
        return next((e for e in self.other_languages.get(key, ()) if e.language == language), None)

    def _match_normalized(self, normalized: str, language: str | None = None) -> Entry | None:
        hit = self._whole_line(normalized, language)
        if hit is not None:
            return hit
        split = normalized.split()
        if not split:
            return None
        has_cjk = not normalized.isascii() and _CJK.search(normalized) is not None
        if has_cjk:
            hit = self._whole_line(_CJK_SPACE.sub("", normalized), language)
            if hit is not None:
                return hit
        padded = f" {normalized} "
        count = len(split)
        if count <= self.line_pattern_max_words:
            for pattern, entry in self.line_patterns.get(split[0], ()):
                if (language is None or entry.language == language) and pattern.fullmatch(
                    padded, 0, len(padded) - 1
                ):
                    return entry
        found = set(self.trigger_words.intersection(split))
        if has_cjk:
            count += len(_HAN_KANA.findall(normalized)) // 2
            found.update(t for t in self.cjk_triggers if t in normalized)
        for trigger in sorted(found, key=self.trigger_rank.__getitem__):
            for phrase in self.phrases_by_trigger[trigger]:
                if (
                    (language is None or phrase.entry.language == language)
                    and count <= phrase.max_words
                    and phrase.regex.search(padded)
                ):
                    return phrase.entry
        return None


def _edge_words(lines: Mapping[str, Entry], position: int) -> Iterable[str]:
    """The first (``0``) or last (``-1``) word of every whole-line entry, CJK ones whole."""
    for line in lines:
        words = line.split()
        yield words[position]
        if _CJK.search(line):
            yield line


def available_languages() -> tuple[str, ...]:
    """Languages with a lexicon file, sorted."""
    folder = resources.files("declutter.rules") / "lexicon"
    return tuple(
        sorted(
            item.name.removesuffix(".toml")
            for item in folder.iterdir()
            if item.name.endswith(".toml")
        )
    )


def read_language(language: str) -> dict[str, Any]:
    """The raw table of one language's lexicon file."""
    path = resources.files("declutter.rules") / "lexicon" / f"{language}.toml"
    try:
        data: dict[str, Any] = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise LexiconError(f"cannot read lexicon {language!r}: {error}") from error
    return data


@lru_cache(maxsize=16)
def load_lexicon(languages: tuple[str, ...] | None = None) -> Lexicon:
    """Compile the lexicon files of ``languages`` (all shipped languages when ``None``)."""
    chosen = available_languages() if languages is None else languages
    lines: dict[str, Entry] = {}
    others: dict[str, list[Entry]] = {}
    line_patterns: dict[str, list[tuple[Pattern, Entry]]] = {}
    pattern_lengths: list[int] = []
    by_trigger: dict[str, list[PhraseEntry]] = {}
    for language in chosen:
        for family, table in _families(read_language(language), language):
            _add_lines(
                lines,
                others,
                line_patterns,
                table.get("lines", []),
                family,
                language,
                pattern_lengths,
            )
            _add_wildcard_first_lines(by_trigger, table.get("lines", []), family, language)
            _add_phrases(by_trigger, table.get("phrases", []), family, language)
    cjk = frozenset(t for t in by_trigger if _CJK.search(t))
    limits = {
        word + tail: max(phrase.max_words for phrase in by_trigger[word])
        for word in frozenset(by_trigger) - cjk
        for tail in _RAW_TOKEN_TAILS
    }
    return Lexicon(
        languages=tuple(chosen),
        lines=lines,
        line_patterns={k: tuple(v) for k, v in line_patterns.items()},
        trigger_words_only=frozenset(by_trigger) - cjk,
        line_pattern_words=frozenset(line_patterns),
        line_firsts=frozenset(_edge_words(lines, 0)),
        line_lasts=frozenset(_edge_words(lines, -1)),
        raw_triggers=frozenset(limits),
        raw_trigger_limits=limits,
        line_pattern_max_words=max(pattern_lengths, default=0),
        phrases_by_trigger={k: tuple(v) for k, v in by_trigger.items()},
        cjk_triggers=cjk,
        trigger_words=frozenset(by_trigger) - cjk,
        trigger_rank={trigger: rank for rank, trigger in enumerate(by_trigger)},
        other_languages={key: tuple(entries) for key, entries in others.items()},
    )


def _families(data: dict[str, Any], language: str) -> Iterable[tuple[str, dict[str, Any]]]:
    for name, table in data.items():
        if name in ("language", "notes"):
            continue
        if name not in LEXICON_FAMILIES:
            raise LexiconError(f"lexicon {language!r}: unknown family {name!r}")
        if not isinstance(table, dict):
            raise LexiconError(f"lexicon {language!r}: [{name}] must be a table")
        unknown = set(table) - {"lines", "phrases", "examples", "counterexamples"}
        if unknown:
            raise LexiconError(f"lexicon {language!r}: [{name}] has unknown keys {unknown}")
        yield name, table


def _add_lines(
    lines: dict[str, Entry],
    others: dict[str, list[Entry]],
    line_patterns: dict[str, list[tuple[Pattern, Entry]]],
    patterns: list[str],
    family: str,
    language: str,
    pattern_lengths: list[int],
) -> None:
    for pattern in patterns:
        entry = Entry(family, language, pattern)
        try:
            nodes = parse(pattern)
            if has_wildcards(nodes):
                if isinstance(nodes[0], AnyWord):
                    continue  # see _add_wildcard_first_lines
                compiled = line_regex(nodes)
                pattern_lengths.append(max_words(nodes))
                for word in first_words(nodes):
                    line_patterns.setdefault(word, []).append((compiled, entry))
                continue
            expanded = expand(nodes)
            wordless = [line for line in expanded if not _LETTER.search(line)]
            if wordless:
                raise LexiconError(f"matches a line without words: {sorted(wordless)[0]!r}")
        except ValueError as error:
            raise LexiconError(f"lexicon {language!r} [{family}] {pattern!r}: {error}") from error
        for line in expanded:
            first = lines.setdefault(line, entry)
            if first.language != language:
                alternatives = others.setdefault(line, [])
                if all(other.language != language for other in alternatives):
                    alternatives.append(entry)


def _add_wildcard_first_lines(
    by_trigger: dict[str, list[PhraseEntry]], patterns: list[str], family: str, language: str
) -> None:
    """``"* (*) says"``: filed with the phrases under their rarest word, anchored to the line."""
    limit = LEXICON_FAMILIES[family].max_words
    for pattern in patterns:
        if not pattern.lstrip().startswith("*"):
            continue
        try:
            nodes = parse(pattern)
            if not isinstance(nodes[0], AnyWord):
                continue
            compiled = line_regex(nodes)
            words = triggers(nodes)
        except ValueError as error:
            raise LexiconError(f"lexicon {language!r} [{family}] {pattern!r}: {error}") from error
        module = re if isinstance(compiled, re.Pattern) else regex
        anchored = module.compile(rf"\A(?:{compiled.pattern}) \Z")
        phrase = PhraseEntry(Entry(family, language, pattern), anchored, limit)
        for word in words:
            by_trigger.setdefault(word, []).append(phrase)


def _add_phrases(
    by_trigger: dict[str, list[PhraseEntry]], patterns: list[str], family: str, language: str
) -> None:
    limit = LEXICON_FAMILIES[family].max_words
    for pattern in patterns:
        try:
            nodes = parse(pattern)
            compiled = phrase_regex(nodes)
            words = triggers(nodes)
        except ValueError as error:
            raise LexiconError(f"lexicon {language!r} [{family}] {pattern!r}: {error}") from error
        phrase = PhraseEntry(Entry(family, language, pattern), compiled, limit)
        for word in words:
            by_trigger.setdefault(word, []).append(phrase)
