"""Markdown input: the blocks of a Markdown text, each scored as one line of plain text.

The text is parsed by markdown-it-py (CommonMark with GFM tables). Every leaf block (a
paragraph, a heading, a list item's paragraph, a table row, a code block, an HTML block, a
rule) becomes one block of input lines, scored on its text without markup: link targets,
image references, ``#``, list markers and emphasis marks are never counted as words, so a
wrapped paragraph reads as the one line a plain flattener would have written. Lines no leaf
block covers are blocks of their own (blank lines), or join the block before them when they
hold no letter or digit (a table's delimiter row).

Links are measured per block (``link_density``: characters of link text per character of
text). A block that is mostly short links (a menu item, a list of links) gets the
``markdown.links`` rule hit (navigation), as link density does in HTML mode.

>>> text = "# Budget agreed\\n\\n* [Home](/)\\n* [News](/news)\\n\\nThe council met on\\nMonday.\\n"
>>> blocks = markdown_blocks(text)
>>> blocks.texts
['Budget agreed', '', 'Home', 'News', '', 'The council met on Monday.']
>>> [(first, end) for first, end in zip(blocks.firsts, blocks.ends)]
[(0, 1), (1, 2), (2, 3), (3, 4), (4, 5), (5, 7)]
>>> blocks.headings
[True, False, False, False, False, False]
>>> blocks.hits[2].rule, blocks.hits[2].evidence()
('markdown.links', 'link_density 1.00 > 0.50 (1 link, 1.0 words a link)')
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token

from declutter._result import Kind
from declutter.rules.apply import RuleHit
from declutter.segment.blocks import Blocks

#: A block whose link text is more than this share of its text is a link block...
LINK_DENSITY = 0.5
#: ... when its links are this short on average (longer ones are headlines or prose).
LINK_MAX_WORDS = 5.0

_LEAF_KINDS = {
    "paragraph_open": "Markdown paragraph",
    "heading_open": "Markdown heading",
    "tr_open": "Markdown table row",
    "fence": "Markdown code block",
    "code_block": "Markdown code block",
    "html_block": "Markdown HTML block",
    "hr": "Markdown rule",
}


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


@dataclass
class _Leaf:
    first: int
    end: int
    text: str
    what: str
    heading: bool = False
    link_chars: int = 0
    links: int = 0
    link_words: int = 0


def markdown_blocks(text: str) -> Blocks:
    """The blocks of the Markdown ``text`` (lines as ``text.split("\\n")`` gives them, a
    trailing newline aside)."""
    body = text[:-1] if text.endswith("\n") else text
    lines = body.split("\n")
    owner = [-1] * len(lines)
    leaves = _leaves(_parser().parse(text))
    for index, leaf in enumerate(leaves):
        for covered in range(leaf.first, min(leaf.end, len(lines))):
            if owner[covered] < 0:
                owner[covered] = index
    blocks = Blocks.builder()
    previous = -1
    for number, line in enumerate(lines):
        index = owner[number]
        if index < 0:
            if line.strip() and previous >= 0 and not any(map(str.isalnum, line)):
                blocks.extend_last(number)
                continue
            blocks.add(number, number + 1, line.strip(), "line")
            previous = -1
            continue
        if index == previous:
            continue
        leaf = leaves[index]
        end = number + 1
        while end < len(lines) and owner[end] == index:
            end += 1
        blocks.add(number, end, leaf.text, leaf.what, heading=leaf.heading, hit=_link_hit(leaf))
        previous = index
    return blocks.build()


def _leaves(tokens: list[Token]) -> list[_Leaf]:
    """The leaf blocks of a token stream, with their plain text and links."""
    leaves: list[_Leaf] = []
    row: _Leaf | None = None
    for position, token in enumerate(tokens):
        kind = token.type
        if kind == "tr_open" and token.map:
            row = _Leaf(token.map[0], token.map[1], "", _LEAF_KINDS[kind])
            leaves.append(row)
        elif kind == "tr_close":
            row = None
        elif kind == "inline" and row is not None:
            _add_inline(row, token.children or [])
        elif kind in ("paragraph_open", "heading_open") and token.map:
            leaf = _Leaf(
                token.map[0], token.map[1], "", _LEAF_KINDS[kind], heading=kind == "heading_open"
            )
            inline = tokens[position + 1] if position + 1 < len(tokens) else None
            if inline is not None and inline.type == "inline":
                _add_inline(leaf, inline.children or [])
            leaves.append(leaf)
        elif kind in ("fence", "code_block", "html_block", "hr") and token.map:
            content = " ".join(token.content.split()) if kind != "hr" else token.markup
            leaves.append(_Leaf(token.map[0], token.map[1], content, _LEAF_KINDS[kind]))
    return leaves


def _add_inline(leaf: _Leaf, children: list[Token]) -> None:
    """Append the text of inline ``children`` to ``leaf`` (a table cell: after a space)."""
    parts = [leaf.text] if leaf.text else []
    depth = 0
    for child in children:
        kind = child.type
        if kind == "link_open":
            depth += 1
            leaf.links += 1
        elif kind == "link_close":
            depth = max(depth - 1, 0)
        elif kind in ("text", "code_inline"):
            content = child.content
            if depth:
                words = content.split()
                leaf.link_chars += sum(map(len, words))
                leaf.link_words += len(words)
            parts.append(content)
        elif kind in ("softbreak", "hardbreak"):
            parts.append(" ")
    leaf.text = " ".join(" ".join(parts).split())


def _link_hit(leaf: _Leaf) -> RuleHit | None:
    """The ``markdown.links`` hit of a block that is mostly short links, else ``None``."""
    if not leaf.links or leaf.heading:
        return None
    chars = sum(not char.isspace() for char in leaf.text)
    density = leaf.link_chars / max(chars, 1)
    words_per_link = leaf.link_words / leaf.links
    if density <= LINK_DENSITY or words_per_link > LINK_MAX_WORDS:
        return None
    return RuleHit(
        "markdown.links",
        Kind.NAVIGATION,
        "link_density %.2f > %.2f (%d link%s, %.1f words a link)",
        (density, LINK_DENSITY, leaf.links, "" if leaf.links == 1 else "s", words_per_link),
        "navigation",
    )
