"""The context of a node in the HTML walk, and how an element changes it.

Every line captured by the walk keeps the context it was captured in (one ``Ctx`` shared by
all the lines under the same element): the landmark around it, the class hits of its
ancestors, whether it is in ``<main>``, in which article, under which chrome trigger, why it is
hidden, and its innermost block (tag, kind, depth, container, path). ``Contexts`` makes the
context inside each element the walk enters (``enter_block``, ``enter_inline``) and records
what numbering a context needs: the containers, the articles, the chrome triggers.
"""

from __future__ import annotations

import re
from typing import Any, NamedTuple

from declutter.segment._tags import CONTAINER, DIALOG, GENERIC, INHERITED, LANDMARK
from declutter.segment.dom import (
    CHROME_HITS,
    CHROME_LANDMARKS,
    ROLE_LANDMARKS,
    BlockKind,
    ClassHit,
    class_mask,
)

_K = BlockKind
_PRE = BlockKind.PRE  # (an enum member read from a global is faster than from its class)
CHROME_BITS = int(CHROME_HITS)
_UNHIDDEN = frozenset({"html", "body"})  # pages that hide their body show it with a script
_UNHIDEABLE = frozenset({"main", "article"})  # aria-hidden there is a modal's doing
# React streams server-rendered parts as <div hidden id="S:0"> that a script moves into place.
_STREAMED = re.compile(r"S:[0-9a-z]+$")
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
#: The most names a source shows (``body>...>`` stands for the rest).
SOURCE_PARTS = 6

# The path of a block, as a chain shared by the blocks inside (a plain tuple: one is made per
# block element): ``(name, parent, top, parts, length)``, with ``name`` the block's name
# (``div#main``, ``p.lead[2]``), ``parent`` the chain of the block around it (None at the
# root), ``top`` the name of the outermost block (the child of <html>: body or head), ``parts``
# the last names of the path innermost first (up to one more than a source shows) and
# ``length`` how many names the path has besides the root.
Chain = tuple[str, Any, str, tuple[str, ...], int]


class Ctx(NamedTuple):
    """The context of a node; its first ten fields fill the ``HtmlDocument`` columns of the
    same names for the lines captured under it."""

    #: The innermost landmark (``nav``, ``main``, ...; from a tag or a role), "" for none.
    landmark: str
    #: The ``ClassHit`` bits of the ancestors' class, id, role and aria-label tokens.
    class_hits: int
    #: Inside ``<main>``, ``role="main"`` or ``itemprop="articleBody"``.
    in_main: bool
    #: The number of the innermost ``<article>`` (-1: none).
    article: int
    #: The index of the chrome trigger around the node (``chrome_reasons``), -1 for none.
    chrome: int
    #: Why the node is not shown ("" when it is).
    hidden: str
    #: The tag of the innermost block.
    tag: str
    #: The kind of the lines of the innermost block (inherited from a list item, heading...).
    block_kind: BlockKind
    #: How many elements are open around the innermost block.
    depth: int
    #: The number of the innermost container (``block_parent`` links them).
    block_id: int
    #: Inside ``<pre>`` (and the like): text is kept verbatim.
    preformatted: bool
    #: The path of the innermost block (None at the root).
    chain: Chain | None
    #: How many block children of the innermost block were seen so far, by tag (``p[3]``).
    child_counts: dict[str, int]


#: ``new_context(Ctx, fields)`` is ``Ctx(*fields)`` made in C: ``Ctx(...)`` runs the Python
#: ``__new__`` that ``NamedTuple`` generates, 2.5 times slower (the walk makes one context per
#: block; 2% of its instructions).
new_context = tuple.__new__


def root_context() -> Ctx:
    """The context of the root of a page (a new one per walk: ``child_counts`` is filled)."""
    return Ctx("", 0, False, -1, -1, "", "html", _K.OTHER, 0, 0, False, None, {})


