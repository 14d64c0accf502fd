"""Segment HTML into block lines with DOM features (the only module that imports selectolax).

One iterative walk over the lexbor tree (no recursion, so any nesting depth works) turns
the page into lines, as a browser would lay it out:

- a block element (``p``, ``h1``-``h6``, ``li``, ``div``, ``section``, ...) starts and ends a
  line; inline elements (``a``, ``span``, ``em``, ``code``, ...) never split one; ``<br>``
  does; whitespace collapses as in a browser;
- a table row is one line, its cells joined by a tab; blocks inside a cell are lines of
  their own;
- ``pre`` keeps its text verbatim, one line per line of the block;
- ``script``, ``style``, ``template``, ``noscript``, ``svg``, ``iframe``, ``object``,
  ``embed``, ``canvas``, ``video``, ``audio`` and ``<title>`` become one summary line each
  (``<script>``, ``<svg> 12 chars``; the title's own text), marked hidden;
- elements hidden with the ``hidden`` attribute, ``aria-hidden="true"`` or an inline
  ``display:none``/``visibility:hidden`` are segmented like the rest and their lines marked
  hidden with the reason.

>>> doc = segment_html('<p>A <a href="/x">link</a> in a sentence.<br>Next</p>'
...                    '<table><tr><td>a</td><td>b</td></tr></table><script>var x;</script>')
>>> doc.lines
['A link in a sentence.', 'Next', 'a\\tb', '<script>']
>>> doc.sources[0], doc.link_chars[0], doc.hidden[3]
('body>p', 4, '<script> is not shown')
"""

from __future__ import annotations

import re
import time
from itertools import accumulate
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from declutter._errors import BudgetExceeded
from declutter.segment._dom import (
    CHROME_HITS,
    CHROME_LANDMARKS,
    LANDMARK_TAGS,
    ROLE_LANDMARKS,
    BlockKind,
    ClassHit,
    HtmlDocument,
    class_mask,
    limit_nesting,
    read_hints,
)
from declutter.segment.text import normalize_text

__all__ = ["BlockKind", "ClassHit", "HtmlDocument", "segment_html"]

