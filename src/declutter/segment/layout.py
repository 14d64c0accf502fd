"""What markdown rendering needs to know about each line beyond its text (HTML mode).

Segmentation makes it; ``Result.markdown`` reads it (``declutter.render.markdown``).

>>> from declutter.segment.dom import BlockKind
>>> MarkdownLayout(block_kind=[BlockKind.H2], block_id=[0]).base_url is None
True
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from declutter.segment.dom import BlockKind


@dataclass(frozen=True)
class MarkdownLayout:
    """What markdown needs to know about each line beyond its text (HTML mode)."""

    block_kind: Sequence[BlockKind]
    block_id: Sequence[int]
    #: Line index -> ``(start, end, href)`` link spans in the line's text.
    links: Mapping[int, Sequence[tuple[int, int, str]]] = field(default_factory=dict)
    #: The page's URL, against which relative hrefs are resolved.
    base_url: str | None = None