class Contexts:
    """The contexts of one walk: what entering an element changes, and the numbering of the
    containers (``block_parent``), articles (``article_parent``) and chrome triggers."""

    def __init__(self) -> None:
        self.block_parent: list[int] = [-1]
        self.article_parent: list[int] = []
        self.chrome_reasons: list[str] = []
        self.chrome_hits: list[str] = []
        #: The ``lang`` attribute of ``<html>``.
        self.lang = ""
        #: The hidden reason of a page wrapper to show anyway (see ``segment_html``).
        self.shown_wrapper = ""
        #: How many elements were found hidden (their lines have a hidden reason).
        self.hidden_elements = 0

    def enter_block(
        self,
        ctx: Ctx,
        tag: str,
        kind: BlockKind | None,
        flags: int,
        attrs: dict[str, str | None],
        depth: int,
    ) -> Ctx:
        """The context inside element ``tag`` of the tag table (``kind``, ``flags``): a block
        (``kind`` set) is the new innermost block, at ``depth``; a cell, a link or another
        element of the table only changes the landmark, class hits and hiding."""
        (landmark, hits, in_main, article, chrome, hidden, _, outer_kind, _, block, pre, chain,
         counts) = ctx  # fmt: skip
        classes = ident = None
        if attrs:
            classes = attrs.get("class")
            ident = attrs.get("id")
        name = ""
        if kind is not None:  # the block's name in its path: div#id, p.class[nth], p[nth]
            nth = counts.get(tag, 0) + 1
            counts[tag] = nth
            if ident and tag != "body":
                name = f"{tag}#{ident[:40]}"
            elif classes and tag != "body" and not classes.isspace():
                first = classes.split(None, 1)[0][:40]
                name = f"{tag}.{first}" if nth == 1 else f"{tag}.{first}[{nth}]"
            else:
                name = tag if nth == 1 else f"{tag}[{nth}]"
        own = 0  # the class hits of the element's own class, id, role and aria-label
        entered = None  # the context of an element that changes more than the class hits
        if attrs:
            role = attrs.get("role")
            if classes:
                own = class_mask(classes)
            if ident:
                own |= class_mask(ident)
            own_landmark = tag if flags & LANDMARK else None
            if role:
                own |= class_mask(role)
                own_landmark = own_landmark or ROLE_LANDMARKS.get(role)
            if "aria-label" in attrs:
                own |= class_mask(attrs["aria-label"] or "")
            main = tag == "main" or role == "main" or attrs.get("itemprop") == "articleBody"
            reason = ""
            if not hidden and (
                "style" in attrs or "hidden" in attrs or "aria-hidden" in attrs or flags & DIALOG
            ):
                reason = self._hidden(attrs, tag, role, chain, name)
            elif tag == "html" or tag == "body":
                own = 0
                if tag == "html":
                    self.lang = attrs.get("lang") or attrs.get("xml:lang") or ""
            if (
                own_landmark
                or reason
                or (main and not in_main)
                or tag == "article"
                or (own & CHROME_BITS and chrome < 0 and not in_main)
            ):
                entered = self._enter(ctx, tag, role, own_landmark, own, main, reason, attrs, name)
        elif flags & (LANDMARK | DIALOG):
            reason = ""
            if flags & DIALOG and not hidden:
                reason = self._hidden({}, tag, None, chain, name)
            own_landmark = tag if flags & LANDMARK else None
            entered = self._enter(ctx, tag, None, own_landmark, 0, tag == "main", reason, {}, name)
        if entered is not None:
            if kind is None:
                return entered
            landmark, hits, in_main, article, chrome, hidden = entered[:6]
        elif kind is None:  # the same innermost block, maybe more class hits
            if hits | own == hits:
                return ctx
            return new_context(Ctx, (landmark, hits | own, *ctx[2:]))
        else:
            hits |= own
        if chain is None:  # chain_of(name, chain), inlined (one per block)
            chain = (name, None, name, (), 0)
        else:
            chain = (
                name, chain, chain[2] if chain[1] is not None else name,
                (name, *chain[3][:SOURCE_PARTS]), chain[4] + 1,
            )  # fmt: skip
        if flags & CONTAINER:
            self.block_parent.append(block)
            block = len(self.block_parent) - 1
        if kind is _PRE:
            pre = True
        elif kind in GENERIC and outer_kind in INHERITED:
            kind = outer_kind
        return new_context(
            Ctx,
            (landmark, hits, in_main, article, chrome, hidden, tag, kind, depth, block, pre, chain,
             {}),
        )  # fmt: skip

    def enter_inline(self, ctx: Ctx, tag: str, attrs: dict[str, str | None]) -> Ctx:
        """The context inside inline element ``tag`` with attributes ``attrs``: only its
        classes and hiding matter."""
        classes = attrs.get("class")
        own = class_mask(classes) if classes else 0
        if "aria-label" in attrs:
            own |= class_mask(attrs["aria-label"] or "")
        reason = ""
        if not ctx.hidden and ("style" in attrs or "hidden" in attrs or "aria-hidden" in attrs):
            reason = self._hidden(attrs, tag, None, ctx.chain, "")
        if reason or (own & CHROME_BITS and ctx.chrome < 0 and not ctx.in_main):
            return self._enter(ctx, tag, None, None, own, False, reason, attrs, "")
        hits = ctx.class_hits
        if own and hits | own != hits:
            return new_context(Ctx, (ctx.landmark, hits | own, *ctx[2:]))
        return ctx

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
        """The context inside an element that changes more than the class hits: a landmark,
        main, an article, a chrome trigger, a hidden reason."""
        article = ctx.article
        if tag == "article":
            article = len(self.article_parent)
            self.article_parent.append(ctx.article)
        main = main or ctx.in_main
        chrome = ctx.chrome
        if chrome < 0 and not main and (landmark in CHROME_LANDMARKS or own & CHROME_BITS):
            chrome = self._trigger(tag, role, landmark, own, attrs, ctx.chain, name)
        return new_context(
            Ctx,
            (landmark or ctx.landmark, ctx.class_hits | own, main, article, chrome,
             reason or ctx.hidden, *ctx[6:]),
        )  # fmt: skip

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
        reason = f"{why} on {source(chain, name or _name(tag, attrs))}"
        if reason == self.shown_wrapper:
            return ""
        self.hidden_elements += 1
        return reason

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
        where = source(chain, name or _name(tag, attrs))
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


