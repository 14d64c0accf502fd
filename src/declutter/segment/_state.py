"""The lines of an HTML walk and what the walk records besides them: page hints, summaries.

``segment.html`` holds the walk itself (the hot loop) and ``segment._context`` the context of
each node; this module holds what the loop calls less often: turning the pieces of a line into
records (``_emit``), the summary lines of scripts and the like (``_summary``), the page hints,
and the columns of ``HtmlDocument``. None of it touches the parser: lexbor nodes come in as
opaque objects.
"""

from __future__ import annotations

import re
import time
from itertools import accumulate
from typing import Any

from declutter._errors import BudgetExceeded
from declutter.segment._context import Contexts, Ctx, chain_of, new_context, source
from declutter.segment.dom import BlockKind, HtmlDocument, read_hints
from declutter.segment.text import normalize_text

_K = BlockKind
_RAW_TEXT = frozenset({"script", "style", "template"})
_JS_TYPES = frozenset({"text/javascript", "module", "application/javascript"})
_HINT_META = ("og:title", "og:description", "description")

# Markers placed in the text while a line is built (Unicode noncharacters: never page text):
# OPEN, the index of the link's href, MID start a link; CLOSE ends it; CELL separates cells.
OPEN, MID, CLOSE, CELL = "\ufdd0", "\ufdd3", "\ufdd1", "\ufdd2"
_MARKER = re.compile("\ufdd0(\\d+)\ufdd3|\ufdd1")
_CELL_SPACE = re.compile(" ?\ufdd2 ?")
_ANY_MARKER = re.compile("[\ufdd0-\ufdd3]")

# A line record (a plain tuple: one is made per line): ``(text, context, link_chars, spans)``,
# with ``spans`` the ``(start, end, href)`` of its links, or None.
Record = tuple[str, Ctx, int, Any]


