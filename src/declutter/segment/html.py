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

The walk is this module's ``_Walk.run`` (the hot loop: text, empty elements, entering and
leaving elements); ``_tags`` holds what it knows about each tag, ``_context`` the context of
a node (``Ctx``) and what entering an element changes in it, ``_state`` the lines, summary
lines, page hints and the columns of the document. With the compiled core,
``declutter.native._walk`` runs the same walk over lexbor's own structs, several times faster
and with the same documents (``benchmarks/walk_identity.py``, ``tests/test_native_walk.py``);
this module is the reference.

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

from declutter import native
from declutter.segment._context import Ctx, root_context
from declutter.segment._nesting import MAX_NESTING, limit_nesting
from declutter.segment._state import CELL, CLOSE, MID, OPEN, Record, WalkState
from declutter.segment._tags import (
    BREAK,
    CELLTAG,
    LINK,
    META,
    SKIP,
    TAGS,
    TAGS_NOSCRIPT_SHOWN,
    TagTable,
)
from declutter.segment._tags import SKIPPED as SKIPPED  # re-exported
from declutter.segment.dom import BlockKind, ClassHit, HtmlDocument

__all__ = ["BlockKind", "ClassHit", "HtmlDocument", "segment_html"]

_TABLE_ROW = BlockKind.TABLE_ROW

# What to do when an element closes (the bits of the action kept with it on the stack; the
# context around it is always restored).
#: End the line being built: the element is a block, or hidden (its text is not part of the
#: line around it).
_END_LINE = 1
#: The element is the open link: end its span (a ``CLOSE`` marker) and stop counting link text.
_END_LINK = 2
#: A hidden inline element interrupted a line: take that line up again (the extra value kept
#: with the element is its pieces, context and link characters).
_RESUME_LINE = 4
#: A table row: restore the cell count of the row around it (the extra value kept with it).
_RESTORE_CELLS = 8


def segment_html(
    html: str, *, links: bool = False, deadline: float | None = None, data: bytes | None = None
) -> HtmlDocument:
    """Split ``html`` into block lines with their DOM feature columns.

    With ``links``, ``HtmlDocument.links`` gets the link spans of each line (for markdown
    links; ``link_chars`` is always counted). ``deadline`` is a ``time.perf_counter()`` value
    after which ``BudgetExceeded`` is raised (checked as lines are made). ``data``, if given,
    must be ``html`` encoded as UTF-8 (the page as read, when it was valid UTF-8): it is
    parsed as it is instead of encoding ``html`` again.
    """
    kernel = native.kernel("walk")  # the same walk over lexbor's structs, when compiled
    if data is None:  # (lone surrogates become "?")
        data = html.encode("utf-8", "replace") if kernel is None else kernel.utf8(html)
    flattened = 0
    if kernel is None or kernel.nesting_depth(data) > MAX_NESTING:
        html, flattened = limit_nesting(html, data)
        if flattened:
            data = html.encode("utf-8", "replace")
    walked = _walked if kernel is None else kernel.walked
    walk = walked(data, deadline, links)
    noscript = _content_in_noscript(walk)
    if noscript:
        walk = walked(data, deadline, links, noscript=True)
    wrapper = _hidden_page_wrapper(walk)
    if wrapper:
        walk = walked(data, deadline, links, noscript=noscript, shown=wrapper)
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
    if not walk.hidden_elements:
        return ""
    chars: dict[str, int] = {}
    total = 0
    for text, ctx, _, _ in walk.records:
        reason = ctx.hidden
        if not reason:
            total += len(text)
        elif reason[0] != "<":  # (not a summary line of a script, style or the title)
            total += len(text)
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
    shown = sum(len(text) for text, ctx, _, _ in walk.records if not ctx.hidden)
    return shown * NOSCRIPT_RATIO < walk.noscript_chars


def _walked(
    data: bytes, deadline: float | None, links: bool, *, noscript: bool = False, shown: str = ""
) -> _Walk:
    """The walk over ``data`` parsed by lexbor: with ``noscript``, ``<noscript>`` content is
    parsed as markup and shown like a ``<div>`` (else it is the raw text a scripting browser
    skips); the element whose hidden reason is ``shown`` is not hidden."""
    tree = LexborHTMLParser(data, scripting=not noscript)
    walk = _Walk(deadline, links, TAGS_NOSCRIPT_SHOWN if noscript else TAGS, shown)
    if tree.root is not None:
        walk.run(tree.root)
    return walk


