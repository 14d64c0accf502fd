"""Author names a reader sees after a label: "Thread starter" / "Started by" on a forum
thread, and "By" / "Written by" / "Author:" standing alone before the name in the lines
around the headline (``<span>by </span><a href="/authors/ann-lee">Ann Lee</a>``).

The name is the next text node when it is short (at most ``NAME_CHARS`` characters) and
can be a name (``names.valid_name``). Thread-starter labels are looked for on the whole page
and rank ``STARTER_RANK`` (a thread's first post is its author); the other labels among the
``AFTER_HEADING`` text nodes after the first ``h1`` (or the first ones of the page without
one) and rank ``LABEL_RANK``, with the bylines.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser

from declutter.metadata.model import Candidate
from declutter.metadata.names import valid_name
from declutter.metadata.text_nodes import TextNodes

STARTER_RANK = 12
LABEL_RANK = 33
AFTER_HEADING = 60
NAME_CHARS = 60
_STARTER = re.compile(
    r"^(?:thread starter|started by|topic starter|original poster|sujet créé par|"
    r"themenstarter|erstellt von)\s*:?$",
    re.I,
)
_LABEL = re.compile(
    r"^(?:by|written by|posted by|author|authors|words by|von|par|por|door|di|av|autor|auteur|"
    r"autore)\s*:?$",
    re.I,
)


def _after(texts: list[str], index: int) -> str | None:
    name = texts[index + 1] if index + 1 < len(texts) else ""
    return name if len(name) <= NAME_CHARS and valid_name(name) else None


def labelled_authors(tree: LexborHTMLParser) -> Iterator[Candidate]:
    """Author candidates from a label standing alone before a name.

    >>> page = ('<h1>Which tent?</h1><ul><li><span>Thread starter</span> <a>alpine_anna</a></li>'
    ...         '</ul><p><span>by </span><a href="/u/tom">tom_k</a></p>')
    >>> [(c.value, c.source) for c in labelled_authors(LexborHTMLParser(page))]
    [('tom_k', 'label "by"'), ('alpine_anna', 'label "Thread starter"')]
    """
    if tree.body is None:
        return
    nodes = TextNodes(tree.body)
    if tree.css_first("h1") is not None:
        nodes.read(heading=True)
    start = nodes.heading or 0
    nodes.read(count=start + AFTER_HEADING + 1)
    texts = nodes.texts
    for index in range(start, min(len(texts), start + AFTER_HEADING)):
        label = texts[index].rstrip(" :")
        if _LABEL.match(texts[index]):
            name = _after(texts, index)
            if name:
                yield Candidate("author", name, f'label "{label}"', LABEL_RANK)
                break
    nodes.read()
    for index, text in enumerate(texts):
        if _STARTER.match(text):
            name = _after(texts, index)
            if name:
                yield Candidate("author", name, f'label "{text.rstrip(" :")}"', STARTER_RANK)
                return
