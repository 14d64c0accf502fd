"""Fragmented text: the fragments of one paragraph joined into one block.

``get_text("\\n")`` and similar flatteners put every inline element on a line of its own, so a
paragraph with links arrives as "The council met on" / "Monday" / ", and agreed the" /
"budget" / ".". Two consecutive lines are joined when the second continues the sentence the
first leaves open (``segment.shape.continues``), and a short line (a link's text: up to
``SHORT_FRAGMENT_WORDS`` words) is joined to an open line before it when the line after it
continues the sentence. Each block is scored as the one line its fragments make; every input
line gets its block's decision (``segment.blocks``).

>>> lines = ["Home", "News", "The council met on", "Monday", ", and agreed the", "budget", "."]
>>> blocks = fragment_blocks(lines)
>>> blocks.texts
['Home', 'News', 'The council met on Monday, and agreed the budget.']
>>> blocks.firsts, blocks.ends
([0, 1, 2], [1, 2, 7])
"""

from __future__ import annotations

from collections.abc import Sequence

from declutter.segment.blocks import Blocks
from declutter.segment.shape import CONTINUING, continues

#: A line of at most this many words (and no end punctuation) can be an inline element's text.
SHORT_FRAGMENT_WORDS = 4


def fragment_blocks(lines: Sequence[str]) -> Blocks:
    """The blocks of joined fragments of ``lines`` (blank lines are blocks of their own)."""
    stripped = [line.strip() for line in lines]
    count = len(stripped)
    joined = [
        bool(stripped[i]) and bool(stripped[i + 1]) and continues(stripped[i], stripped[i + 1])
        for i in range(count - 1)
    ]
    for i in range(count - 2):
        if (
            not joined[i]
            and joined[i + 1]
            and stripped[i]
            and _open(stripped[i])
            and _short(stripped[i + 1])
        ):
            joined[i] = True
    blocks = Blocks.builder()
    first = 0
    for i in range(count):
        if i < count - 1 and joined[i]:
            continue
        parts = stripped[first : i + 1]
        what = "fragments" if i > first else "line"
        blocks.add(first, i + 1, _join(parts), what)
        first = i + 1
    return blocks.build()


def _open(line: str) -> bool:
    """Whether ``line`` leaves its sentence open (ends in a letter, a digit or a comma)."""
    last = line[-1:]
    return last.isalnum() or last == ","


def _short(line: str) -> bool:
    return len(line.split()) <= SHORT_FRAGMENT_WORDS


def _join(parts: list[str]) -> str:
    """The fragments as one line: a space between two, none before continuing punctuation."""
    if len(parts) == 1:
        return parts[0]
    out = [parts[0]]
    for part in parts[1:]:
        if part[:1] not in CONTINUING:
            out.append(" ")
        out.append(part)
    return "".join(out)
