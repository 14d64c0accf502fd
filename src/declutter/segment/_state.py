"""The state of an HTML walk and what it does besides walking: making lines, contexts, sources.

``segment.html`` holds the walk itself (the hot loop); this module holds what the loop calls
less often: turning the pieces of a line into records (``_emit``), the context changes of
landmarks, classes and hiding (``_enter``, ``_hidden``, ``_trigger``), the summary lines of
scripts and the like (``_summary``), the page hints, and the columns of ``HtmlDocument``.
None of it touches the parser: lexbor nodes come in as opaque objects.
"""

from __future__ import annotations

import re
import time
from itertools import accumulate
from typing import Any

from declutter._errors import BudgetExceeded
from declutter.segment.dom import (
    CHROME_HITS,
    CHROME_LANDMARKS,
    BlockKind,
    ClassHit,
    HtmlDocument,
    class_mask,
    read_hints,
)
from declutter.segment.text import normalize_text

_K = BlockKind
CHROME_BITS = int(CHROME_HITS)
_RAW_TEXT = frozenset({"script", "style", "template"})
_JS_TYPES = frozenset({"text/javascript", "module", "application/javascript"})
_UNHIDDEN = frozenset({"html", "body"})  # pages that hide their body show it with a script
_UNHIDEABLE = frozenset({"main", "article"})  # aria-hidden there is a modal's doing
# React streams server-rendered parts as <div hidden id="S:0"> that a script moves into place.
_STREAMED = re.compile(r"S:[0-9a-z]+$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HINT_META = ("og:title", "og:description", "description")

# Markers placed in the text while a line is built (Unicode noncharacters: never page text).
OPEN, MID, CLOSE, CELL = "\ufdd0", "\ufdd3", "\ufdd1", "\ufdd2"
_MARKER = re.compile("\ufdd0(\\d+)\ufdd3|\ufdd1")
_CELL_SPACE = re.compile(" ?\ufdd2 ?")
_ANY_MARKER = re.compile("[\ufdd0-\ufdd3]")
SOURCE_PARTS = 6

# The path of the innermost block, as a chain shared by the blocks inside: its name, the
# parent chain, the top name (the child of <html>: body or head), the last names of the path
# innermost first (up to one more than a source shows) and how many names the path has.
Chain = tuple[str, Any, str, tuple[str, ...], int]
# The context of a node, one tuple shared by every line captured under it: landmark, class
# hits, in <main>, article number, chrome trigger, hidden reason, then the innermost block's
# tag, kind, depth, container number and path, whether text is preformatted, and the counts
# of the block children of that block seen so far, by tag (for ``p[3]``).
Ctx = tuple[
    str, int, bool, int, int, str, str, BlockKind, int, int, bool, Chain | None, dict[str, int]
]
# A line record: text, context, link chars, link spans or None.
Record = tuple[str, Ctx, int, Any]


class WalkState:
    """The state of one walk (``segment.html._Walk`` adds the loop itself)."""

    def __init__(self, deadline: float | None, links: bool) -> None:
        self.deadline = deadline
        self.want_links = links
        self.records: list[Record] = []
        self.hrefs: list[str] = []
        self.chrome_reasons: list[str] = []
        self.chrome_hits: list[str] = []
        self.block_parent: list[int] = [-1]
        self.article_parent: list[int] = []
        self.lang = ""
        self.title = ""
        self.metas: dict[str, str] = {}
        self.json_ld: list[str] = []
        #: Characters inside ``<noscript>`` (its raw markup when parsed with scripting on).
        self.noscript_chars = 0
        #: The hidden reason of a page wrapper to show anyway (see ``segment_html``).
        self.shown_wrapper = ""

    def _enter(
        self,
        ctx: Ctx,
        tag: str,
        role: str | None,
        landmark: str | None,
        own: int,
        main: bool,
        reason: str,
        attrs: dict[str, str | None],
        name: str,
    ) -> Ctx:
        """The context inside an element that changes it (landmark, class, main, hidden)."""
        article = ctx[3]
        if tag == "article":
            article = len(self.article_parent)
            self.article_parent.append(ctx[3])
        main = main or ctx[2]
        chrome = ctx[4]
        if chrome < 0 and not main and (landmark in CHROME_LANDMARKS or own & CHROME_BITS):
            chrome = self._trigger(tag, role, landmark, own, attrs, ctx[11], name)
        return (landmark or ctx[0], ctx[1] | own, main, article, chrome, reason or ctx[5], *ctx[6:])

    def _emit(self, pieces: list[str], ctx: Ctx, link_chars: int) -> None:
        """Append the line(s) made of ``pieces`` (several for ``pre``; none if blank)."""
        if self.deadline is not None:
            _check(self.deadline)
        raw = "".join(pieces)
        if ctx[10]:
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
        chain = ctx[11]
        inner = (
            *ctx[:5], ctx[5] or reason, tag, _K.OTHER, depth, ctx[9], False,
            _chain(tag, chain), ctx[12],
        )  # fmt: skip
        return (text, inner, 0, None)

    def _meta(self, node: Any) -> None:
        attrs = node.attributes
        name = (attrs.get("property") or attrs.get("name") or "").strip().lower()
        if name in _HINT_META and name not in self.metas:
            self.metas[name] = " ".join((attrs.get("content") or "").split())

    def _hidden(
        self,
        attrs: dict[str, str | None],
        tag: str,
        role: str | None,
        chain: Chain | None,
        name: str,
    ) -> str:
        """Why an element is not shown ("" when it is)."""
        if tag in _UNHIDDEN:
            return ""
        if "hidden" in attrs and not _STREAMED.match(attrs.get("id") or ""):
            why = "hidden attribute"
        elif attrs.get("aria-hidden") == "true" and tag not in _UNHIDEABLE and role != "main":
            why = 'aria-hidden="true"'
        elif tag == "dialog" and "open" not in attrs:
            why = "closed <dialog>"
        else:
            style = attrs.get("style")
            match = _HIDDEN_STYLE.search(style) if style else None
            if match is None:
                return ""
            why = f'style="{" ".join(match.group().split())}"'
        reason = f"{why} on {_source(chain, name or _name(tag, attrs))}"
        return "" if reason == self.shown_wrapper else reason

    def _trigger(
        self,
        tag: str,
        role: str | None,
        landmark: str | None,
        own: int,
        attrs: dict[str, str | None],
        chain: Chain | None,
        name: str,
    ) -> int:
        """Record the element that makes its lines chrome; return its index."""
        where = _source(chain, name or _name(tag, attrs))
        if landmark in CHROME_LANDMARKS:
            name = str(landmark)
            what = f"<{tag}>" if tag == landmark else f'role="{role}"'
            reason = f"inside {what} ({where})"
        else:
            hit = ClassHit(own & CHROME_BITS)
            name = next(str(h.name) for h in ClassHit if h & hit).lower()
            reason = f"{_matching_token(attrs, hit)} ({where})"
        self.chrome_reasons.append(reason)
        self.chrome_hits.append(name)
        return len(self.chrome_reasons) - 1

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
        names = {id(chain): _source(chain) for chain in {id(c): c for c in chains}.values()}
        return HtmlDocument(
            lines=lines,
            starts=list(accumulate(map((1).__add__, map(len, lines[:-1])), initial=0)),
            sources=[names[id(chain)] for chain in chains],
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


def _name(tag: str, attrs: dict[str, str | None]) -> str:
    """``div#main`` / ``div.sidebar`` / ``div``: the short name of an element."""
    ident = attrs.get("id")
    if ident:
        return f"{tag}#{ident[:40]}"
    classes = (attrs.get("class") or "").split(None, 1)
    return f"{tag}.{classes[0][:40]}" if classes else tag


def _chain(name: str, parent: Chain | None) -> Chain:
    """The chain of element ``name`` inside the block of chain ``parent``."""
    if parent is None:
        return (name, None, name, (), 0)
    top = parent[2] if parent[1] is not None else name
    return (name, parent, top, (name, *parent[3][:SOURCE_PARTS]), parent[4] + 1)


def _source(chain: Chain | None, leaf: str = "") -> str:
    """The short CSS-like path of a block (and of ``leaf`` inside it), from ``body`` or an id.

    At most ``SOURCE_PARTS`` names; a longer path starts at the innermost element with an id
    among them, else with ``body>...>``.
    """
    if chain is None:
        return leaf
    if leaf:
        chain = _chain(leaf, chain)
    parts, count = chain[3], chain[4]
    if count <= SOURCE_PARTS:
        return ">".join(reversed(parts))
    for index in range(SOURCE_PARTS - 1):
        if "#" in parts[index]:
            return ">".join(reversed(parts[: index + 1]))
    return f"{chain[2]}>...>{'>'.join(reversed(parts[: SOURCE_PARTS - 1]))}"


def _matching_token(attrs: dict[str, str | None], hit: ClassHit) -> str:
    """``class "sidebar"``: the first attribute token that gave ``hit``."""
    for name in ("class", "id", "role", "aria-label"):
        for token in (attrs.get(name) or "").split():
            if class_mask(token) & hit:
                return f'{name} "{token[:40]}"'
    return f"class hit {hit.name}"


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
