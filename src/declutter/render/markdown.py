"""Markdown rendering of kept lines (``Result.markdown``).

Built from the kept lines and, in HTML mode, the block kind of each line:

- ``h1``-``h6`` become ``#`` to ``######`` headings;
- list items become ``- item`` lines, one list per run of items of the same list;
- table rows (cells apart by tabs) become ``| a | b |`` rows, with the header separator after
  the first kept row of each table;
- ``pre`` lines are fenced with ```` ``` ```` (a longer fence if the code holds one), one
  fence per ``<pre>`` element, blank lines inside kept;
- blockquote lines get ``> ``;
- everything else is a paragraph; blocks are separated by a blank line;
- links are ``[text](href)`` when the document was cleaned with ``include_links=True`` (hrefs
  resolved against the page's ``url`` if given).

Text mode has no block kinds: each kept non-blank line is a paragraph.

>>> from declutter.segment.dom import BlockKind as K
>>> from declutter.segment.layout import MarkdownLayout
>>> layout = MarkdownLayout(block_kind=[K.H2, K.PARAGRAPH, K.LIST_ITEM, K.LIST_ITEM],
...                         block_id=[1, 1, 2, 2])
>>> print(render_lines(["Title", "Some text.", "one", "two"], [True] * 4, layout))
## Title
<BLANKLINE>
Some text.
<BLANKLINE>
- one
- two
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from urllib.parse import urljoin

from declutter.segment.dom import BlockKind
from declutter.segment.layout import MarkdownLayout

_K = BlockKind
_GROUPED = frozenset({_K.LIST_ITEM, _K.TABLE_ROW, _K.PRE, _K.BLOCKQUOTE})
_LINE_START = re.compile(r"^(?:[#>+*-]|\d+[.)]\s|={3,}|-{3,})")
_SKIPPED_LINKS = ("javascript:", "#")


def render_lines(lines: Sequence[str], kept: Sequence[bool], layout: MarkdownLayout | None) -> str:
    """Markdown of the ``kept`` ``lines`` laid out as ``layout`` says (``None``: paragraphs)."""
    if layout is None:
        return "\n\n".join(
            _escape(line.strip())
            for line, keep in zip(lines, kept, strict=True)
            if keep and line.strip()
        )
    blocks: list[str] = []
    kinds = layout.block_kind
    ids = layout.block_id
    index = 0
    count = len(lines)
    while index < count:
        kind = kinds[index]
        if not kept[index] or (not lines[index].strip() and kind is not _K.PRE):
            index += 1
            continue
        if kind in _GROUPED:
            end = index + 1
            while end < count and (
                not kept[end] or (kinds[end] is kind and ids[end] == ids[index])
            ):
                end += 1
            group = [i for i in range(index, end) if kept[i]]
            blocks.append(_render_group(kind, group, lines, layout))
            index = end
            continue
        text = _inline(index, lines[index], layout)
        level = kind.heading_level
        blocks.append(f"{'#' * level} {text}" if level else _escape(text))
        index += 1
    return "\n\n".join(block for block in blocks if block)


def _render_group(
    kind: BlockKind, group: list[int], lines: Sequence[str], layout: MarkdownLayout
) -> str:
    if kind is _K.PRE:
        code = [lines[i] for i in group]
        while code and not code[-1].strip():
            code.pop()
        fence = "```"
        while any(fence in line for line in code):
            fence += "`"
        return "\n".join([fence, *code, fence]) if code else ""
    texts = [_inline(i, lines[i], layout) for i in group if lines[i].strip()]
    if kind is _K.LIST_ITEM:
        return "\n".join(f"- {text}" for text in texts)
    if kind is _K.BLOCKQUOTE:
        return "\n>\n".join(f"> {text}" for text in texts)
    rows = [[cell.strip().replace("|", "\\|") for cell in text.split("\t")] for text in texts]
    width = max(len(row) for row in rows)
    out = []
    for number, row in enumerate(rows):
        row += [""] * (width - len(row))
        out.append("| " + " | ".join(row) + " |")
        if number == 0:
            out.append("|" + "|".join(["---"] * width) + "|")
    return "\n".join(out)


def _inline(index: int, text: str, layout: MarkdownLayout) -> str:
    """The line's text with its links as ``[text](href)``."""
    spans = layout.links.get(index)
    if not spans:
        return text
    parts = []
    position = 0
    for start, end, href in spans:
        if start < position or href.startswith(_SKIPPED_LINKS) or not href.strip():
            continue
        target = urljoin(layout.base_url, href.strip()) if layout.base_url else href.strip()
        label = text[start:end].replace("[", "\\[").replace("]", "\\]")
        parts.append(text[position:start])
        parts.append(f"[{label}]({target.replace(' ', '%20').replace(')', '%29')})")
        position = end
    parts.append(text[position:])
    return "".join(parts)


def _escape(text: str) -> str:
    """A backslash before what would make a paragraph a heading, a list or a quote."""
    return "\\" + text if _LINE_START.match(text) else text
