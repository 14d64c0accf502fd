"""The small pattern language of the lexicon files, and line normalization.

A pattern is a sequence of words separated by spaces, matched against *normalized* text
(case-folded, digits collapsed to ``#``, punctuation and symbols turned into spaces):

- ``word``: the word itself (``e-mail`` is normalized like the text, to ``e mail``);
- ``(a b)``: an optional sequence;
- ``[a b | c]``: one of several sequences;
- ``#``: a number (``3``, ``1,204``, ``0:34:52``, ``1.2k``);
- ``*``: any one word (phrase entries only);
- ``...``: a gap of up to six words (phrase entries only).

>>> normalize_line("  Comments (12) »")
'comments #'
>>> sorted(expand(parse("[show | hide] (all) comments")))
['hide all comments', 'hide comments', 'show all comments', 'show comments']
>>> line = normalize_line("The views expressed in this post do not necessarily reflect ours.")
>>> bool(phrase_regex(parse("views expressed ... not necessarily reflect")).search(f" {line} "))
True
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

import regex

from declutter._errors import PatternError

_DIGITS = regex.compile(r"\d+(?:[.,:/]\d+)*(?:[kmb](?![\p{L}\p{N}]))?")
_NON_WORD = regex.compile(r"[^\p{L}\p{N}\p{M}#©]+")
_NON_WORD_KEEP_LINES = regex.compile(r"[^\p{L}\p{N}\p{M}#©\n]+")
# Script extensions: the kana length mark "ー" is common to hiragana and katakana.
_CJK = regex.compile(r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]")
_TOKEN = regex.compile(r"\.\.\.|[()\[\]|]|[^\s()\[\]|]+")
MAX_EXPANSIONS = 4096
GAP_WORDS = 6


def _fold_turkish_i(text: str) -> str:
    """Dotless ``ı`` to ``i`` and the combining dot that ``İ`` folds to removed."""
    return text.replace("\u0131", "i").replace("\u0307", "")


def normalize_line(text: str) -> str:
    """Case-fold, collapse numbers to ``#`` and punctuation to single spaces, strip.

    Turkish dotted and dotless i both fold to ``i``: ``İ`` case-folds to ``i`` plus a combining
    dot, and an upper-case ``I`` does not tell which of the two it stands for.

    >>> normalize_line("İLGİLİ HABERLER"), normalize_line("TÜM HAKLARI SAKLIDIR")
    ('ilgili haberler', 'tüm haklari saklidir')
    """
    folded = text.casefold()
    if not folded.isascii():
        folded = _fold_turkish_i(folded).replace("©", " © ")
    folded = _DIGITS.sub("#", folded)
    return _NON_WORD.sub(" ", folded).strip()


def normalize_lines(lines: list[str]) -> list[str]:
    """``normalize_line`` of every line, in three regex passes over the whole block.

    >>> normalize_lines(["  Comments (12) »", "Load more", ""])
    ['comments #', 'load more', '']
    """
    block = "\n".join(lines).casefold()
    if not block.isascii():
        block = _fold_turkish_i(block).replace("©", " © ")
    block = _NON_WORD_KEEP_LINES.sub(" ", _DIGITS.sub("#", block))
    return list(map(str.strip, block.split("\n")))


@dataclass(frozen=True)
class Word:
    """A literal word (already normalized)."""

    text: str


@dataclass(frozen=True)
class Number:
    """``#``: any number."""


@dataclass(frozen=True)
class AnyWord:
    """``*``: any one word."""


@dataclass(frozen=True)
class Gap:
    """``...``: up to ``GAP_WORDS`` words."""


@dataclass(frozen=True)
class Optional_:
    """``( ... )``: an optional sequence."""

    body: tuple[Node, ...]


@dataclass(frozen=True)
class Choice:
    """``[ a | b ]``: one of several sequences."""

    options: tuple[tuple[Node, ...], ...]


Node = Word | Number | AnyWord | Gap | Optional_ | Choice

# A compiled entry: ``re`` compiles the many plain patterns about three times faster than
# ``regex``; patterns holding CJK words need ``regex`` for their script classes.
Pattern = re.Pattern[str] | regex.Pattern[str]


