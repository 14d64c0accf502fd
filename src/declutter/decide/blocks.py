"""Decide a text read as blocks (fragmented text, Markdown): each block as one line, then
every input line with its block's decision.

The cascade runs on the blocks' texts, with the rule hits found while reading them (Markdown
link blocks: ``markdown.links``). A Markdown heading (``#``, or underlined) keeps its kind:
kept, it is a heading (``markdown.heading``); left out by the models' score alone, it is kept
as a heading when the next block with text is kept content, as ``html.heading`` does for
``h2``-``h6`` in HTML mode.

>>> from declutter._config import Config
>>> from declutter.rules.lexicon import load_lexicon
>>> from declutter.segment.markdown import markdown_blocks
>>> engine = Engine(load_lexicon(("en",)), None, ())
>>> text = "## Budget\\n\\nThe council met on Monday\\nand agreed the budget for next year.\\n"
>>> decisions = decide_blocks(markdown_blocks(text), "en", Config(), engine)
>>> decisions.kinds[0].value, decisions.rules[0], decisions.evidence(0)
('heading', 'markdown.heading', 'a Markdown heading before kept text (line 3)')
>>> decisions.kept, decisions.evidence(3)[:40]
([True, False, True, True], 'lines 3-4 scored as one block (Markdown ')
"""

from __future__ import annotations

from collections.abc import Callable

from declutter._config import Config
from declutter._result import Decisions, Kind
from declutter.decide.cascade import Engine, decide
from declutter.segment.blocks import Blocks

#: The rules whose verdict on a Markdown heading the heading's own markup may overrule.
_SCORED_RULES = frozenset({"model.line", "model.context", "context.heading"})


def decide_blocks(
    blocks: Blocks,
    language: str,
    config: Config,
    engine: Engine,
    *,
    check: Callable[[str], None] | None = None,
) -> Decisions:
    """The decisions on the input lines of ``blocks``, each block decided as one line."""
    scored = decide(
        blocks.texts,
        language,
        config,
        engine,
        check=check,
        hits=blocks.hits if blocks.any_hits() else None,
    )
    if any(blocks.headings):
        mark_markdown_headings(blocks, scored)
    return blocks.expand(scored)


def mark_markdown_headings(blocks: Blocks, decisions: Decisions) -> None:
    """Markdown headings kept, or kept before kept content, are headings."""
    texts = blocks.texts
    for index, heading in enumerate(blocks.headings):
        if not heading:
            continue
        if decisions.kept[index]:
            if decisions.kinds[index] is Kind.CONTENT:
                decisions.set(index, Kind.HEADING, "markdown.heading", "a kept Markdown heading")
            continue
        if decisions.rules[index] not in _SCORED_RULES:
            continue
        following = next((i for i in range(index + 1, len(texts)) if texts[i].strip()), None)
        if (
            following is not None
            and decisions.kept[following]
            and decisions.kinds[following] is Kind.CONTENT
        ):
            decisions.set(
                index,
                Kind.HEADING,
                "markdown.heading",
                "a Markdown heading before kept text (line %d)",
                blocks.firsts[following] + 1,
            )