_K = BlockKind
#: Elements that start and end a line, with the kind of line they make.
_BLOCKS: dict[str, BlockKind] = {
    **dict.fromkeys(
        (
            "address", "article", "aside", "body", "head", "center", "details", "dialog", "dir",
            "div", "dl", "fieldset", "figure", "footer", "form", "frameset", "header", "hgroup",
            "hr", "html", "legend", "main", "menu", "nav", "ol", "optgroup", "option", "section",
            "search", "select", "summary", "table", "tbody", "textarea", "tfoot", "thead", "ul",
        ),
        _K.OTHER,
    ),
    "p": _K.PARAGRAPH, "h1": _K.H1, "h2": _K.H2, "h3": _K.H3, "h4": _K.H4, "h5": _K.H5,
    "h6": _K.H6, "li": _K.LIST_ITEM, "dt": _K.TERM, "dd": _K.DEFINITION, "tr": _K.TABLE_ROW,
    "blockquote": _K.BLOCKQUOTE, "figcaption": _K.CAPTION, "caption": _K.CAPTION,
    "pre": _K.PRE, "listing": _K.PRE, "xmp": _K.PRE, "plaintext": _K.PRE,
}  # fmt: skip
#: Kinds that generic blocks nested inside keep (a ``<p>`` in an ``<li>`` is a list item).
_INHERITED = frozenset(
    {_K.LIST_ITEM, _K.TERM, _K.DEFINITION, _K.BLOCKQUOTE, _K.CAPTION, _K.PRE, _K.H1, _K.H2,
     _K.H3, _K.H4, _K.H5, _K.H6}
)  # fmt: skip
_GENERIC = frozenset({_K.OTHER, _K.PARAGRAPH})
#: Elements that number a new block (``block_id``): lines inside share their density.
_CONTAINERS = frozenset(
    [
        "html",
        "body",
        "div",
        "section",
        "article",
        "main",
        "aside",
        "nav",
        "header",
        "footer",
        "form",
        "ul",
        "ol",
        "dl",
        "table",
        "blockquote",
        "figure",
        "details",
        "fieldset",
        "menu",
        "dialog",
        "address",
        "center",
        "hgroup",
        "search",
        "pre",
    ]
)
#: Elements whose content is never shown as page text: one summary line each.
_SKIPPED = frozenset(
    [
        "script",
        "style",
        "template",
        "noscript",
        "svg",
        "iframe",
        "object",
        "embed",
        "canvas",
        "video",
        "audio",
        "title",
        "datalist",
        "noframes",
    ]
)
_CHROME_BITS = int(CHROME_HITS)
_RAW_TEXT = frozenset({"script", "style", "template"})
_JS_TYPES = frozenset({"text/javascript", "module", "application/javascript"})
_UNHIDDEN = frozenset({"html", "body"})  # pages that hide their body show it with a script
_UNHIDEABLE = frozenset({"main", "article"})  # aria-hidden there is a modal's doing
# React streams server-rendered parts as <div hidden id="S:0"> that a script moves into place.
_STREAMED = re.compile(r"S:[0-9a-z]+$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_HINT_META = ("og:title", "og:description", "description")

# Markers placed in the text while a line is built (Unicode noncharacters: never page text).
_OPEN, _MID, _CLOSE, _CELL = "\ufdd0", "\ufdd3", "\ufdd1", "\ufdd2"
_MARKER = re.compile("\ufdd0(\\d+)\ufdd3|\ufdd1")
_CELL_SPACE = re.compile(" ?\ufdd2 ?")
_ANY_MARKER = re.compile("[\ufdd0-\ufdd3]")
_SOURCE_PARTS = 6

# The context of a node, one tuple shared by every line captured under it: landmark, class
# hits, in <main>, article number, chrome trigger, hidden reason, then the innermost block's
# tag, kind, depth and container number, and whether text is preformatted.
_Ctx = tuple[str, int, bool, int, int, str, str, BlockKind, int, int, bool]
_ROOT_CTX: _Ctx = ("", 0, False, -1, -1, "", "html", _K.OTHER, 0, 0, False)
# A line record: text, context, link chars, source, link spans or None.
_Record = tuple[str, _Ctx, int, str, Any]


def segment_html(html: str, *, links: bool = False, deadline: float | None = None) -> HtmlDocument:
    """Split ``html`` into block lines with their DOM feature columns.

    With ``links``, ``HtmlDocument.links`` gets the link spans of each line (for markdown
    links; ``link_chars`` is always counted). ``deadline`` is a ``time.perf_counter()`` value
    after which ``BudgetExceeded`` is raised (checked as lines are made).
    """
    data = html.encode("utf-8", "replace")  # lone surrogates become "?"
    html, flattened = limit_nesting(html, data)
    if flattened:
        data = html.encode("utf-8", "replace")
    tree = LexborHTMLParser(data, scripting=True)
    walk = _Walk(deadline, links)
    if tree.root is not None:
        walk.run(tree.root)
    return walk.document(flattened)


class _Walk:
    """The state of one walk; ``run`` is the hot loop."""

    def __init__(self, deadline: float | None, links: bool) -> None:
        self.deadline = deadline
        self.want_links = links
        self.records: list[_Record] = []
        self.hrefs: list[str] = []
        self.chrome_reasons: list[str] = []
        self.chrome_hits: list[str] = []
        self.block_parent: list[int] = [-1]
        self.article_parent: list[int] = []
        self.lang = ""
        self.title = ""
        self.metas: dict[str, str] = {}
        self.json_ld: list[str] = []

    def run(self, root: Any) -> None:
        """Walk the tree under ``root`` once, without recursion, and record its lines."""
        records = self.records
        emit = self._emit
        blocks = _BLOCKS
        want_links = self.want_links
        pieces: list[str] = []
        owner: tuple[_Ctx, str] = (_ROOT_CTX, "")
        link_chars = 0
        link = False
        cells = 0
        deferred: list[_Record] = []
        ctx = _ROOT_CTX
        source_ctx: _Ctx | None = None
        source = ""
        path: list[str] = []  # short names of the open block elements
        counts: list[dict[str, int]] = [{}]  # per open block: its block children seen, by tag
        stack: list[tuple[Any, int, _Ctx, Any]] = []
        node = root
        while True:
            tag = node.tag
            if tag == "-text":
                text = node.text_content
                if text:
                    if pieces:
                        pieces.append(text)
                        if link:
                            link_chars += len(" ".join(text.split()))
                    elif ctx[10] or not text.isspace():
                        if ctx is not source_ctx:
                            source_ctx, source = ctx, _source(path)
                        owner = (ctx, source)
                        pieces.append(text)
                        if link:
                            link_chars += len(" ".join(text.split()))
            elif tag is not None and tag[0] != "-":
                child = node.first_child
                if child is None:
                    if tag == "br":
                        if ctx[10]:
                            pieces.append("\n")
                        elif pieces:
                            emit(pieces, owner, link_chars)
                            pieces, link_chars = [], 0
                    elif tag == "td" or tag == "th":
                        if cells:
                            if not pieces:
                                owner = (ctx, _source(path))
                            pieces.append(_CELL)
                        cells += 1
                    elif pieces and tag in blocks:
                        emit(pieces, owner, link_chars)
                        pieces, link_chars = [], 0
                    elif tag == "meta":
                        self._meta(node)
                elif tag in _SKIPPED:
                    record = self._summary(node, tag, path, ctx, len(stack))
                    if record is not None:
                        (deferred if pieces else records).append(record)
                else:
                    prev = ctx
                    action = 0
                    extra: Any = None
                    kind = blocks.get(tag)
                    if kind is not None and pieces:
                        emit(pieces, owner, link_chars)
                        pieces, link_chars = [], 0
                    attrs = node.attributes
                    if attrs:
                        classes = attrs.get("class")
                        ident = attrs.get("id")
                        role = attrs.get("role")
                        own = class_mask(classes) if classes else 0
                        if ident:
                            own |= class_mask(ident)
                        if role:
                            own |= class_mask(role)
                            landmark = ROLE_LANDMARKS.get(role)
                        else:
                            landmark = None
                        if "aria-label" in attrs:
                            own |= class_mask(attrs["aria-label"] or "")
                        if tag in LANDMARK_TAGS:
                            landmark = tag
                        main = (
                            tag == "main"
                            or role == "main"
                            or attrs.get("itemprop") == "articleBody"
                        )
                        reason = ""
                        if not ctx[5] and (
                            "hidden" in attrs
                            or "aria-hidden" in attrs
                            or "style" in attrs
                            or tag == "dialog"
                        ):
                            reason = self._hidden(attrs, tag, role, path)
                        elif tag == "html" or tag == "body":
                            own = 0
                            if tag == "html":
                                self.lang = attrs.get("lang") or attrs.get("xml:lang") or ""
                        if (
                            landmark
                            or reason
                            or (main and not ctx[2])
                            or tag == "article"
                            or (own & _CHROME_BITS and ctx[4] < 0 and not ctx[2])
                        ):
                            ctx = self._enter(
                                ctx, tag, role, landmark, own, main, reason, attrs, path
                            )
                            if reason:
                                action = 4
                                if pieces:  # hidden inline text: a line of its own
                                    action = 12
                                    extra = (pieces, owner, link_chars)
                                    pieces, link_chars = [], 0
                        elif own and ctx[1] | own != ctx[1]:
                            ctx = (ctx[0], ctx[1] | own, *ctx[2:])
                    else:
                        ident = classes = None
                        if tag in LANDMARK_TAGS or tag == "dialog":
                            reason = (
                                ""
                                if ctx[5] or tag != "dialog"
                                else self._hidden({}, tag, None, path)
                            )
                            landmark = tag if tag in LANDMARK_TAGS else None
                            ctx = self._enter(
                                ctx, tag, None, landmark, 0, tag == "main", reason, {}, path
                            )
                            if reason:
                                action = 4
                    if kind is not None:
                        action |= 1
                        level = counts[-1]
                        nth = level.get(tag, 0) + 1
                        level[tag] = nth
                        if ident and tag != "body":
                            path.append(f"{tag}#{ident[:40]}")
                        elif classes and not classes.isspace() and tag != "body":
                            first = classes.split(None, 1)[0][:40]
                            path.append(f"{tag}.{first}" if nth == 1 else f"{tag}.{first}[{nth}]")
                        else:
                            path.append(tag if nth == 1 else f"{tag}[{nth}]")
                        counts.append({})
                        container = ctx[9]
                        if tag in _CONTAINERS:
                            container = len(self.block_parent)
                            self.block_parent.append(ctx[9])
                        pre = ctx[10]
                        if kind is _K.PRE:
                            pre = True
                        elif kind is _K.TABLE_ROW:
                            action |= 16
                            extra = cells
                            cells = 0
                        elif kind in _GENERIC and ctx[7] in _INHERITED:
                            kind = ctx[7]
                        ctx = (*ctx[:6], tag, kind, len(stack), container, pre)
                    elif tag == "a":
                        if not link and attrs and attrs.get("href") is not None:
                            link = True
                            action |= 2
                            if want_links:
                                if not pieces:
                                    owner = (ctx, _source(path))
                                pieces.append(f"{_OPEN}{len(self.hrefs)}{_MID}")
                                self.hrefs.append(attrs["href"])
                    elif tag == "td" or tag == "th":
                        if cells:
                            if not pieces:
                                owner = (ctx, _source(path))
                            pieces.append(_CELL)
                        cells += 1
                    stack.append((node, action, prev, extra))
                    node = child
                    continue
            # Leave ``node`` and every ancestor that has no next sibling.
            while True:
                nxt = node.next
                if nxt is not None:
                    node = nxt
                    break
                if not stack:
                    if pieces:
                        emit(pieces, owner, link_chars)
                    records.extend(deferred)
                    return
                node, action, ctx, extra = stack.pop()
                if action:
                    if action & 2:
                        link = False
                        if want_links and pieces:
                            pieces.append(_CLOSE)
                    if action & 5 and pieces:
                        emit(pieces, owner, link_chars)
                        pieces, link_chars = [], 0
                    if action & 1:
                        path.pop()
                        counts.pop()
                    if action & 8:
                        pieces, owner, link_chars = extra
                    elif action & 16:
                        cells = extra
                if deferred and not pieces:
                    records.extend(deferred)
                    deferred = []

    def _enter(
        self,
        ctx: _Ctx,
        tag: str,
        role: str | None,
        landmark: str | None,
        own: int,
        main: bool,
        reason: str,
        attrs: dict[str, str | None],
        path: list[str],
    ) -> _Ctx:
        """The context inside an element that changes it (landmark, class, main, hidden)."""
        article = ctx[3]
        if tag == "article":
            article = len(self.article_parent)
            self.article_parent.append(ctx[3])
        main = main or ctx[2]
        chrome = ctx[4]
        if chrome < 0 and not main and (landmark in CHROME_LANDMARKS or own & _CHROME_BITS):
            chrome = self._trigger(tag, role, landmark, own, attrs, path)
        return (landmark or ctx[0], ctx[1] | own, main, article, chrome, reason or ctx[5], *ctx[6:])

    def _emit(self, pieces: list[str], owner: tuple[_Ctx, str], link_chars: int) -> None:
        """Append the line(s) made of ``pieces`` (several for ``pre``; none if blank)."""
        if self.deadline is not None:
            _check(self.deadline)
        ctx, source = owner
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
                self.records.append((row, ctx, 0, source, None))
            return
        text = " ".join(raw.split())
        if not text:
            return
        spans = None
        if _CELL in text:
            text = _CELL_SPACE.sub("\t", text).rstrip("\t")
            if not text or text.isspace():
                return
        if _OPEN in text or _CLOSE in text:
            text, spans = _link_spans(text, self.hrefs)
        if text:
            self.records.append((text, ctx, link_chars, source, spans))

    def _summary(
        self, node: Any, tag: str, path: list[str], ctx: _Ctx, depth: int
    ) -> _Record | None:
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
            reason = f"<{tag}> is not shown"
            inner: _Ctx = (*ctx[:5], ctx[5] or reason, tag, _K.OTHER, depth, ctx[9], False)
            return (text, inner, 0, f"{_source(path)}>{tag}", None)
        content = node.text(deep=True)
        if not content or content.isspace():
            return None
        if tag == "title":
            if not self.title:
                self.title = content
            text = " ".join(content.split())
            reason = "<title> is shown in the browser tab, not in the page"
        else:
            text = f"<{tag}> {len(content):,} chars"
            reason = f"<{tag}> is not shown"
        inner = (*ctx[:5], ctx[5] or reason, tag, _K.OTHER, depth, ctx[9], False)
        return (text, inner, 0, f"{_source(path)}>{tag}", None)

    def _meta(self, node: Any) -> None:
        attrs = node.attributes
        name = (attrs.get("property") or attrs.get("name") or "").strip().lower()
        if name in _HINT_META and name not in self.metas:
            self.metas[name] = " ".join((attrs.get("content") or "").split())

    def _hidden(
        self, attrs: dict[str, str | None], tag: str, role: str | None, path: list[str]
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
        return f"{why} on {_source(path)}>{_name(tag, attrs)}"

    def _trigger(
        self,
        tag: str,
        role: str | None,
        landmark: str | None,
        own: int,
        attrs: dict[str, str | None],
        path: list[str],
    ) -> int:
        """Record the element that makes its lines chrome; return its index."""
        where = f"{_source(path)}>{_name(tag, attrs)}"
        if landmark in CHROME_LANDMARKS:
            name = str(landmark)
            what = f"<{tag}>" if tag == landmark else f'role="{role}"'
            reason = f"inside {what} ({where})"
        else:
            hit = ClassHit(own & _CHROME_BITS)
            name = next(str(h.name) for h in ClassHit if h & hit).lower()
            reason = f"{_matching_token(attrs, hit)} ({where})"
        self.chrome_reasons.append(reason)
        self.chrome_hits.append(name)
        return len(self.chrome_reasons) - 1

    def document(self, flattened: int) -> HtmlDocument:
        """The columns of everything the walk recorded."""
        records = self.records
        lines = [r[0] for r in records]
        joined = "\n".join(lines)
        if normalize_text(joined) != joined:
            lines = [normalize_text(line).replace("\n", " ") for line in lines]
        ctxs = [r[1] for r in records]
        hints = read_hints(lang=self.lang, title=self.title, metas=self.metas, json_ld=self.json_ld)
        return HtmlDocument(
            lines=lines,
            starts=[0, *accumulate(len(line) + 1 for line in lines[:-1])] if lines else [],
            sources=[r[3] for r in records],
            tag=[c[6] for c in ctxs],
            block_kind=[c[7] for c in ctxs],
            link_chars=[r[2] for r in records],
            landmark=[c[0] for c in ctxs],
            class_hits=[c[1] for c in ctxs],
            depth=[c[8] for c in ctxs],
            block_id=[c[9] for c in ctxs],
            hidden=[c[5] for c in ctxs],
            in_main=[c[2] for c in ctxs],
            article=[c[3] for c in ctxs],
            chrome=[c[4] for c in ctxs],
            chrome_reasons=self.chrome_reasons,
            chrome_hits=self.chrome_hits,
            block_parent=self.block_parent,
            article_parent=self.article_parent,
            links={i: r[4] for i, r in enumerate(records) if r[4]},
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


def _source(path: list[str]) -> str:
    """The short CSS-like path of the innermost open block, from ``body`` or an id."""
    parts = path[1:]
    if len(parts) <= _SOURCE_PARTS:
        return ">".join(parts)
    tail = parts[-_SOURCE_PARTS:]
    for index in range(len(tail) - 1, 0, -1):
        if "#" in tail[index]:
            return ">".join(tail[index:])
    return f"{parts[0]}>...>{'>'.join(tail[1:])}"


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
