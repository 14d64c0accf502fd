"""The DOM columns of HTML block lines: ``DOM`` (context-free) and ``DOM_CONTEXT`` (the scores
of the containers around a line).

Every column is computed for all rows of a page at once from the segmenter's per-line lists;
container figures (a block's share of the page text, its link density) come from one
``bincount`` over dense container codes.

>>> from declutter.segment.html import segment_html
>>> doc = segment_html("<nav><a href='/'>Home</a></nav><article><p>It reopened.</p></article>")
>>> rows = [i for i, line in enumerate(doc.lines) if line and not doc.hidden[i]]
>>> inputs = DomInputs(doc, rows)
>>> DOM.matrix(inputs).shape == (len(rows), len(DOM))
True
>>> scores = DOM_CONTEXT.matrix(DomContextInputs(inputs, np.array([0.1, 0.9])))
>>> [[round(score, 2) for score in row] for row in scores.tolist()]  # block, parent, grandparent
[[0.1, 0.7, 0.7], [0.9, 0.7, 0.7]]
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from functools import cached_property

import numpy as np

from declutter.features.columns import Column, ColumnGroup, FloatArray, IntArray
from declutter.segment.dom import BlockKind, ClassHit, HtmlDocument

#: The ``block_kind`` codes: the kinds in ``BlockKind`` order.
BLOCK_KINDS: tuple[str, ...] = tuple(kind.value for kind in BlockKind)
#: The ``landmark`` codes ("": none); ``len(LANDMARKS)`` for any other landmark.
LANDMARKS: tuple[str, ...] = ("", "header", "nav", "aside", "footer", "main", "article", "form")
_KIND_CODES: dict[str, int] = {kind: code for code, kind in enumerate(BlockKind)}
_LANDMARK_CODES = {name: code for code, name in enumerate(LANDMARKS)}
_INDEX = re.compile(r"\[\d+\]")
#: The container levels of ``container_codes``: the line's block, its parent, its grandparent.
_LEVELS = ("block", "parent", "grandparent")


def container_codes(doc: HtmlDocument, rows: Sequence[int]) -> list[IntArray]:
    """For each row's block, its parent block and its grandparent block, a dense code per
    distinct container (rows in the same container share a code; -1 is "no container")."""
    parents = doc.block_parent
    levels = []
    current = [doc.block_id[i] for i in rows]
    for _ in _LEVELS:
        codes = np.unique(np.asarray(current, dtype=np.int64), return_inverse=True)[1]
        levels.append(codes.reshape(-1))
        current = [parents[b] if 0 <= b < len(parents) else -1 for b in current]
    return levels


class DomInputs:
    """The DOM lists of a page's rows (its non-blank visible lines), with shared figures."""

    def __init__(self, doc: HtmlDocument, rows: Sequence[int]) -> None:
        self.doc = doc
        self.rows = rows
        self.count = len(rows)

    def take(self, values: Sequence[float]) -> FloatArray:
        """A per-line list of ``doc`` read at the rows, as floats."""
        return np.fromiter((values[i] for i in self.rows), np.float64, self.count)

    def codes(self, values: Sequence[str], codes: Mapping[str, int]) -> FloatArray:
        """The code of each row's value (``len(codes)`` for a value without one)."""
        other = len(codes)
        return np.fromiter((codes.get(values[i], other) for i in self.rows), np.float64, self.count)

    def at_least_zero(self, values: Sequence[int]) -> FloatArray:
        """1.0 for the rows whose value is a number (>= 0), 0.0 for those with none (-1)."""
        return np.fromiter((values[i] >= 0 for i in self.rows), np.float64, self.count)

    @cached_property
    def class_hits(self) -> IntArray:
        """The ``ClassHit`` bits of each row."""
        hits = self.doc.class_hits
        return np.fromiter((hits[i] for i in self.rows), np.intp, self.count)

    @cached_property
    def chars(self) -> FloatArray:
        """Characters per row."""
        lines = self.doc.lines
        return np.fromiter((len(lines[i]) for i in self.rows), np.float64, self.count)

    @cached_property
    def links(self) -> FloatArray:
        """Characters of link text per row."""
        return self.take(self.doc.link_chars)

    @cached_property
    def levels(self) -> list[IntArray]:
        """``container_codes`` of the rows."""
        return container_codes(self.doc, self.rows)

    @cached_property
    def total(self) -> float:
        """The page's visible characters (at least 1)."""
        return max(float(self.chars.sum()), 1.0)

    @cached_property
    def paths(self) -> IntArray:
        """A dense code per distinct tag path without sibling indices (``body>div.a>ul>li[2]``
        counts as ``body>div.a>ul>li``), so that lines of one repeated template (teaser lists,
        link lists) share a code."""
        paths = [_INDEX.sub("", self.doc.sources[i]) for i in self.rows]
        codes: IntArray = np.unique(paths, return_inverse=True)[1]
        return codes.reshape(-1)

    def text_share(self, codes: IntArray) -> FloatArray:
        """Each row's container's share of the page's characters."""
        return np.bincount(codes, weights=self.chars)[codes] / self.total

    def link_density(self, codes: IntArray) -> FloatArray:
        """The link characters per character of each row's container."""
        mass = np.bincount(codes, weights=self.chars)[codes]
        return np.bincount(codes, weights=self.links)[codes] / np.maximum(mass, 1.0)