def chain_of(name: str, parent: Chain | None) -> Chain:
    """The chain of the block named ``name`` inside the block of chain ``parent``."""
    if parent is None:
        return (name, None, name, (), 0)
    _, grandparent, top, parts, length = parent
    if grandparent is None:
        top = name
    return (name, parent, top, (name, *parts[:SOURCE_PARTS]), length + 1)


def source(chain: Chain | None, leaf: str = "") -> str:
    """The short CSS-like path of a block (and of ``leaf`` inside it), from ``body`` or an id.

    At most ``SOURCE_PARTS`` names; a longer path starts at the innermost element with an id
    among them, else with ``body>...>``.
    """
    if chain is None:
        return leaf
    if leaf:
        chain = chain_of(leaf, chain)
    _, _, top, parts, length = chain
    if length <= SOURCE_PARTS:
        return ">".join(reversed(parts))
    inner = parts[: SOURCE_PARTS - 1]
    if "#" in "".join(inner):
        for index, part in enumerate(inner):
            if "#" in part:
                return ">".join(reversed(parts[: index + 1]))
    return f"{top}>...>{'>'.join(reversed(inner))}"


def _name(tag: str, attrs: dict[str, str | None]) -> str:
    """``div#main`` / ``div.sidebar`` / ``div``: the short name of an element."""
    ident = attrs.get("id")
    if ident:
        return f"{tag}#{ident[:40]}"
    classes = (attrs.get("class") or "").split(None, 1)
    return f"{tag}.{classes[0][:40]}" if classes else tag


def _matching_token(attrs: dict[str, str | None], hit: ClassHit) -> str:
    """``class "sidebar"``: the first attribute token that gave ``hit``."""
    for name in ("class", "id", "role", "aria-label"):
        for token in (attrs.get(name) or "").split():
            if class_mask(token) & hit:
                return f'{name} "{token[:40]}"'
    return f"class hit {hit.name}"
