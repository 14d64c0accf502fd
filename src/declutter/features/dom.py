"""DOM features of HTML block lines, appended to the text features for the HTML models.

Every column is computed for all lines of a page at once from the segmenter's feature lists;
block-level figures (a block's share of the page text, its link density) come from one
``bincount`` over the block numbers.

>>> from declutter.segment.html import segment_html
>>> doc = segment_html("<nav><a href='/'>Home</a></nav><article><p>It reopened.</p></article>")
>>> rows = [i for i, line in enumerate(doc.lines) if line and not doc.hidden[i]]
>>> dom_matrix(doc, rows).shape == (len(rows), len(DOM_FEATURES))
True
"""

from __future__ import annotations

import re
from collections.abc import Callable

import numpy as np

from declutter.features.columns import FloatArray, IntArray
from declutter.segment.dom import BlockKind, ClassHit, HtmlDocument

_KINDS = {kind: index for index, kind in enumerate(BlockKind)}
_LANDMARKS = {
    "": 0,
    "header": 1,
    "nav": 2,
    "aside": 3,
    "footer": 4,
    "main": 5,
    "article": 6,
    "form": 7,
}
_HITS = tuple(ClassHit)

DOM_FEATURES: tuple[str, ...] = (
    "block_kind",
    "landmark",
    *(f"class_{hit.name.lower()}" for hit in _HITS if hit.name),
    "link_density",
    "depth",
    "in_main",
    "in_article",
    "in_chrome",
    "in_json_ld_body",
    "block_text_share",
    "block_link_density",
    "log_block_lines",
    "parent_text_share",
    "parent_link_density",
    "grandparent_text_share",
    "grandparent_link_density",
    "log_path_repeats",
    "path_link_density",
)
_INDEX = re.compile(r"\[\d+\]")


class DomColumns:
    """The DOM columns of one page for the models: ``matrix`` (line features) and ``context``
    (context features) are asked for the same rows, and share the characters and container
    codes of those rows, computed once.

    >>> from declutter.segment.html import segment_html
    >>> doc = segment_html("<div><p>One line.</p><p>Another line.</p></div>")
    >>> columns = DomColumns(doc)
    >>> columns.matrix([0, 1]).shape, columns.context([0, 1])(np.array([0.2, 0.8])).shape
    ((2, 35), (2, 3))
    """

    def __init__(self, doc: HtmlDocument) -> None:
        self.doc = doc
        self._rows: list[int] | None = None
        self._shared: tuple[FloatArray, list[IntArray]] = (np.empty(0), [])

    def matrix(self, rows: list[int]) -> FloatArray:
        """``dom_matrix`` of the rows."""
        return dom_matrix(self.doc, rows, self._for(rows))

    def context(self, rows: list[int]) -> Callable[[FloatArray], FloatArray]:
        """``dom_context`` of the rows."""
        return dom_context(self.doc, rows, self._for(rows))

    def _for(self, rows: list[int]) -> tuple[FloatArray, list[IntArray]]:
        if rows is not self._rows:
            self._rows = rows
            self._shared = _row_chars(self.doc, rows), container_codes(self.doc, rows)
        return self._shared


def _row_chars(doc: HtmlDocument, rows: list[int]) -> FloatArray:
    return np.fromiter((len(doc.lines[i]) for i in rows), np.float64, len(rows))


