"""The decision cascade: every line of a document decided in one ordered list of named steps.

``decide`` measures the lines and runs the models (``decide.scoring``), then the steps of
``CASCADE`` in order. Each step names the rules it may write (keys of
``declutter.rules.registry.RULES``) and writes only through ``Decisions``:

1. ``scores``: content or boilerplate by the models' score (the context-free kind is the line
   model's verdict);
2. ``rules``: a lexicon family, a pattern or a Markdown link block overrides the score;
3. ``context``: content after an end-of-article marker past the main text is removed; a
   document where nothing is content keeps its sentences;
4. ``dom`` (HTML mode): hidden elements, chrome landmarks and classes, comment blocks, code
   blocks, headings, JSON-LD article bodies, captions;
5. ``headings``: kept lines that look like headings and introduce kept text;
6. ``duplicates``: later copies of kept lines (after every step that changes what is kept, so
   a duplicate always names a kept copy);
7. ``captions``: a kept line printed twice in a row (its copy now a duplicate) and a kept photo
   credit are captions;
8. ``separators``: the blank line between two kept lines is kept.

``Line.context_free_kind`` keeps the line model's verdict, or the kind of the rule of step 2
(HTML: hidden lines are hidden there too); ``Line.kind`` is the final kind.

>>> from declutter._config import Config
>>> from declutter.rules.lexicon import load_lexicon
>>> engine = Engine(load_lexicon(("en",)), None, ())
>>> lines = ["Share on Facebook", "", "The council met on Monday and agreed the budget."]
>>> decisions = decide(lines, "en", Config(), engine)
>>> [(kind.value, rule) for kind, rule in zip(decisions.kinds, decisions.rules)]
[('share', 'lexicon.share'), ('empty', 'blank_line'), ('content', 'context.prose_fallback')]
>>> [step.name for step in CASCADE]
['scores', 'rules', 'context', 'dom', 'headings', 'duplicates', 'captions', 'separators']
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from types import ModuleType

from declutter import native
from declutter._config import Config
from declutter._result import Decisions
from declutter.decide.captions import mark_captions
from declutter.decide.context import revise_with_context
from declutter.decide.dedupe import mark_duplicates
from declutter.decide.dom import revise_with_dom
from declutter.decide.layout import keep_separators, mark_headings
from declutter.decide.page import Page
from declutter.decide.scoring import Engine, PageFeatures
from declutter.decide.verdicts import apply_rule_hits, record_scores
from declutter.rules.apply import RuleHit
from declutter.rules.registry import LEXICON_FAMILIES
from declutter.segment.dom import HtmlDocument

__all__ = ["CASCADE", "Engine", "Step", "decide"]


@dataclass(frozen=True)
class Step:
    """One step of the cascade: its name, the rules it may write, what it does."""

    name: str
    rules: tuple[str, ...]
    run: Callable[[Page], None]
    description: str

    def function(self, kernel: ModuleType | None) -> Callable[[Page], None]:
        """What runs the step: the compiled kernel's function of the same name when there
        is a kernel (``declutter.native``, same decisions), else ``run``."""
        if kernel is None:
            return self.run
        compiled: Callable[[Page], None] = getattr(kernel, self.run.__name__)
        return compiled


CASCADE: tuple[Step, ...] = (
    Step(
        "scores", ("model.line", "model.context"), record_scores,
        "content or boilerplate by the line model's and the context models' scores",
    ),
    Step(
        "rules",
        (
            *(f"lexicon.{name}" for name in LEXICON_FAMILIES),
            "pattern.timecode",
            "pattern.symbols",
            "markdown.links",
        ),
        apply_rule_hits,
        "a chrome lexicon family, a language-free pattern or a Markdown link block overrides "
        "the score",
    ),
    Step(
        "context",
        ("context.main_block", "context.after_end_marker", "context.prose_fallback"),
        revise_with_context,
        "the main block keeps its prose when context revision erased it; content after an "
        "end-of-article marker is removed; prose is kept if nothing else is",
    ),
    Step(
        "dom",
        ("html.hidden", "html.dom", "html.comments", "html.code", "html.heading", "html.jsonld",
         "html.caption"),
        revise_with_dom,
        "HTML mode: hidden elements, chrome landmarks and classes, comments, code, headings, "
        "JSON-LD article bodies, captions",
    ),
    Step(
        "headings", ("context.heading",), mark_headings,
        "kept lines that look like headings (HTML: h1-h6; text: short, capitalised, no end "
        "punctuation, before prose) are headings",
    ),
    Step(
        "duplicates", ("duplicate.exact", "duplicate.near"), mark_duplicates,
        "later copies of kept lines are duplicates of the first kept copy",
    ),
    Step(
        "captions", ("caption.printed_twice", "caption.credit"), mark_captions,
        "a kept line printed twice in a row, and a kept photo credit, are captions",
    ),
    Step(
        "separators", ("blank_line",), keep_separators,
        "the first blank line between two kept lines is kept",
    ),
)  # fmt: skip


def decide(
    lines: Sequence[str],
    language: str,
    config: Config,
    engine: Engine,
    *,
    dom: HtmlDocument | None = None,
    check: Callable[[str], None] | None = None,
    trace: Callable[[Step, Decisions], None] | None = None,
    hits: Sequence[RuleHit | None] | None = None,
) -> Decisions:
    """The decision on every line of a document.

    ``lines`` are all lines (HTML mode: the segmented lines with those of hidden elements
    blank, and ``dom`` the segmented page). ``check(stage)`` is called between stages (the
    time budget); ``trace(step, decisions)`` after each step (to see what each step did);
    ``hits``: rule hits found while segmenting, one per line (``PageFeatures``).
    """
    features = PageFeatures(
        lines,
        language,
        engine.lexicon,
        dom=dom if engine.dom else None,
        max_line_chars=config.max_line_chars,
        check=check,
        hits=hits,
    )
    line_scores, scores = engine.score(features, context=config.context, check=check)
    features.release_columns()
    if check is not None:
        check("scoring")
    decisions = Decisions(len(lines), config.kept_kinds)
    page = Page(lines, features, line_scores, scores, config, decisions, dom)
    kernel = native.kernel("decide")
    for step in CASCADE:
        step.function(kernel)(page)
        if trace is not None:
            trace(step, decisions)
    if dom is not None:
        decisions.sources = dom.sources
    return decisions