def parse(pattern: str) -> tuple[Node, ...]:
    """Parse a lexicon pattern into a sequence of nodes."""
    tokens = _TOKEN.findall(pattern)
    nodes, position = _parse_sequence(tokens, 0, pattern)
    if position != len(tokens):
        raise PatternError(f"unbalanced {tokens[position]!r} in pattern {pattern!r}")
    if not nodes:
        raise PatternError(f"empty pattern {pattern!r}")
    return tuple(nodes)


def _parse_sequence(tokens: list[str], position: int, pattern: str) -> tuple[list[Node], int]:
    nodes: list[Node] = []
    while position < len(tokens):
        token = tokens[position]
        if token in (")", "]", "|"):
            break
        position += 1
        if token in ("(", "["):
            options, position = _parse_options(tokens, position, pattern)
            position = _expect(tokens, position, ")" if token == "(" else "]", pattern)
            body = options[0] if len(options) == 1 else (Choice(options),)
            if token == "(":
                nodes.append(Optional_(body))
            else:
                nodes.extend(body)
        elif token == "#":
            nodes.append(Number())
        elif token == "*":
            nodes.append(AnyWord())
        elif token == "...":
            nodes.append(Gap())
        else:
            nodes.extend(Word(part) for part in normalize_line(token).split())
    return nodes, position


def _parse_options(
    tokens: list[str], position: int, pattern: str
) -> tuple[tuple[tuple[Node, ...], ...], int]:
    options: list[tuple[Node, ...]] = []
    while True:
        option, position = _parse_sequence(tokens, position, pattern)
        options.append(tuple(option))
        if position < len(tokens) and tokens[position] == "|":
            position += 1
            continue
        return tuple(options), position


def _expect(tokens: list[str], position: int, token: str, pattern: str) -> int:
    if position >= len(tokens) or tokens[position] != token:
        raise PatternError(f"expected {token!r} in pattern {pattern!r}")
    return position + 1


def expand(nodes: tuple[Node, ...]) -> set[str]:
    """Every normalized line the pattern stands for (whole-line entries)."""
    results = {""}
    for node in nodes:
        results = {_join(head, tail) for head in results for tail in _expand_node(node)}
        if len(results) > MAX_EXPANSIONS:
            raise PatternError(f"pattern expands to more than {MAX_EXPANSIONS} lines")
    return results


def _expand_node(node: Node) -> Iterator[str]:
    if isinstance(node, Word):
        yield node.text
    elif isinstance(node, Number):
        yield "#"
    elif isinstance(node, Optional_):
        yield ""
        yield from expand(node.body)
    elif isinstance(node, Choice):
        for option in node.options:
            yield from expand(option)
    else:
        raise PatternError("'*' and '...' are only allowed in phrase entries")


def _join(head: str, tail: str) -> str:
    if not head or not tail:
        return head or tail
    if _CJK.search(head[-1]) and _CJK.search(tail[0]):
        return head + tail
    return f"{head} {tail}"


# In patterns holding CJK words, a phrase may end at a CJK character on either side (CJK text
# has no spaces), and a non-CJK word or number may follow CJK text ("当サイトではcookieを").
_CJK_CLASS = r"[\p{scx=Han}\p{scx=Hiragana}\p{scx=Katakana}\p{scx=Hangul}]"
_PHRASE_END = rf"(?:(?= )|(?<={_CJK_CLASS})|(?={_CJK_CLASS}))"
_AFTER_SPACE_OR_CJK = rf"(?: |(?<={_CJK_CLASS}))"


def phrase_regex(nodes: tuple[Node, ...]) -> Pattern:
    """A regex finding the phrase in ``" " + normalized_line + " "``.

    >>> bool(phrase_regex(parse("分享到微信")).search(" 分享到微信朋友圈 "))
    True
    >>> bool(phrase_regex(parse("使用cookie")).search(" 本网站使用cookie来改善体验 "))
    True
    >>> bool(phrase_regex(parse("cookieを使用")).search(" 当サイトではcookieを使用しています "))
    True
    >>> bool(phrase_regex(parse("cookie policy")).search(" cookie policyholders "))
    False
    """
    cjk = _has_cjk(nodes)
    if cjk:
        return regex.compile(_sequence_regex(nodes, cjk) + _PHRASE_END)
    return re.compile(_sequence_regex(nodes, cjk) + "(?= )")


