"""Blocks of input lines scored as one line each, and their decisions spread back to the lines.

Fragmented text and Markdown are not one block a line: a paragraph may arrive as seven
fragments, or wrapped over four lines with its links' targets inline. ``Blocks`` holds the
text the cascade scores for each block (one line of plain text) and the input lines it
covers. ``expand`` gives every input line its block's decision, so every input line is still
reported and ``Result.text`` keeps the input lines as they were; the evidence of a line of a
block of several lines names the block.

>>> from declutter._result import Decisions, Kind
>>> builder = Blocks.builder()
>>> builder.add(0, 3, "The council met on Monday, and agreed.", "fragments")
>>> builder.add(3, 4, "Share", "line")
>>> blocks = builder.build()
>>> scored = Decisions(2)
>>> scored.set(0, Kind.CONTENT, "model.context", "score 0.91 >= 0.50")
>>> scored.set(1, Kind.SHARE, "lexicon.share", "line reads 'share'")
>>> lines = blocks.expand(scored)
>>> lines.kept
[True, True, True, False]
>>> lines.evidence(2), lines.evidence(3)
('lines 1-3 scored as one block (fragments): score 0.91 >= 0.50', "line reads 'share'")
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from declutter._result import Decisions
from declutter.rules.apply import RuleHit


@dataclass(frozen=True)
class Blocks:
    """Blocks of consecutive input lines: block ``i`` covers lines ``firsts[i]`` to
    ``ends[i] - 1`` and is scored as the one line ``texts[i]``."""

    texts: list[str]
    firsts: list[int]
    ends: list[int]
    #: What each block is, for the evidence ("fragments", "Markdown paragraph", ...).
    what: list[str]
    #: A rule hit found while reading the block (Markdown link blocks), per block.
    hits: list[RuleHit | None]
    #: Whether each block is a heading of the input's own markup (Markdown ``#``).
    headings: list[bool]

    @staticmethod
    def builder() -> BlocksBuilder:
        """An empty builder: add blocks in line order, then ``build``."""
        return BlocksBuilder()

    @property
    def line_count(self) -> int:
        """Input lines covered."""
        return self.ends[-1] if self.ends else 0

    def any_hits(self) -> bool:
        """Whether a block has a rule hit."""
        return any(hit is not None for hit in self.hits)

    def expand(self, scored: Decisions) -> Decisions:
        """The decisions on the input lines: each line those of its block in ``scored``."""
        count = self.line_count
        lines = Decisions(count, scored.kept_kinds)
        owner = [0] * count
        for block, (first, end) in enumerate(zip(self.firsts, self.ends, strict=True)):
            owner[first:end] = [block] * (end - first)
        lines.kept = [scored.kept[b] for b in owner]
        lines.kinds = [scored.kinds[b] for b in owner]
        lines.context_free_kinds = [scored.context_free_kinds[b] for b in owner]
        lines.rules = [scored.rules[b] for b in owner]
        lines.scores = [scored.scores[b] for b in owner]
        lines.default_evidence = _BlockEvidence(scored, owner, self.firsts, self.ends, self.what)
        return lines


class _BlockEvidence:
    """The evidence of an input line: its block's, naming the block when it has several lines."""

    def __init__(
        self,
        scored: Decisions,
        owner: list[int],
        firsts: Sequence[int],
        ends: Sequence[int],
        what: Sequence[str],
    ) -> None:
        self.scored = scored
        self.owner = owner
        self.firsts = firsts
        self.ends = ends
        self.what = what

    def __call__(self, index: int) -> str:
        block = self.owner[index]
        evidence = self.scored.evidence(block)
        first, end = self.firsts[block], self.ends[block]
        if end - first == 1:
            return evidence
        return f"lines {first + 1}-{end} scored as one block ({self.what[block]}): {evidence}"


@dataclass
class BlocksBuilder:
    """Collects blocks in line order (``Blocks.builder``)."""

    texts: list[str] = field(default_factory=list)
    firsts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)
    what: list[str] = field(default_factory=list)
    hits: list[RuleHit | None] = field(default_factory=list)
    headings: list[bool] = field(default_factory=list)

    def add(
        self,
        first: int,
        end: int,
        text: str,
        what: str,
        *,
        heading: bool = False,
        hit: RuleHit | None = None,
    ) -> None:
        """A block of lines ``first`` to ``end - 1`` scored as ``text``."""
        if self.ends and first != self.ends[-1]:
            raise ValueError(f"block at line {first} does not follow line {self.ends[-1]}")
        self.texts.append(text)
        self.firsts.append(first)
        self.ends.append(end)
        self.what.append(what)
        self.hits.append(hit)
        self.headings.append(heading)

    def extend_last(self, line: int) -> None:
        """Add ``line`` (the line after it) to the last block."""
        if not self.ends or self.ends[-1] != line:
            raise ValueError(f"line {line} does not follow the last block")
        self.ends[-1] = line + 1

    def build(self) -> Blocks:
        """The blocks added."""
        return Blocks(self.texts, self.firsts, self.ends, self.what, self.hits, self.headings)
