"""What HTML segmentation produces, and the helpers it needs that do not touch the parser.

``HtmlDocument`` holds the block lines of a page and, per line, the DOM feature columns a model
can use (``tag``, ``block_kind``, ``link_chars``, ``landmark``, ``class_hits``, ``depth``,
``block_id``, ``hidden``, ``in_main``, ``article``, ``chrome``); ``HtmlHints`` holds what a page
says about itself once (JSON-LD ``articleBody``, Open Graph title and description, ``<title>``,
``<html lang>``). ``ClassHit`` decodes the ``class_hits`` bitmask; ``class_mask`` computes it.

>>> ClassHit(class_mask("site-footer widget")) == ClassHit.FOOTER | ClassHit.SIDEBAR
True
>>> ClassHit(class_mask("has-sidebar main-content")) == ClassHit.CONTENT
True
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from enum import Enum, IntFlag
from functools import lru_cache
from typing import Any

from declutter import native


class BlockKind(str, Enum):
    """What kind of block a line comes from (the ``block_kind`` column)."""

    PARAGRAPH = "p"
    H1 = "h1"
    H2 = "h2"
    H3 = "h3"
    H4 = "h4"
    H5 = "h5"
    H6 = "h6"
    LIST_ITEM = "li"
    TABLE_ROW = "tr"
    PRE = "pre"
    BLOCKQUOTE = "blockquote"
    CAPTION = "caption"
    TERM = "dt"
    DEFINITION = "dd"
    OTHER = "other"

    def __str__(self) -> str:
        return self.value

    @property
    def heading_level(self) -> int:
        """1-6 for headings, 0 otherwise."""
        value = self.value
        return int(value[1]) if value[0] == "h" and value[1:].isdigit() else 0


class ClassHit(IntFlag):
    """Categories matched by the class, id, role and aria-label tokens of a line's ancestors."""

    NAV = 1 << 0
    MENU = 1 << 1
    BREADCRUMB = 1 << 2
    FOOTER = 1 << 3
    HEADER = 1 << 4
    SIDEBAR = 1 << 5
    SHARE = 1 << 6
    SOCIAL = 1 << 7
    COMMENT = 1 << 8
    RELATED = 1 << 9
    PROMO = 1 << 10
    COOKIE = 1 << 11
    NEWSLETTER = 1 << 12
    AD = 1 << 13
    AUTHOR = 1 << 14
    META = 1 << 15
    HIDDEN = 1 << 16
    CONTENT = 1 << 17


#: Class hits that make an element page chrome when it is outside the main content.
CHROME_HITS = (
    ClassHit.NAV | ClassHit.MENU | ClassHit.BREADCRUMB | ClassHit.FOOTER | ClassHit.SIDEBAR
    | ClassHit.SHARE | ClassHit.SOCIAL | ClassHit.RELATED | ClassHit.PROMO | ClassHit.COOKIE
    | ClassHit.NEWSLETTER | ClassHit.AD
)  # fmt: skip

