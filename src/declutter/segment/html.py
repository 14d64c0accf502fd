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
    ("html", "body", "div", "section", "article", "main", "aside", "nav", "header", "footer",
     "form", "ul", "ol", "dl", "table", "blockquote", "figure", "details", "fieldset", "menu",
     "dialog", "address", "center", "hgroup", "search", "pre")
)  # fmt: skip
#: Elements whose content is never shown as page text: one summary line each.
_SKIPPED = frozenset(
    ("script", "style", "template", "noscript", "svg", "iframe", "object", "embed", "canvas",
     "video", "audio", "title", "datalist", "noframes")
)  # fmt: skip
# What the walk needs to know about a tag, looked up once per element: its block kind (None
# for inline elements) and flags. Tags missing from the table are plain inline elements.
_CONTAINER, _LANDMARK, _SKIP, _CELL_TAG, _LINK, _BREAK, _META, _DIALOG = (1 << i for i in range(8))
_TAGS: dict[str, tuple[BlockKind | None, int]] = {
    tag: (
        _BLOCKS.get(tag),
        (_CONTAINER if tag in _CONTAINERS else 0)
        | (_LANDMARK if tag in LANDMARK_TAGS else 0)
        | (_SKIP if tag in _SKIPPED else 0)
        | (_CELL_TAG if tag in ("td", "th") else 0)
        | (_LINK if tag == "a" else 0)
        | (_BREAK if tag == "br" else 0)
        | (_META if tag == "meta" else 0)
        | (_DIALOG if tag == "dialog" else 0),
    )
    for tag in {*_BLOCKS, *_CONTAINERS, *_SKIPPED, *LANDMARK_TAGS, "td", "th", "a", "br", "meta"}
}
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

