"""Keep lexbor's parse time in check on pathologically nested pages.

lexbor builds the tree in time quadratic in the nesting depth of the block elements whose
start tag closes an open ``<p>``: 10,000 nested ``<div>`` take 0.2 s to parse, 100,000 about
40 s. A vectorized scan of the bytes estimates that depth; beyond ``MAX_NESTING`` the deeper
start and end tags of those elements are removed before parsing, their text staying inside the
ancestor at the limit (Chromium's parser also stops nesting at 512).
"""

from __future__ import annotations

import re

import numpy as np

#: Elements nested deeper than this are flattened into their ancestor before parsing, as
#: Chromium's parser does (it stops nesting at 512); lexbor's parse time grows with the square
#: of the nesting depth of block elements (100,000 nested ``<div>`` take minutes).
MAX_NESTING = 512
# Elements whose start tag closes an open <p>: these are the ones whose nesting is quadratic.
_NESTING_NAMES = [
    "div",
    "section",
    "article",
    "aside",
    "nav",
    "header",
    "footer",
    "main",
    "ul",
    "ol",
    "dl",
    "blockquote",
    "pre",
    "center",
    "fieldset",
    "details",
    "figure",
    "figcaption",
    "address",
    "dialog",
    "dir",
    "hgroup",
    "menu",
    "search",
    "summary",
    "listing",
    "form",
    "table",
]
_NESTING_TAG = re.compile(rf"<(/?)(?:{'|'.join(_NESTING_NAMES)})(?=[\s/>])", re.IGNORECASE)
_TAG_END = re.compile(">")
# The first three bytes after "<" or "</" of those tags, lower-cased (two-letter tags padded
# with what may follow them), for a vectorized first estimate of the nesting depth.
_NESTING_KEYS = np.array(
    sorted(
        {
            (ord(a) << 16) | (ord(b) << 8) | ord(c)
            for name in _NESTING_NAMES
            for key in ([name[:3]] if len(name) >= 3 else [name + end for end in "> \t\n\r/"])
            for a, b, c in [tuple(key)]
        }
    ),
    dtype=np.int32,
)
#: Documents with fewer ``<`` than this cannot nest deeply enough to matter.
_NESTING_CHECK_TAGS = 2 * MAX_NESTING


def limit_nesting(html: str, data: bytes | None = None) -> tuple[str, int]:
    """``html`` with the start and end tags nested deeper than ``MAX_NESTING`` removed.

    Their text stays where it was, now inside the ancestor at the limit. Returns the HTML and
    how many tags were removed (0 and the same string for ordinary pages, checked cheaply on
    ``data``, the UTF-8 bytes of ``html``, if given).

    >>> page, removed = limit_nesting("<div>" * 1100 + "deep" + "</div>" * 1100)
    >>> removed, page.count("<div>"), page.count("</div>"), "deep" in page
    (1176, 512, 512, True)
    >>> limit_nesting("<p>" * 2000)[1]
    0
    """
    if data is None:
        data = html.encode("utf-8", "replace")
    if _estimated_depth(data) <= MAX_NESTING:
        return html, 0
    pieces: list[str] = []
    position = 0
    depth = 0
    removed = 0
    for match in _NESTING_TAG.finditer(html):
        closing = bool(match.group(1))
        too_deep = depth > MAX_NESTING if closing else depth >= MAX_NESTING
        depth = max(depth - 1, 0) if closing else depth + 1
        if too_deep:
            end = _TAG_END.search(html, match.end())
            pieces.append(html[position : match.start()])
            position = end.end() if end else len(html)
            removed += 1
    pieces.append(html[position:])
    return "".join(pieces), removed


def _estimated_depth(raw: bytes) -> int:
    """The deepest nesting of the p-closing block tags, counted on the bytes of the page (an
    upper bound unless end tags without start tags abound); 0 for pages with few tags."""
    data = np.frombuffer(raw, dtype=np.uint8)
    where = np.flatnonzero(data[:-4] == 0x3C)
    if where.size < _NESTING_CHECK_TAGS:
        return 0
    closing = data[where + 1] == 0x2F
    start = where + 1 + closing
    third = data[start + 2]
    keys = (
        ((data[start] | 0x20).astype(np.int32) << 16)
        | ((data[start + 1] | 0x20).astype(np.int32) << 8)
        | np.where(third < 0x41, third, third | 0x20)
    )
    found = np.searchsorted(_NESTING_KEYS, keys)
    hits = _NESTING_KEYS[np.minimum(found, _NESTING_KEYS.size - 1)] == keys
    steps = np.where(closing[hits], -1, 1)
    return int(np.cumsum(steps).max()) if steps.size else 0
