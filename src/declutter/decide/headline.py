"""The headline line: ``Config.headline`` keeps it in the text or takes it out.

The article's own title is always in ``Result.metadata.title``. By default (``"auto"``) the
cascade decides the line that prints it like any other (an ``h1`` before the article is usually
kept as a heading, a title line the models see as chrome is removed). ``"keep"`` keeps that line
as a heading, ``"drop"`` removes it as ``metadata`` (a corpus that stores the title apart), both
by rule ``metadata.headline``, after the cascade, on both paths.

The headline line is the first visible non-blank line among the first
``HEADLINE_SEARCH_LINES`` whose text is the title (case and spacing aside), or, failing that,
contains it or is contained in it with the shorter at least ``HEADLINE_MIN_SHARE`` of the
longer (the rule the metadata benchmark uses for titles).

>>> headline_line(["Menu", "", "Ferry terminal to close", "The council met."],
...               "Ferry Terminal To Close | Island News")
2
>>> headline_line(["The council met."], None) is None
True
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from declutter._result import Decisions, Kind

HeadlineMode = Literal["auto", "keep", "drop"]
#: Lines searched for the headline, from the top (blank lines included).
HEADLINE_SEARCH_LINES = 200
#: A line that contains the title, or is contained in it, must be this share of the longer.
HEADLINE_MIN_SHARE = 0.6


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def headline_line(
    lines: Sequence[str], title: str | None, shown: Sequence[bool] | None = None
) -> int | None:
    """The index of the line that prints ``title``, or ``None``; ``shown[i]`` false leaves
    line ``i`` out (HTML: the hidden lines, such as the ``<title>`` itself)."""
    if not title:
        return None
    wanted = _fold(title)
    if not wanted:
        return None
    candidates = [
        (i, folded)
        for i, line in enumerate(lines[:HEADLINE_SEARCH_LINES])
        if (shown is None or shown[i]) and (folded := _fold(line))
    ]
    for index, line in candidates:
        if line == wanted:
            return index
    for index, line in candidates:
        shorter, longer = sorted((line, wanted), key=len)
        if shorter in longer and len(shorter) >= HEADLINE_MIN_SHARE * len(longer):
            return index
    return None


def apply_headline(
    decisions: Decisions, lines: Sequence[str], title: str | None, mode: HeadlineMode | str
) -> None:
    """Keep (``"keep"``) or remove (``"drop"``) the headline line; ``"auto"`` changes nothing."""
    if mode == "auto":
        return
    shown = [kind is not Kind.HIDDEN for kind in decisions.kinds]
    index = headline_line(lines, title, shown)
    if index is None:
        return
    if mode == "keep":
        decisions.set(
            index, Kind.HEADING, "metadata.headline",
            "the page's headline (metadata.title); headline='keep'", kept=True,
        )  # fmt: skip
    else:
        decisions.set(
            index, Kind.METADATA, "metadata.headline",
            "the page's headline (metadata.title); headline='drop'", kept=False,
        )  # fmt: skip