_H = ClassHit
# A token (class name, id, role, aria-label word; lower-cased, trailing digits stripped) hits a
# category if it contains one of its stems, or if one of its words (split on "-" and "_") or
# the whole token is one of its words.
_STEMS: tuple[tuple[str, ClassHit], ...] = (
    *((stem, _H.NAV) for stem in ("navigation", "navbar", "pagination", "subnav", "topnav",
                                  "mainnav", "sitenav", "sidenav", "navlinks", "navmenu")),
    *((stem, _H.MENU) for stem in ("menu", "dropdown")),
    ("crumb", _H.BREADCRUMB),
    *((stem, _H.FOOTER) for stem in ("footer", "colophon", "contentinfo", "copyright")),
    *((stem, _H.HEADER) for stem in ("header", "masthead", "topbar")),
    *((stem, _H.SIDEBAR) for stem in ("sidebar", "widget", "sidecol", "complementary")),
    *((stem, _H.SHARE) for stem in ("share", "sharing", "addthis", "addtoany")),
    *((stem, _H.SOCIAL) for stem in ("social", "facebook", "twitter", "instagram", "pinterest",
                                     "linkedin", "whatsapp")),
    *((stem, _H.COMMENT) for stem in ("comment", "disqus")),
    *((stem, _H.RELATED) for stem in ("related", "recommend", "outbrain", "taboola", "trending",
                                      "mostread", "most-read")),
    *((stem, _H.PROMO) for stem in ("promo", "upsell", "campaign")),
    *((stem, _H.COOKIE) for stem in ("cookie", "consent", "gdpr", "onetrust")),
    *((stem, _H.NEWSLETTER) for stem in ("newsletter", "subscri", "signup", "sign-up",
                                         "mailchimp")),
    *((stem, _H.AD) for stem in ("advert", "adsbygoogle", "sponsor", "doubleclick", "adslot",
                                 "ad-slot", "adunit", "ad-unit", "gpt-ad", "adsense")),
    *((stem, _H.AUTHOR) for stem in ("author", "byline", "contributor")),
    *((stem, _H.META) for stem in ("date", "timestamp", "pubdate")),
    *((stem, _H.HIDDEN) for stem in ("hidden", "screen-reader", "visually", "offscreen",
                                     "sr-only")),
)  # fmt: skip
_WORDS: dict[str, int] = {}
for _hit, _words in (
    (_H.NAV, "nav navi pager paging pagination"),
    (_H.FOOTER, "foot"),
    (_H.HEADER, "banner"),
    (_H.SIDEBAR, "side aside rail"),
    (_H.COMMENT, "respond replies"),
    (_H.RELATED, "popular"),
    (_H.PROMO, "cta"),
    (_H.NEWSLETTER, "optin"),
    (_H.AD, "ad ads dfp"),
    (_H.AUTHOR, "writer"),
    (_H.META, "time posted published meta"),
    (_H.HIDDEN, "hide invisible d-none"),
    (
        _H.CONTENT,
        "content main-content maincontent article article-body article-content articlebody "
        "article-text entry entry-content entry-body post post-body post-content postbody "
        "post-text story story-body story-content content-body",
    ),
):
    for _word in _words.split():
        _WORDS[_word] = _WORDS.get(_word, 0) | int(_hit)
_STEM_BITS = tuple((stem, int(hit)) for stem, hit in _STEMS)
_DIGITS = "0123456789"
_SEPARATORS = re.compile(r"[-_]+")
# Layout modifiers name a region without being it ("has-sidebar", "no-comments").
_MODIFIERS = ("has-", "has_", "with-", "with_", "without-", "no-", "no_", "is-", "show-")


# Page-builder prefixes followed by the name of the widget's type: only that name counts
# (Elementor wraps every block of a page in "elementor-widget-*"; the "widget" stem would make
# the whole page a sidebar, while "elementor-widget-nav-menu" is a menu).
_BUILDER_PREFIXES = ("elementor-widget",)


@lru_cache(maxsize=1 << 14)
def _token_mask(token: str) -> int:
    """The bits of one lower-cased token whose trailing digits are stripped (``post-123``)."""
    if token.startswith(_MODIFIERS):
        return 0
    if token.startswith(_BUILDER_PREFIXES):
        rest = token[len(next(p for p in _BUILDER_PREFIXES if token.startswith(p))) :]
        return _token_mask(rest.lstrip("-_")) if rest.lstrip("-_") else 0
    mask = _WORDS.get(token, 0)
    for stem, bit in _STEM_BITS:
        if stem in token:
            mask |= bit
    if "-" in token or "_" in token:
        for word in _SEPARATORS.split(token):
            mask |= _WORDS.get(word.rstrip(_DIGITS), 0) & ~_CONTENT_BIT
    return mask


_CONTENT_BIT = int(ClassHit.CONTENT)


@lru_cache(maxsize=1 << 14)
def class_mask(value: str) -> int:
    """The ``ClassHit`` bits of whitespace-separated tokens (class, id, role, aria-label)."""
    mask = 0
    for token in value.lower().split():
        mask |= _token_mask(token.rstrip(_DIGITS))
    return mask


#: Role values that are landmarks, and the landmark name they stand for.
ROLE_LANDMARKS = {
    "navigation": "nav",
    "banner": "header",
    "contentinfo": "footer",
    "complementary": "aside",
    "main": "main",
    "article": "article",
    "form": "form",
    "search": "form",
}
LANDMARK_TAGS = frozenset({"header", "nav", "aside", "footer", "main", "article", "form"})
#: Landmarks whose lines are page chrome when they are outside the main content.
CHROME_LANDMARKS = frozenset({"header", "nav", "aside", "footer"})


