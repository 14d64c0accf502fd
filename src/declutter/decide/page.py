"""One document on its way through the decision cascade: what the steps read and write.

The steps work on the document's non-blank lines, the "rows" (in HTML mode: the non-blank
visible lines); ``rows[position]`` is the index of a row among all lines. They write only
through ``decisions`` (``Decisions.set`` and ``Decisions.set_scored``).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

from declutter._config import Config
from declutter._result import Decisions
from declutter.decide.scoring import PageFeatures
from declutter.features.columns import FloatArray
from declutter.segment.dom import BlockKind, HtmlDocument


@dataclass
class Page:
    """A document's lines, features, scores and decisions, for the steps of the cascade."""

    #: Every line of the document, in order (HTML mode: the segmented lines).
    lines: Sequence[str]
    features: PageFeatures
    #: The line model's scores of the rows, and the scores after the context models.
    line_scores: FloatArray
    scores: FloatArray
    config: Config
    decisions: Decisions
    #: HTML mode: the segmented page.
    dom: HtmlDocument | None = None

    @property
    def rows(self) -> list[int]:
        """The indices of the non-blank (visible) lines."""
        return self.features.rows

    @cached_property
    def preformatted(self) -> list[bool]:
        """Per line: whether it is a line of a preformatted block (HTML ``pre``: code), which
        is kept verbatim: never a heading, never a duplicate."""
        if self.dom is None:
            return [False] * len(self.lines)
        return [kind is BlockKind.PRE for kind in self.dom.block_kind]