def line_regex(nodes: tuple[Node, ...]) -> Pattern:
    """A regex that matches ``" " + normalized_line`` entirely (use ``fullmatch``)."""
    if _has_cjk(nodes):
        return regex.compile(_sequence_regex(nodes, cjk=True))
    return re.compile(_sequence_regex(nodes, cjk=False))


def _has_cjk(nodes: tuple[Node, ...]) -> bool:
    for node in nodes:
        if isinstance(node, Word) and _CJK.search(node.text):
            return True
        if isinstance(node, Optional_) and _has_cjk(node.body):
            return True
        if isinstance(node, Choice) and any(_has_cjk(option) for option in node.options):
            return True
    return False


def has_wildcards(nodes: tuple[Node, ...]) -> bool:
    """Whether the pattern holds ``*`` or ``...`` (and so cannot be expanded)."""
    for node in nodes:
        if isinstance(node, (AnyWord, Gap)):
            return True
        if isinstance(node, Optional_) and has_wildcards(node.body):
            return True
        if isinstance(node, Choice) and any(has_wildcards(o) for o in node.options):
            return True
    return False


def max_words(nodes: tuple[Node, ...]) -> int:
    """The most words a line matching the pattern can have.

    >>> max_words(parse("more from * (and | of the) *"))
    6
    """
    total = 0
    for node in nodes:
        if isinstance(node, Word):
            total += len(node.text.split())
        elif isinstance(node, (Number, AnyWord)):
            total += 1
        elif isinstance(node, Gap):
            total += GAP_WORDS
        elif isinstance(node, Optional_):
            total += max_words(node.body)
        else:
            total += max(max_words(option) for option in node.options)
    return total


def first_words(nodes: tuple[Node, ...]) -> frozenset[str]:
    """The words a line matching the pattern can start with (``#`` for a number)."""
    found: set[str] = set()
    for node in nodes:
        if isinstance(node, Word):
            return frozenset(found | {node.text.split()[0]})
        if isinstance(node, Number):
            return frozenset(found | {"#"})
        if isinstance(node, Choice):
            for option in node.options:
                found |= first_words(option)
            return frozenset(found)
        if isinstance(node, Optional_):
            found |= first_words(node.body)
            continue
        raise PatternError("a whole-line pattern with wildcards must start with a word")
    raise PatternError("a whole-line pattern must contain a word")


def _sequence_regex(nodes: tuple[Node, ...], cjk: bool) -> str:
    return "".join(_node_regex(node, cjk) for node in nodes)


def _node_regex(node: Node, cjk: bool) -> str:
    before = _AFTER_SPACE_OR_CJK if cjk else " "
    if isinstance(node, Word):
        separator = " ?" if _CJK.search(node.text) else before
        return separator + re.escape(node.text)
    if isinstance(node, Number):
        return before + "#"
    if isinstance(node, AnyWord):
        return " [^ ]+"
    if isinstance(node, Gap):
        return f"(?: [^ ]+){{0,{GAP_WORDS}}}"
    if isinstance(node, Optional_):
        return f"(?:{_sequence_regex(node.body, cjk)})?"
    return "(?:" + "|".join(_sequence_regex(option, cjk) for option in node.options) + ")"


def triggers(nodes: tuple[Node, ...]) -> frozenset[str]:
    """Words of which at least one occurs in every line the phrase matches.

    Candidates are each mandatory word and each choice whose every option has triggers (the
    union of those); the candidate whose shortest word is longest wins, since long words are
    rare and a trigger that is rare keeps the phrase search off most lines.

    >>> sorted(triggers(parse("[share | follow] (us) on [facebook | twitter]")))
    ['facebook', 'twitter']
    >>> sorted(triggers(parse("views expressed ... not necessarily reflect")))
    ['necessarily']
    """
    candidates: list[frozenset[str]] = [
        frozenset({node.text}) for node in nodes if isinstance(node, Word)
    ]
    for node in nodes:
        if isinstance(node, Choice):
            try:
                candidates.append(frozenset().union(*(triggers(o) for o in node.options)))
            except PatternError:
                continue
    if not candidates:
        raise PatternError("a phrase entry needs at least one mandatory word")
    return max(candidates, key=lambda words: (min(map(len, words)), -len(words)))