DOM = ColumnGroup[DomInputs]("dom", "context-free columns of a line's place in the DOM")
_column = DOM.column


@_column("block_kind", "the kind of block the line comes from", categories=BLOCK_KINDS)
def _block_kind(x: DomInputs) -> FloatArray:
    return x.codes(x.doc.block_kind, _KIND_CODES)


@_column("landmark", "the innermost landmark around the line", categories=LANDMARKS)
def _landmark(x: DomInputs) -> FloatArray:
    return x.codes(x.doc.landmark, _LANDMARK_CODES)


def _class_hit(hit: ClassHit) -> Column[DomInputs]:
    def flag(x: DomInputs) -> FloatArray:
        flags: FloatArray = ((x.class_hits & int(hit)) != 0).astype(np.float64)
        return flags

    name = str(hit.name).lower()
    return Column(f"class_{name}", flag, f"a class, id, role or label around the line names {name}")


for _hit in ClassHit:
    DOM.add(_class_hit(_hit))


@_column("link_density", "link characters per character")
def _link_density(x: DomInputs) -> FloatArray:
    return x.links / np.maximum(x.chars, 1.0)


@_column("depth", "nesting depth of the line's block")
def _depth(x: DomInputs) -> FloatArray:
    return x.take(x.doc.depth)


@_column("in_main", "inside <main>, role=main or itemprop=articleBody")
def _in_main(x: DomInputs) -> FloatArray:
    return x.take(x.doc.in_main)


@_column("in_article", "inside an <article>")
def _in_article(x: DomInputs) -> FloatArray:
    return x.at_least_zero(x.doc.article)


@_column("in_chrome", "inside a chrome landmark or chrome class, outside the main content")
def _in_chrome(x: DomInputs) -> FloatArray:
    return x.at_least_zero(x.doc.chrome)


@_column("in_json_ld_body", "the page's JSON-LD articleBody holds the line")
def _in_json_ld_body(x: DomInputs) -> FloatArray:
    return x.take(x.doc.in_article_body())


@_column("block_text_share", "the line's block's share of the page's characters")
def _block_text_share(x: DomInputs) -> FloatArray:
    return x.text_share(x.levels[0])


@_column("block_link_density", "link characters per character of the line's block")
def _block_link_density(x: DomInputs) -> FloatArray:
    return x.link_density(x.levels[0])


@_column("log_block_lines", "log(1 + lines of the line's block)")
def _log_block_lines(x: DomInputs) -> FloatArray:
    blocks = x.levels[0]
    return np.log1p(np.bincount(blocks)[blocks])


@_column("parent_text_share", "the parent container's share of the page's characters")
def _parent_text_share(x: DomInputs) -> FloatArray:
    return x.text_share(x.levels[1])


@_column("parent_link_density", "link characters per character of the parent container")
def _parent_link_density(x: DomInputs) -> FloatArray:
    return x.link_density(x.levels[1])


@_column("grandparent_text_share", "the grandparent container's share of the page's characters")
def _grandparent_text_share(x: DomInputs) -> FloatArray:
    return x.text_share(x.levels[2])


@_column("grandparent_link_density", "link characters per character of the grandparent")
def _grandparent_link_density(x: DomInputs) -> FloatArray:
    return x.link_density(x.levels[2])


@_column("log_path_repeats", "log(1 + lines with the same tag path, sibling indices aside)")
def _log_path_repeats(x: DomInputs) -> FloatArray:
    paths = x.paths
    return np.log1p(np.bincount(paths)[paths])


@_column("path_link_density", "link characters per character of the lines with the same path")
def _path_link_density(x: DomInputs) -> FloatArray:
    return x.link_density(x.paths)


class DomContextInputs:
    """One stage's inputs to ``DOM_CONTEXT``: the page's DOM inputs and the stage's scores."""

    def __init__(self, dom: DomInputs, scores: FloatArray) -> None:
        self.dom = dom
        self.scores = scores


DOM_CONTEXT = ColumnGroup[DomContextInputs](
    "dom_context", "the scores of the containers around a line"
)


def _container_score(level: int) -> Column[DomContextInputs]:
    def score(x: DomContextInputs) -> FloatArray:
        codes, chars = x.dom.levels[level], x.dom.chars
        mass = np.bincount(codes, weights=chars)
        scored = np.bincount(codes, weights=x.scores * chars)
        return scored[codes] / np.maximum(mass[codes], 1.0)

    name = _LEVELS[level]
    return Column(
        f"{name}_score",
        score,
        f"length-weighted mean score of the line's {name} container",
    )


for _level in range(len(_LEVELS)):
    DOM_CONTEXT.add(_container_score(_level))
