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
  (``<script>``, ``<svg> 12 chars``; the title's own text), marked hidden; an app shell
  whose text is all in ``<noscript>`` is walked again with it shown (``_content_in_noscript``);
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

from typing import Any

from selectolax.lexbor import LexborHTMLParser

from declutter.segment._nesting import limit_nesting
from declutter.segment._state import (
    CELL,
    CHROME_BITS,
    CLOSE,
    MID,
    OPEN,
    SOURCE_PARTS,
    Ctx,
    Record,
    WalkState,
)
from declutter.segment.dom import (
    LANDMARK_TAGS,
    ROLE_LANDMARKS,
    BlockKind,
    ClassHit,
    HtmlDocument,
    class_mask,
)

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
SKIPPED = frozenset(
    ("script", "style", "template", "noscript", "svg", "iframe", "object", "embed", "canvas",
     "video", "audio", "title", "datalist", "noframes")
)  # fmt: skip
# What the walk needs to know about a tag, looked up once per element: its block kind (None
# for inline elements) and flags. Tags missing from the table are plain inline elements.
_CONTAINER, _LANDMARK, _SKIP, CELLTAG, _LINK, _BREAK, _META, _DIALOG = (1 << i for i in range(8))
_TagTable = dict[str, tuple[BlockKind | None, int]]
_TAGS: _TagTable = {
    tag: (
        _BLOCKS.get(tag),
        (_CONTAINER if tag in _CONTAINERS else 0)
        | (_LANDMARK if tag in LANDMARK_TAGS else 0)
        | (_SKIP if tag in SKIPPED else 0)
        | (CELLTAG if tag in ("td", "th") else 0)
        | (_LINK if tag == "a" else 0)
        | (_BREAK if tag == "br" else 0)
        | (_META if tag == "meta" else 0)
        | (_DIALOG if tag == "dialog" else 0),
    )
    for tag in {*_BLOCKS, *_CONTAINERS, *SKIPPED, *LANDMARK_TAGS, "td", "th", "a", "br", "meta"}
}
#: The same table with ``<noscript>`` a container like ``<div>`` (see ``_content_in_noscript``).
_TAGS_NOSCRIPT_SHOWN: _TagTable = {**_TAGS, "noscript": _TAGS["div"]}


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
    walk = _walked(data, deadline, links)
    noscript = _content_in_noscript(walk)
    if noscript:
        walk = _walked(data, deadline, links, noscript=True)
    wrapper = _hidden_page_wrapper(walk)
    if wrapper:
        walk = _walked(data, deadline, links, noscript=noscript, shown=wrapper)
    document = walk.document(flattened)
    document.noscript_shown = noscript
    document.shown_wrapper = wrapper
    return document


#: A hidden element holding this share of the page's text (and at least
#: ``WRAPPER_MIN_CHARS``) is a page wrapper that scripts reveal (``visibility:hidden`` until
#: the styles load) or that a modal open at capture time hid (``aria-hidden``): it is shown.
WRAPPER_SHARE = 0.9
WRAPPER_MIN_CHARS = 500


def _hidden_page_wrapper(walk: WalkState) -> str:
    """The hidden reason of the element that hides most of the page ("" if there is none)."""
    chars: dict[str, int] = {}
    total = 0
    for text, ctx, *_ in walk.records:
        reason = ctx[5]
        if reason.startswith("<"):  # summary lines of scripts, styles, the title
            continue
        total += len(text)
        if reason:
            chars[reason] = chars.get(reason, 0) + len(text)
    if not chars:
        return ""
    reason = max(chars, key=chars.__getitem__)
    hidden = chars[reason]
    return reason if hidden >= WRAPPER_MIN_CHARS and hidden >= WRAPPER_SHARE * total else ""


#: A page whose ``<noscript>`` markup is this many times its visible text (and at least
#: ``NOSCRIPT_MIN_CHARS``) is an app shell that renders its content with JavaScript and
#: serves it to crawlers in ``<noscript>`` (Discourse forums do): it is segmented again with
#: the ``<noscript>`` content shown.
NOSCRIPT_RATIO = 10
NOSCRIPT_MIN_CHARS = 2000


def _content_in_noscript(walk: WalkState) -> bool:
    """Whether the page's text is in ``<noscript>`` rather than in what a browser shows."""
    if walk.noscript_chars < NOSCRIPT_MIN_CHARS:
        return False
    shown = sum(len(record[0]) for record in walk.records if not record[1][5])
    return shown * NOSCRIPT_RATIO < walk.noscript_chars


def _walked(
    data: bytes, deadline: float | None, links: bool, *, noscript: bool = False, shown: str = ""
) -> _Walk:
    """The walk over ``data`` parsed by lexbor: with ``noscript``, ``<noscript>`` content is
    parsed as markup and shown like a ``<div>`` (else it is the raw text a scripting browser
    skips); the element whose hidden reason is ``shown`` is not hidden."""
    tree = LexborHTMLParser(data, scripting=not noscript)
    walk = _Walk(deadline, links, _TAGS_NOSCRIPT_SHOWN if noscript else _TAGS, shown)
    if tree.root is not None:
        walk.run(tree.root)
    return walk


class _Walk(WalkState):
    """One walk over a parsed page; ``run`` is the hot loop."""

    def __init__(self, deadline: float | None, links: bool, tags: _TagTable, shown: str) -> None:
        super().__init__(deadline, links)
        self.tags = tags
        self.shown_wrapper = shown

    def run(self, root: Any) -> None:
        """Walk the tree under ``root`` once, without recursion, and record its lines.

        The hot loop of HTML mode: each node costs a few attribute reads of the lexbor node
        and a dictionary lookup; inline elements take a short path.
        """
        records = self.records
        emit = self._emit
        tags = self.tags
        want_links = self.want_links
        pieces: list[str] = []
        ctx: Ctx = ("", 0, False, -1, -1, "", "html", _K.OTHER, 0, 0, False, None, {})
        owner = ctx
        link_chars = 0
        link = False
        cells = 0
        deferred: list[Record] = []
        stack: list[tuple[Any, int, Ctx, Any]] = []
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
                        elif flags & CELLTAG:
                            if cells:
                                if not pieces:
                                    owner = ctx
                                pieces.append(CELL)
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
                        if reason or (own & CHROME_BITS and ctx[4] < 0 and not ctx[2]):
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
                    if flags & CELLTAG:
                        if cells:
                            if not pieces:
                                owner = ctx
                            pieces.append(CELL)
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
                            or (own & CHROME_BITS and ctx[4] < 0 and not ctx[2])
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
                                (name, *chain[3][:SOURCE_PARTS]), chain[4] + 1,
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
                            pieces.append(f"{OPEN}{len(self.hrefs)}{MID}")
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
                            pieces.append(CLOSE)
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