class WalkState(Contexts):
    """The lines and page hints of one walk (``segment.html._Walk`` adds the loop itself)."""

    def __init__(self, deadline: float | None, links: bool) -> None:
        super().__init__()
        self.deadline = deadline
        self.want_links = links
        self.records: list[Record] = []
        #: The targets of the links met so far (their index is in the ``OPEN`` markers).
        self.hrefs: list[str] = []
        self.title = ""
        self.metas: dict[str, str] = {}
        self.json_ld: list[str] = []
        #: Characters inside ``<noscript>`` (its raw markup when parsed with scripting on).
        self.noscript_chars = 0

    def _emit(self, pieces: list[str], ctx: Ctx, link_chars: int) -> None:
        """Append the line(s) made of ``pieces`` (several for ``pre``; none if blank)."""
        if self.deadline is not None:
            _check(self.deadline)
        raw = "".join(pieces)
        if ctx.preformatted:
            if _ANY_MARKER.search(raw):
                raw = _ANY_MARKER.sub("", _MARKER.sub("", raw))
            rows = [row.rstrip() for row in raw.split("\n")]
            while rows and not rows[-1]:
                rows.pop()
            first = 0
            while first < len(rows) and not rows[first]:
                first += 1
            for row in rows[first:]:
                self.records.append((row, ctx, 0, None))
            return
        text = " ".join(raw.split())
        if not text:
            return
        spans = None
        if CELL in text:
            text = _CELL_SPACE.sub("\t", text).rstrip("\t")
            if not text or text.isspace():
                return
        if OPEN in text or CLOSE in text:
            text, spans = _link_spans(text, self.hrefs)
        if text:
            self.records.append((text, ctx, link_chars, spans))

    def _summary(self, node: Any, tag: str, ctx: Ctx, depth: int) -> Record | None:
        """The summary line of a skipped element, or ``None`` if it holds no text.

        Script and style contents are not decoded (they can be large): their lines say what
        was dropped, not how much.
        """
        if tag in _RAW_TEXT:
            content = ""
            kind = (node.attributes.get("type") or "").strip().lower() if tag == "script" else ""
            if kind == "application/ld+json":
                content = node.text(deep=True)
                self.json_ld.append(content)
            label = f"<script type={kind[:40]}>" if kind and kind not in _JS_TYPES else f"<{tag}>"
            text = f"{label} {len(content):,} chars" if content else label
        else:
            content = node.text(deep=True)
            if not content or content.isspace():
                return None
            if tag == "noscript":
                self.noscript_chars += len(content)
            if tag == "title":
                if not self.title:
                    self.title = content
                text = " ".join(content.split())
            else:
                text = f"<{tag}> {len(content):,} chars"
        if tag == "title":
            reason = "<title> is shown in the browser tab, not in the page"
        else:
            reason = f"<{tag}> is not shown"
        landmark, hits, in_main, article, chrome, hidden, _, _, _, block, _, chain, counts = ctx
        inner = new_context(
            Ctx,
            (landmark, hits, in_main, article, chrome, hidden or reason, tag, _K.OTHER, depth,
             block, False, chain_of(tag, chain), counts),
        )  # fmt: skip
        return (text, inner, 0, None)

    def _meta(self, node: Any) -> None:
        """Keep the page hint of a ``<meta>`` (the first of each name)."""
        attrs = node.attributes
        name = (attrs.get("property") or attrs.get("name") or "").strip().lower()
        if name in _HINT_META and name not in self.metas:
            self.metas[name] = " ".join((attrs.get("content") or "").split())

    def sources_of(self, chains: dict[int, Any]) -> dict[int, str]:
        """The source of each of the chains (keyed by their ``id``)."""
        return {key: source(chain) for key, chain in chains.items()}

    def document(self, flattened: int) -> HtmlDocument:
        """The columns of everything the walk recorded (transposed in C with ``zip``)."""
        records = self.records
        hints = read_hints(lang=self.lang, title=self.title, metas=self.metas, json_ld=self.json_ld)
        if not records:
            return HtmlDocument(
                [], [], [], [], [], [], [], [], [], [], [], [], [], [], hints=hints,
                flattened_tags=flattened,
            )  # fmt: skip
        texts, ctxs, link_chars, spans = zip(*records, strict=True)
        lines = list(texts)
        joined = "\n".join(lines)
        if normalize_text(joined) != joined:
            lines = [normalize_text(line).replace("\n", " ") for line in lines]
        (landmark, hits, main, article, chrome, hidden, tag, kind, depth, block, _, chains, _) = (
            zip(*ctxs, strict=True)
        )
        # The source of each chain, made once (lines of a block share its chain).
        ids = list(map(id, chains))
        names = self.sources_of(dict(zip(ids, chains, strict=True)))
        return HtmlDocument(
            lines=lines,
            starts=list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0)),
            sources=list(map(names.__getitem__, ids)),
            tag=list(tag),
            block_kind=list(kind),
            link_chars=list(link_chars),
            landmark=list(landmark),
            class_hits=list(hits),
            depth=list(depth),
            block_id=list(block),
            hidden=list(hidden),
            in_main=list(main),
            article=list(article),
            chrome=list(chrome),
            chrome_reasons=self.chrome_reasons,
            chrome_hits=self.chrome_hits,
            block_parent=self.block_parent,
            article_parent=self.article_parent,
            links={i: span for i, span in enumerate(spans) if span},
            hints=hints,
            flattened_tags=flattened,
        )


def _link_spans(text: str, hrefs: list[str]) -> tuple[str, list[tuple[int, int, str]]]:
    """Remove the link markers from a collapsed line; return it and its ``(start, end, href)``."""
    parts: list[str] = []
    length = 0
    spans: list[tuple[int, int, str]] = []
    start = -1
    href = ""
    position = 0
    for match in _MARKER.finditer(text):
        segment = text[position : match.start()]
        position = match.end()
        if segment:
            if segment[0] == " " and (not parts or parts[-1][-1] == " "):
                segment = segment[1:]
            if segment:
                parts.append(segment)
                length += len(segment)
        if match.group(1) is not None:
            start, href = length, hrefs[int(match.group(1))]
        elif start >= 0:
            spans.append((start, length, href))
            start = -1
    segment = text[position:]
    if segment and segment[0] == " " and (not parts or parts[-1][-1] == " "):
        segment = segment[1:]
    parts.append(segment)
    out = "".join(parts).rstrip()
    if start >= 0:
        spans.append((start, len(out), href))
    cleaned = []
    for begin, end, target in spans:
        end = min(end, len(out))
        while begin < end and out[begin] == " ":
            begin += 1
        while end > begin and out[end - 1] == " ":
            end -= 1
        if end > begin:
            cleaned.append((begin, end, target))
    return out, cleaned


def _check(deadline: float) -> None:
    if time.perf_counter() > deadline:
        raise BudgetExceeded("budget.max_seconds: max_seconds passed while segmenting the HTML")
