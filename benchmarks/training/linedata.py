"""Flattened development pages with per-line gold labels, cached for training and analysis."""

from __future__ import annotations

import pickle
from dataclasses import dataclass
from pathlib import Path

from benchmarks import datasets
from benchmarks.training.labels import label_lines
from declutter._html_decode import decode_html_bytes
from declutter.segment.html import HtmlDocument, segment_html
from declutter.segment.text import segment_text

CACHE = datasets.CACHE / "lines"


@dataclass
class LabelledPage:
    """A page flattened to lines with each line's gold coverage."""

    page: datasets.Page
    lines: list[str]
    coverage: list[float]


def labelled_pages(
    corpus: str, flattener: str = "html_text", data: Path = datasets.DEFAULT_DATA
) -> list[LabelledPage]:
    """Every page of ``corpus`` with labelled lines (cached on disk)."""
    path = CACHE / f"{corpus}-{flattener}.pickle"
    if path.exists():
        with path.open("rb") as handle:
            cached: list[LabelledPage] = pickle.load(handle)
        return cached
    pages = []
    for page in datasets.load(corpus, data):
        lines = segment_text(datasets.flattened(page, flattener)).lines
        pages.append(LabelledPage(page, lines, label_lines(lines, page.gold)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(pages, handle)
    return pages


@dataclass
class LabelledHtmlPage:
    """A page segmented by ``segment_html`` with each block line's gold coverage."""

    page: datasets.Page
    document: HtmlDocument
    coverage: list[float]


def labelled_html_pages(corpus: str, data: Path = datasets.DEFAULT_DATA) -> list[LabelledHtmlPage]:
    """Every page of ``corpus`` segmented as HTML with labelled lines (cached on disk)."""
    path = CACHE / f"{corpus}-html.pickle"
    if path.exists():
        with path.open("rb") as handle:
            cached: list[LabelledHtmlPage] = pickle.load(handle)
        return cached
    pages = []
    for page in datasets.load(corpus, data):
        text = decode_html_bytes(page.html_bytes()).text
        document = segment_html(text)
        visible = [
            line if not hidden else ""
            for line, hidden in zip(document.lines, document.hidden, strict=True)
        ]
        pages.append(LabelledHtmlPage(page, document, label_lines(visible, page.gold)))
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as handle:
        pickle.dump(pages, handle)
    return pages