@dataclass(frozen=True)
class HtmlHints:
    """What a page says about itself, read once per document."""

    title: str = ""
    og_title: str = ""
    og_description: str = ""
    description: str = ""
    #: The JSON-LD ``articleBody`` (longest one), whitespace collapsed; "" when absent.
    article_body: str = ""
    #: The ``lang`` attribute of ``<html>``, lower-cased ("" when absent).
    lang: str = ""


@dataclass
class HtmlDocument:
    """Block lines of a page with their DOM feature columns (one entry per line each).

    ``starts`` are offsets into ``text`` (the lines joined with newlines), as in text mode.
    ``hidden`` is the reason a line is not shown ("" for visible lines). ``chrome`` indexes
    ``chrome_reasons``/``chrome_hits`` (the outermost landmark or chrome-class element around
    the line outside ``<main>``), -1 for none. ``block_id`` numbers container elements in
    document order; ``block_parent[b]`` is the container around container ``b`` (-1 at the
    root); ``article`` numbers ``<article>`` elements the same way (-1: none), nested ones
    pointing at theirs through ``article_parent``. ``links`` maps a line index to its
    ``(start, end, href)`` link spans.
    """

    lines: list[str]
    starts: list[int]
    sources: list[str]
    tag: list[str]
    block_kind: list[BlockKind]
    link_chars: list[int]
    landmark: list[str]
    class_hits: list[int]
    depth: list[int]
    block_id: list[int]
    hidden: list[str]
    in_main: list[bool]
    article: list[int]
    chrome: list[int]
    chrome_reasons: list[str] = field(default_factory=list)
    chrome_hits: list[str] = field(default_factory=list)
    block_parent: list[int] = field(default_factory=list)
    #: ``article_parent[a]``: the ``<article>`` around article ``a`` (-1 for none).
    article_parent: list[int] = field(default_factory=list)
    links: dict[int, list[tuple[int, int, str]]] = field(default_factory=dict)
    hints: HtmlHints = field(default_factory=HtmlHints)
    #: Elements more deeply nested than ``MAX_NESTING`` that were flattened before parsing.
    flattened_tags: int = 0
    #: The page's content was in ``<noscript>``, segmented as shown (see ``segment_html``).
    noscript_shown: bool = False
    #: The hidden reason of the page wrapper shown anyway ("" for none; see ``segment_html``).
    shown_wrapper: str = ""

    @property
    def text(self) -> str:
        """The segmented text: the lines joined with newlines."""
        return "\n".join(self.lines)

    def visible_lines(self) -> list[str]:
        """The lines, those of hidden elements blanked (what the browser shows)."""
        return [
            line if not hidden else "" for line, hidden in zip(self.lines, self.hidden, strict=True)
        ]

    def in_article_body(self, min_chars: int = 20) -> list[bool]:
        """Per line: whether its text occurs in the JSON-LD ``articleBody`` (lines of at least
        ``min_chars`` characters; shorter lines are ``False``)."""
        body = self.hints.article_body
        if not body:
            return [False] * len(self.lines)
        compiled = native.kernel("text")
        if compiled is not None:
            return compiled.contained(self.lines, body, min_chars)  # type: ignore[no-any-return]
        return [len(line) >= min_chars and line in body for line in self.lines]


def read_hints(*, lang: str, title: str, metas: dict[str, str], json_ld: list[str]) -> HtmlHints:
    """``HtmlHints`` from the raw pieces collected during the walk.

    >>> read_hints(lang="PT-br", title=" A ", metas={"og:title": "B"},
    ...            json_ld=['{"@graph": [{"articleBody": "Body  text"}]}']).article_body
    'Body text'
    """
    bodies: list[str] = []
    for raw in json_ld:
        if "articleBody" not in raw:
            continue
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            continue
        _find_article_bodies(data, bodies)
    body = max(bodies, key=len) if bodies else ""
    return HtmlHints(
        title=" ".join(title.split()),
        og_title=metas.get("og:title", ""),
        og_description=metas.get("og:description", ""),
        description=metas.get("description", ""),
        article_body=" ".join(body.split()),
        lang=lang.strip().lower(),
    )


def _find_article_bodies(data: Any, out: list[str]) -> None:
    pending = [data]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            body = item.get("articleBody")
            if isinstance(body, str):
                out.append(body)
            pending.extend(v for v in item.values() if isinstance(v, (dict, list)))
        elif isinstance(item, list):
            pending.extend(v for v in item if isinstance(v, (dict, list)))
