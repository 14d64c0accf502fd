"""What the HTML walk knows about each tag: its block kind and a few flags, looked up once.

``TAGS`` maps a tag name to ``(kind, flags)``: ``kind`` is the ``BlockKind`` of the lines of a
block element (``None`` for an element that does not start a line) and ``flags`` the ``CONTAINER``
... ``DIALOG`` bits below. Tags missing from the table are plain inline elements (``span``,
``b``, ``em``, ...): they never split a line, and only their classes and hiding matter.
"""

from __future__ import annotations

from declutter.segment.dom import LANDMARK_TAGS, BlockKind

_K = BlockKind
#: Elements that start and end a line, with the kind of line they make.
BLOCKS: dict[str, BlockKind] = {
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
INHERITED = frozenset(
    {_K.LIST_ITEM, _K.TERM, _K.DEFINITION, _K.BLOCKQUOTE, _K.CAPTION, _K.PRE, _K.H1, _K.H2,
     _K.H3, _K.H4, _K.H5, _K.H6}
)  # fmt: skip
#: Kinds that give way to an inherited kind.
GENERIC = frozenset({_K.OTHER, _K.PARAGRAPH})
#: Elements that number a new block (``block_id``): lines inside share their density.
CONTAINERS = frozenset(
    ("html", "body", "div", "section", "article", "main", "aside", "nav", "header", "footer",
     "form", "ul", "ol", "dl", "table", "blockquote", "figure", "details", "fieldset", "menu",
     "dialog", "address", "center", "hgroup", "search", "pre")
)  # fmt: skip
#: Elements whose content is never shown as page text: one summary line each.
SKIPPED = frozenset(
    ("script", "style", "template", "noscript", "svg", "iframe", "object", "embed", "canvas",
     "video", "audio", "title", "datalist", "noframes")
)  # fmt: skip

# The flags of a tag (bits of ``TAGS[tag][1]``).
#: A container: numbers a new block (``CONTAINERS``).
CONTAINER = 1 << 0
#: A landmark element (``header``, ``nav``, ``main``, ...): sets the landmark of its lines.
LANDMARK = 1 << 1
#: Skipped: one summary line instead of its content (``SKIPPED``).
SKIP = 1 << 2
#: A table cell (``td``, ``th``): a tab separates it from the previous cell of its row.
CELLTAG = 1 << 3
#: ``a``: its text counts as link text when it has an ``href``.
LINK = 1 << 4
#: ``br``: ends the line (a newline in preformatted text).
BREAK = 1 << 5
#: ``meta``: may hold a page hint (Open Graph title, description).
META = 1 << 6
#: ``dialog``: hidden unless ``open``.
DIALOG = 1 << 7

TagTable = dict[str, tuple[BlockKind | None, int]]
TAGS: TagTable = {
    tag: (
        BLOCKS.get(tag),
        (CONTAINER if tag in CONTAINERS else 0)
        | (LANDMARK if tag in LANDMARK_TAGS else 0)
        | (SKIP if tag in SKIPPED else 0)
        | (CELLTAG if tag in ("td", "th") else 0)
        | (LINK if tag == "a" else 0)
        | (BREAK if tag == "br" else 0)
        | (META if tag == "meta" else 0)
        | (DIALOG if tag == "dialog" else 0),
    )
    for tag in {*BLOCKS, *CONTAINERS, *SKIPPED, *LANDMARK_TAGS, "td", "th", "a", "br", "meta"}
}
#: The same table with ``<noscript>`` a container like ``<div>`` (see ``_content_in_noscript``
#: in ``segment.html``).
TAGS_NOSCRIPT_SHOWN: TagTable = {**TAGS, "noscript": TAGS["div"]}