def dom_matrix(
    doc: HtmlDocument,
    rows: list[int],
    shared: tuple[FloatArray, list[IntArray]] | None = None,
) -> FloatArray:
    """DOM features of the lines ``rows`` of ``doc`` (the non-blank visible lines);
    ``shared``: their characters and container codes, if already known."""
    count = len(rows)
    if count == 0:
        return np.empty((0, len(DOM_FEATURES)))
    chars, levels = shared or (_row_chars(doc, rows), container_codes(doc, rows))
    links = np.fromiter((doc.link_chars[i] for i in rows), np.float64, count)
    hits = np.fromiter((doc.class_hits[i] for i in rows), np.int64, count)
    blocks = levels[0]
    block_chars = np.bincount(blocks, weights=chars)
    block_links = np.bincount(blocks, weights=links)
    block_lines = np.bincount(blocks)
    body = doc.in_article_body()
    total = max(float(chars.sum()), 1.0)
    ancestry = []
    for codes in levels[1:]:
        mass = np.bincount(codes, weights=chars)
        ancestry.append(mass[codes] / total)
        ancestry.append(np.bincount(codes, weights=links)[codes] / np.maximum(mass[codes], 1.0))
    paths = _path_codes(doc, rows)
    path_chars = np.bincount(paths, weights=chars)
    columns = [
        np.fromiter((_KINDS[doc.block_kind[i]] for i in rows), np.float64, count),
        np.fromiter((_LANDMARKS.get(doc.landmark[i], 8) for i in rows), np.float64, count),
        *(((hits & int(hit)) != 0).astype(np.float64) for hit in _HITS if hit.name),
        links / np.maximum(chars, 1.0),
        np.fromiter((doc.depth[i] for i in rows), np.float64, count),
        np.fromiter((doc.in_main[i] for i in rows), np.float64, count),
        np.fromiter((doc.article[i] >= 0 for i in rows), np.float64, count),
        np.fromiter((doc.chrome[i] >= 0 for i in rows), np.float64, count),
        np.fromiter((body[i] for i in rows), np.float64, count),
        block_chars[blocks] / total,
        block_links[blocks] / np.maximum(block_chars[blocks], 1.0),
        np.log1p(block_lines[blocks]),
        *ancestry,
        np.log1p(np.bincount(paths)[paths]),
        np.bincount(paths, weights=links)[paths] / np.maximum(path_chars[paths], 1.0),
    ]
    return np.column_stack(columns)


def container_codes(doc: HtmlDocument, rows: list[int]) -> list[IntArray]:
    """For each of the rows' block, its parent block and its grandparent block, a dense code
    per distinct container (rows in the same container share a code; -1 is "no container")."""
    parents = doc.block_parent
    levels = []
    current = [doc.block_id[i] for i in rows]
    for _ in range(3):
        codes = np.unique(np.asarray(current, dtype=np.int64), return_inverse=True)[1]
        levels.append(codes.reshape(-1))
        current = [parents[b] if 0 <= b < len(parents) else -1 for b in current]
    return levels


def _path_codes(doc: HtmlDocument, rows: list[int]) -> IntArray:
    """A dense code per distinct tag path without sibling indices (``body>div.a>ul>li[2]``
    counts as ``body>div.a>ul>li``), so that lines of one repeated template (teaser lists,
    link lists) share a code."""
    paths = [_INDEX.sub("", doc.sources[i]) for i in rows]
    codes: IntArray = np.unique(paths, return_inverse=True)[1]
    return codes.reshape(-1)


DOM_CONTEXT_FEATURES: tuple[str, ...] = ("block_score", "parent_score", "grandparent_score")


def dom_context(
    doc: HtmlDocument,
    rows: list[int],
    shared: tuple[FloatArray, list[IntArray]] | None = None,
) -> Callable[[FloatArray], FloatArray]:
    """A function giving, from the rows' scores, the mean score of each row's container, of
    the container around it and of the one around that (weighted by characters); ``shared``
    as for ``dom_matrix``."""
    count = len(rows)
    chars, levels = shared or (_row_chars(doc, rows), container_codes(doc, rows))

    def columns(scores: FloatArray) -> FloatArray:
        if count == 0:
            return np.empty((0, len(DOM_CONTEXT_FEATURES)))
        out = []
        for codes in levels:
            mass = np.bincount(codes, weights=chars)
            score = np.bincount(codes, weights=scores * chars)
            out.append(score[codes] / np.maximum(mass[codes], 1.0))
        return np.column_stack(out)

    return columns