class _Walk(WalkState):
    """One walk over a parsed page; ``run`` is the hot loop."""

    def __init__(self, deadline: float | None, links: bool, tags: TagTable, shown: str) -> None:
        super().__init__(deadline, links)
        self.tags = tags
        self.shown_wrapper = shown

    def run(self, root: Any) -> None:
        """Walk the tree under ``root`` once, without recursion, and record its lines.

        The hot loop of HTML mode: each node costs a few attribute reads of the lexbor node
        and a dictionary lookup; the context inside an element is made by ``enter_block`` or
        ``enter_inline`` (``segment._context``). The line being built is a list of pieces of
        text with the context of its first text (``owner``): a block or ``<br>`` ends it.
        """
        records = self.records
        emit = self._emit
        enter_block = self.enter_block
        enter_inline = self.enter_inline
        tags = self.tags
        want_links = self.want_links
        pieces: list[str] = []  # the line being built
        ctx = root_context()  # the context of the node
        owner = ctx  # the context of the line being built
        link_chars = 0  # the characters of link text in the line being built
        link = False  # inside a link
        cells = 0  # the cells of the innermost table row so far
        deferred: list[Record] = []  # summary lines met inside the line being built: after it
        # The open elements: the node, what to do when it closes (``_END_LINE``...), the
        # context around it and an extra value for the action.
        stack: list[tuple[Any, int, Ctx, Any]] = []
        node = root
        while True:
            tag = node.tag
            if tag == "-text":  # text joins the line (blanks do not start one, but in <pre>)
                text = node.text_content
                if text:
                    if pieces:
                        pieces.append(text)
                        if link:
                            link_chars += len(" ".join(text.split()))
                    elif not text.isspace() or ctx.preformatted:
                        owner = ctx
                        pieces.append(text)
                        if link:
                            link_chars += len(" ".join(text.split()))
            elif tag is not None and tag[0] != "-":  # an element (not a comment or doctype)
                child = node.first_child
                info = tags.get(tag)  # None for a plain inline element
                if info is not None and info[1] & CELLTAG:  # a tab after the row's last cell
                    if cells:
                        if not pieces:
                            owner = ctx
                        pieces.append(CELL)
                    cells += 1
                if child is None:  # an empty element: a <br> or a block ends the line
                    if info is not None:
                        kind, flags = info
                        if flags & BREAK:
                            if ctx.preformatted:
                                pieces.append("\n")
                            elif pieces:
                                emit(pieces, owner, link_chars)
                                pieces, link_chars = [], 0
                        elif pieces and kind is not None:
                            emit(pieces, owner, link_chars)
                            pieces, link_chars = [], 0
                        elif flags & META:
                            self._meta(node)
                elif info is not None and info[1] & SKIP:  # a summary line, after the line
                    record = self._summary(node, tag, ctx, len(stack))
                    if record is not None:
                        (deferred if pieces else records).append(record)
                else:  # enter the element: its context, and what to do when it closes
                    attrs = node.attributes
                    if info is None:  # an inline element: only its classes and hiding matter
                        inner = enter_inline(ctx, tag, attrs) if attrs else ctx
                        kind, flags = None, 0
                        action = 0
                    else:
                        kind, flags = info
                        if kind is not None and pieces:
                            emit(pieces, owner, link_chars)
                            pieces, link_chars = [], 0
                        inner = ctx
                        if kind is not None or attrs:
                            inner = enter_block(ctx, tag, kind, flags, attrs, len(stack))
                        action = 0 if kind is None else _END_LINE
                    extra: Any = None
                    if inner.hidden and not ctx.hidden:  # hidden text is a line of its own
                        action = _END_LINE
                        if pieces:
                            action = _END_LINE | _RESUME_LINE
                            extra = (pieces, owner, link_chars)
                            pieces, link_chars = [], 0
                    if kind is _TABLE_ROW:
                        action |= _RESTORE_CELLS
                        extra = cells
                        cells = 0
                    elif flags & LINK and not link and attrs.get("href") is not None:
                        link = True
                        action |= _END_LINK
                        if want_links:
                            if not pieces:
                                owner = inner
                            pieces.append(f"{OPEN}{len(self.hrefs)}{MID}")
                            self.hrefs.append(attrs["href"] or "")
                    stack.append((node, action, ctx, extra))
                    ctx = inner
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
                    if action & _END_LINK:
                        link = False
                        if want_links and pieces:
                            pieces.append(CLOSE)
                    if action & _END_LINE and pieces:
                        emit(pieces, owner, link_chars)
                        pieces, link_chars = [], 0
                    if action & _RESUME_LINE:
                        pieces, owner, link_chars = extra
                    elif action & _RESTORE_CELLS:
                        cells = extra
                    if deferred and not pieces:
                        records.extend(deferred)
                        deferred = []