# The path of the innermost block, as a chain shared by the blocks inside: its name, the
# parent chain, the top name (the child of <html>: body or head), the last names of the path
# innermost first (up to one more than a source shows) and how many names the path has.
_Chain = tuple[str, Any, str, tuple[str, ...], int]
# The context of a node, one tuple shared by every line captured under it: landmark, class
# hits, in <main>, article number, chrome trigger, hidden reason, then the innermost block's
# tag, kind, depth, container number and path, whether text is preformatted, and the counts
# of the block children of that block seen so far, by tag (for ``p[3]``).
_Ctx = tuple[
    str, int, bool, int, int, str, str, BlockKind, int, int, bool, _Chain | None, dict[str, int]
]
# A line record: text, context, link chars, link spans or None.
_Record = tuple[str, _Ctx, int, Any]


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
        """Walk the tree under ``root`` once, without recursion, and record its lines.

        The hot loop of HTML mode: each node costs a few attribute reads of the lexbor node
        and a dictionary lookup; inline elements take a short path.
        """
        records = self.records
        emit = self._emit
        tags = _TAGS
        want_links = self.want_links
        pieces: list[str] = []
        ctx: _Ctx = ("", 0, False, -1, -1, "", "html", _K.OTHER, 0, 0, False, None, {})
        owner = ctx
        link_chars = 0
        link = False
        cells = 0
        deferred: list[_Record] = []
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
                        owner = ctx
                        pieces.append(text)
                        if link:
                            link_chars += len(" ".join(text.split()))
            elif tag is not None and tag[0] != "-":
                child = node.first_child
                info = tags.get(tag)
                if child is None:
                    if info is not None:
                        flags = info[1]
                        if flags & _BREAK:
                            if ctx[10]:
                                pieces.append("\n")
                            elif pieces:
                                emit(pieces, owner, link_chars)
                                pieces, link_chars = [], 0
                        elif flags & _CELL_TAG:
                            if cells:
                                if not pieces:
                                    owner = ctx
                                pieces.append(_CELL)
                            cells += 1
                        elif pieces and info[0] is not None:
                            emit(pieces, owner, link_chars)
                            pieces, link_chars = [], 0
                        elif flags & _META:
                            self._meta(node)
                elif info is None:  # an inline element: only its classes and hiding matter
                    prev = ctx
                    action = 0
                    extra: Any = None
                    attrs = node.attributes
                    if attrs:
                        classes = attrs.get("class")
                        own = class_mask(classes) if classes else 0
                        if "aria-label" in attrs:
                            own |= class_mask(attrs["aria-label"] or "")
                        reason = ""
                        if not ctx[5] and (
                            "style" in attrs or "hidden" in attrs or "aria-hidden" in attrs
                        ):
                            reason = self._hidden(attrs, tag, None, ctx[11], "")
                        if reason or (own & _CHROME_BITS and ctx[4] < 0 and not ctx[2]):
                            ctx = self._enter(ctx, tag, None, None, own, False, reason, attrs, "")
                            if reason:
                                action = 4
                                if pieces:  # hidden inline text: a line of its own
                                    action = 12
                                    extra = (pieces, owner, link_chars)
                                    pieces, link_chars = [], 0
                        elif own and ctx[1] | own != ctx[1]:
                            ctx = (ctx[0], ctx[1] | own, *ctx[2:])
                    stack.append((node, action, prev, extra))
                    node = child
                    continue
                elif info[1] & _SKIP:
                    record = self._summary(node, tag, ctx, len(stack))
                    if record is not None:
                        (deferred if pieces else records).append(record)
                else:
                    kind, flags = info
                    prev = ctx
                    action = 0
                    extra = None  # the outer line of hidden inline text, or the row's cells
                    if flags & _CELL_TAG:
                        if cells:
                            if not pieces:
                                owner = ctx
                            pieces.append(_CELL)
                        cells += 1
                    if kind is not None and pieces:
                        emit(pieces, owner, link_chars)
                        pieces, link_chars = [], 0
                    attrs = node.attributes
                    ident = classes = None
                    if attrs:
                        classes = attrs.get("class")
                        ident = attrs.get("id")
                    name = ""
                    if kind is not None:
                        level = ctx[12]
                        nth = level.get(tag, 0) + 1
                        level[tag] = nth
                        if ident and tag != "body":
                            name = f"{tag}#{ident[:40]}"
                        elif classes and tag != "body" and not classes.isspace():
                            first = classes.split(None, 1)[0][:40]
                            name = f"{tag}.{first}" if nth == 1 else f"{tag}.{first}[{nth}]"
                        else:
                            name = tag if nth == 1 else f"{tag}[{nth}]"
                    if attrs:
                        role = attrs.get("role")
                        own = class_mask(classes) if classes else 0
                        if ident:
                            own |= class_mask(ident)
                        landmark = tag if flags & _LANDMARK else None
                        if role:
                            own |= class_mask(role)
                            landmark = landmark or ROLE_LANDMARKS.get(role)
                        if "aria-label" in attrs:
                            own |= class_mask(attrs["aria-label"] or "")
                        main = (
                            tag == "main"
                            or role == "main"
                            or attrs.get("itemprop") == "articleBody"
                        )
                        reason = ""
                        if not ctx[5] and (
                            "style" in attrs
                            or "hidden" in attrs
                            or "aria-hidden" in attrs
                            or flags & _DIALOG
                        ):
                            reason = self._hidden(attrs, tag, role, ctx[11], name)
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
                                ctx, tag, role, landmark, own, main, reason, attrs, name
                            )
                            if reason:
                                action = 4
                                if pieces:  # hidden inline text: a line of its own
                                    action = 12
                                    extra = (pieces, owner, link_chars)
                                    pieces, link_chars = [], 0
                        elif own and ctx[1] | own != ctx[1]:
                            ctx = (ctx[0], ctx[1] | own, *ctx[2:])
                    elif flags & (_LANDMARK | _DIALOG):
                        reason = (
                            self._hidden({}, tag, None, ctx[11], name)
                            if flags & _DIALOG and not ctx[5]
                            else ""
                        )
                        landmark = tag if flags & _LANDMARK else None
                        ctx = self._enter(
                            ctx, tag, None, landmark, 0, tag == "main", reason, {}, name
                        )
                        if reason:
                            action = 4
                    if kind is not None:
                        action |= 1
                        chain = ctx[11]
                        if chain is None:
                            chain = (name, None, name, (), 0)
                        else:
                            chain = (
                                name, chain, chain[2] if chain[1] is not None else name,
                                (name, *chain[3][:_SOURCE_PARTS]), chain[4] + 1,
                            )  # fmt: skip
                        container = ctx[9]
                        if flags & _CONTAINER:
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
                        ctx = (*ctx[:6], tag, kind, len(stack), container, pre, chain, {})
                    elif flags & _LINK and not link and attrs and attrs.get("href") is not None:
                        link = True
                        action |= 2
                        if want_links:
                            if not pieces:
                                owner = ctx
                            pieces.append(f"{_OPEN}{len(self.hrefs)}{_MID}")
                            self.hrefs.append(attrs["href"] or "")
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
        name: str,
    ) -> _Ctx:
        """The context inside an element that changes it (landmark, class, main, hidden)."""
        article = ctx[3]
        if tag == "article":
            article = len(self.article_parent)
            self.article_parent.append(ctx[3])
        main = main or ctx[2]
        chrome = ctx[4]
        if chrome < 0 and not main and (landmark in CHROME_LANDMARKS or own & _CHROME_BITS):
            chrome = self._trigger(tag, role, landmark, own, attrs, ctx[11], name)
        return (landmark or ctx[0], ctx[1] | own, main, article, chrome, reason or ctx[5], *ctx[6:])

    def _emit(self, pieces: list[str], ctx: _Ctx, link_chars: int) -> None:
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
        if _CELL in text:
            text = _CELL_SPACE.sub("\t", text).rstrip("\t")
            if not text or text.isspace():
                return
        if _OPEN in text or _CLOSE in text:
            text, spans = _link_spans(text, self.hrefs)
        if text:
            self.records.append((text, ctx, link_chars, spans))

    def _summary(self, node: Any, tag: str, ctx: _Ctx, depth: int) -> _Record | None:
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
        chain: _Chain | None,
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
        return f"{why} on {_source(chain, name or _name(tag, attrs))}"

    def _trigger(
        self,
        tag: str,
        role: str | None,
        landmark: str | None,
        own: int,
        attrs: dict[str, str | None],
        chain: _Chain | None,
        name: str,
    ) -> int:
        """Record the element that makes its lines chrome; return its index."""
        where = _source(chain, name or _name(tag, attrs))
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


def _chain(name: str, parent: _Chain | None) -> _Chain:
    """The chain of element ``name`` inside the block of chain ``parent``."""
    if parent is None:
        return (name, None, name, (), 0)
    top = parent[2] if parent[1] is not None else name
    return (name, parent, top, (name, *parent[3][:_SOURCE_PARTS]), parent[4] + 1)


def _source(chain: _Chain | None, leaf: str = "") -> str:
    """The short CSS-like path of a block (and of ``leaf`` inside it), from ``body`` or an id.

    At most ``_SOURCE_PARTS`` names; a longer path starts at the innermost element with an id
    among them, else with ``body>...>``.
    """
    if chain is None:
        return leaf
    if leaf:
        chain = _chain(leaf, chain)
    parts, count = chain[3], chain[4]
    if count <= _SOURCE_PARTS:
        return ">".join(reversed(parts))
    for index in range(_SOURCE_PARTS - 1):
        if "#" in parts[index]:
            return ">".join(reversed(parts[: index + 1]))
    return f"{chain[2]}>...>{'>'.join(reversed(parts[: _SOURCE_PARTS - 1]))}"


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
