"""Markdown to plain text for scoring: what a reader of the rendered page would see.

Outputs on text from a Markdown flattener (``datasets.MARKDOWN_FLATTENERS``) are scored after
this, the same function for every system (no cleaning, C4, jusText, declutter), so that link
targets, ``#`` and list markers count for nobody. The Markdown is parsed by markdown-it-py
(CommonMark with GFM tables): the text of every block, one block a line; link targets,
images and raw HTML dropped; code kept as written.

>>> print(plain_text("# Title\\n\\nSee [the report](https://a.org/r) *now*.\\n\\n- one\\n- two"))
Title
See the report now.
one
two
"""

from __future__ import annotations

from functools import lru_cache

from markdown_it import MarkdownIt
from markdown_it.token import Token


@lru_cache(maxsize=1)
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark").enable("table")


def plain_text(markdown: str) -> str:
    """The text of ``markdown``'s blocks, one a line (see the module docstring)."""
    lines: list[str] = []
    for token in _parser().parse(markdown):
        if token.type == "inline":
            text = _inline_text(token.children or [])
            if text.strip():
                lines.append(text.strip())
        elif token.type in ("fence", "code_block"):
            lines.extend(line for line in token.content.splitlines() if line.strip())
    return "\n".join(lines)


def _inline_text(children: list[Token]) -> str:
    parts = []
    for child in children:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
    return "".join(parts)
