"""The visible text nodes of a page in document order, read only as far as a caller needs
(the date and byline lines around the headline look at a few dozen of them)."""

from __future__ import annotations

from selectolax.lexbor import LexborNode

from declutter.metadata.normalize import squash

_SKIPPED = frozenset({"script", "style", "noscript", "template", "select", "option", "button"})


class TextNodes:
    """The visible text nodes under a root, read in document order only as far as needed;
    ``heading`` is the index of the first one after the first ``h1`` once it was read.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> nodes = TextNodes(LexborHTMLParser("<p>Menu</p><h1>Title</h1><p>By <b>Ann</b></p>").body)
    >>> nodes.read(heading=True); nodes.texts, nodes.heading
    (['Menu'], 1)
    >>> nodes.read(); nodes.texts
    ['Menu', 'Title', 'By', 'Ann']
    """

    def __init__(self, root: LexborNode) -> None:
        self._nodes = root.traverse(include_text=True)
        self.texts: list[str] = []
        self.heading: int | None = None
        self.done = False

    def read(self, *, count: int | None = None, heading: bool = False) -> None:
        """Read until ``count`` texts (``None``: all), or until the ``h1`` when ``heading``."""
        texts = self.texts
        while not self.done:
            if heading and self.heading is not None:
                return
            if count is not None and len(texts) >= count:
                return
            node = next(self._nodes, None)
            if node is None:
                self.done = True
                return
            tag = node.tag
            if tag == "h1" and self.heading is None:
                self.heading = len(texts)
            elif tag == "-text":
                parent = node.parent
                if parent is not None and parent.tag not in _SKIPPED:
                    text = squash(node.text_content or "")
                    if text:
                        texts.append(text)
