"""Flattened development pages with per-line gold labels, cached for training and analysis."""

from __future__ import annotations

import pickle
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from benchmarks import datasets
from benchmarks.training.labels import label_lines
from declutter.decode.html import decode_html_bytes
from declutter.segment.blocks import Blocks
from declutter.segment.document import segment_document
from declutter.segment.html import HtmlDocument, segment_html

CACHE = datasets.CACHE / "lines"
T = TypeVar("T")


@dataclass
class LabelledPage:
    """A page flattened to text, read as the cleaner reads it, with each scored line's gold
    coverage.

    ``lines`` are the lines the cascade scores: the text's lines, or for fragmented text and
    Markdown one line of plain text per block (``declutter.segment.blocks``); ``blocks`` are
    those blocks (``None`` for plain text), ``shape`` the text's shape.
    """

    page: datasets.Page
    lines: list[str]
    coverage: list[float]
    flattener: str = "html_text"
    shape: str = "plain"
    blocks: Blocks | None = None


def labelled_pages(
    corpus: str, flattener: str = "html_text", data: Path = datasets.DEFAULT_DATA
) -> list[LabelledPage]:
    """Every page of ``corpus`` with labelled lines (cached on disk)."""

    def build() -> list[LabelledPage]:
        pages = []
        for page in datasets.load(corpus, data):
            document = segment_document(datasets.flattened(page, flattener), "text")
            lines = document.scored_lines
            shape = document.shape.kind.value if document.shape is not None else "plain"
            pages.append(
                LabelledPage(
                    page, lines, label_lines(lines, page.gold), flattener, shape, document.blocks
                )
            )
        return pages

    return _cached(CACHE / f"{corpus}-{flattener}-shaped.pickle", build)


@dataclass
class LabelledHtmlPage:
    """A page segmented by ``segment_html`` with each block line's gold coverage."""

    page: datasets.Page
    document: HtmlDocument
    coverage: list[float]


def labelled_html_pages(corpus: str, data: Path = datasets.DEFAULT_DATA) -> list[LabelledHtmlPage]:
    """Every page of ``corpus`` segmented as HTML with labelled lines (cached on disk)."""

    def build() -> list[LabelledHtmlPage]:
        pages = []
        for page in datasets.load(corpus, data):
            document = segment_html(decode_html_bytes(page.html_bytes()).text)
            visible = document.visible_lines()
            pages.append(LabelledHtmlPage(page, document, label_lines(visible, page.gold)))
        return pages

    return _cached(CACHE / f"{corpus}-html.pickle", build)


def _cached(path: Path, build: Callable[[], list[T]]) -> list[T]:
    """What ``build`` returns, pickled at ``path`` the first time and read from there after.
    Delete the file when the segmentation changes."""
    if path.exists():
        with path.open("rb") as handle:
            cached: list[T] = pickle.load(handle)
        return cached
    built = build()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(built, handle)
    return built
