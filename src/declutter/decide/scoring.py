"""Score a document's lines: measurements, rule hits, feature columns and the models.

``PageFeatures`` holds what one document's lines measure: the stripped non-blank lines
("rows"), their measurements, the rule that fired on each, and the line stage's feature
matrix; ``context_matrix(scores)`` gives a context stage's inputs. ``Engine`` holds the models
and, for each, which columns of the stage's ``FeatureLayout`` it reads (checked when the
engine is made). ``score`` runs the line model and the context models.

>>> from declutter.rules.lexicon import load_lexicon
>>> lines = ["Share", "", "The council met on Monday, and it agreed the budget."]
>>> page = PageFeatures(lines, "en", load_lexicon(("en",)))
>>> page.rows, page.line_matrix.shape == (2, len(TEXT_LAYOUTS[0].names))
([0, 2], True)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

import numpy as np

from declutter import native
from declutter.decide.trees import ObliviousEnsemble, probability
from declutter.features.budgeted import measure_lines
from declutter.features.columns import FeatureLayout, FloatArray, IntArray
from declutter.features.context import CONTEXT, ContextDocument, ContextInputs
from declutter.features.dom import DOM, DOM_CONTEXT, DomContextInputs, DomInputs
from declutter.features.line import LINE, LineInputs, line_columns
from declutter.features.text import LineFeatures
from declutter.rules.apply import RuleHit, match_rules, prefer_page_language
from declutter.rules.lexicon import Lexicon
from declutter.segment.dom import HtmlDocument

#: The line stage's and the context stages' columns, in text mode and in HTML mode.
TEXT_LAYOUTS = (FeatureLayout((LINE,)), FeatureLayout((LINE, CONTEXT)))
HTML_LAYOUTS = (FeatureLayout((LINE, DOM)), FeatureLayout((LINE, DOM, CONTEXT, DOM_CONTEXT)))


class PageFeatures:
    """The feature columns of one document's lines.

    ``lines`` are all lines of the document (blank ones included; in HTML mode, hidden lines
    blanked); ``dom``, in HTML mode, is the segmented page the DOM columns come from;
    ``hits``, one per line, are rule hits found while segmenting (Markdown link blocks),
    taken where no lexicon rule or pattern fires.
    """

    def __init__(
        self,
        lines: Sequence[str],
        language: str,
        lexicon: Lexicon,
        *,
        dom: HtmlDocument | None = None,
        max_line_chars: int = 100_000,
        check: Callable[[str], None] | None = None,
        hits: Sequence[RuleHit | None] | None = None,
    ) -> None:
        self.rows: list[int]
        self.texts: list[str]
        compiled = native.kernel("text")
        if compiled is not None:
            self.rows, self.texts = compiled.nonblank(lines)
        else:
            stripped = [line.strip() for line in lines]
            self.rows = [index for index, text in enumerate(stripped) if text]
            all_rows = len(self.rows) == len(lines)
            self.texts = stripped if all_rows else [stripped[i] for i in self.rows]
        self.language = language
        self.measured: LineFeatures = measure_lines(
            self.texts, language, max_line_chars=max_line_chars, check=check
        )
        if check is not None:
            check("measuring the lines")
        self.hits: list[RuleHit | None] = prefer_page_language(
            self.texts,
            match_rules(self.texts, self.measured, lexicon),
            self.measured,
            language,
            lexicon,
        )
        if check is not None:
            check("matching the rules")
        if hits is not None:
            self.hits = [
                found if found is not None else hits[row]
                for found, row in zip(self.hits, self.rows, strict=True)
            ]
        self.dom = DomInputs(dom, self.rows) if dom is not None else None
        self.layouts = TEXT_LAYOUTS if dom is None else HTML_LAYOUTS

    @cached_property
    def _line_columns(self) -> FloatArray:
        columns = line_columns(LineInputs(self.texts, self.measured, self.hits))
        if self.dom is None:
            return columns
        # The DOM columns after the line columns, never holding both parts and the whole.
        whole = np.empty((len(columns) + len(DOM.names), len(self.rows)))
        whole[: len(columns)] = columns
        del columns
        whole[len(whole) - len(DOM.names) :] = self._dom_columns()
        return whole

    def release_columns(self) -> None:
        """Forget the feature matrices once the models have scored the page: the cascade reads
        only the measurements and the rule hits, so a long page is decided without them."""
        for name in ("_line_columns", "_compiled_context", "_compiled_dom", "_context_document"):
            self.__dict__.pop(name, None)

    def _dom_columns(self) -> FloatArray:
        """The ``DOM`` columns of the rows (by the compiled context kernel when built)."""
        assert self.dom is not None
        if native.kernel("context") is not None:
            return self._compiled_dom.columns()  # type: ignore[no-any-return]
        return DOM.columns(self.dom, len(self.rows))

    @cached_property
    def _compiled_dom(self) -> Any:
        """The page's DOM lists as the compiled context kernel reads them (``DomPage``)."""
        kernel = native.kernel("context")
        assert kernel is not None and self.dom is not None
        return kernel.DomPage(self.dom)

    @property
    def line_matrix(self) -> FloatArray:
        """The line stage's columns (``layouts[0]``), one row per non-blank line (stored
        column by column)."""
        return self._line_columns.T

    @cached_property
    def _context_document(self) -> ContextDocument:
        return ContextDocument(dict(zip(LINE.names, self._line_columns, strict=False)))

    @property
    def line_columns(self) -> FloatArray:
        """``line_matrix`` transposed: one row per column (columns x lines, C order)."""
        return self._line_columns

    def context_matrix(self, scores: FloatArray) -> FloatArray:
        """A context stage's columns (``layouts[1]``) for the previous stage's ``scores``."""
        return self.context_columns(scores).T

    def context_columns(self, scores: FloatArray) -> FloatArray:
        """``context_matrix`` transposed (columns x lines, C order)."""
        if native.kernel("context") is not None:
            return self._compiled_context.columns(scores)  # type: ignore[no-any-return]
        count = len(self.rows)
        document = self._context_document
        blocks = [
            self._line_columns,
            CONTEXT.columns(ContextInputs(document, scores), count, document.cache),
        ]
        if self.dom is not None:
            blocks.append(DOM_CONTEXT.columns(DomContextInputs(self.dom, scores), count))
        return np.concatenate(blocks)

    def context_blocks(self, scores: FloatArray) -> Iterator[tuple[slice, FloatArray]]:
        """``context_columns(scores)`` in blocks of rows, in order: each block's rows and its
        columns (``BLOCK_ROWS`` rows, the last block 2 to ``BLOCK_ROWS + 1``; one page-wide
        block without the compiled context kernel)."""
        count = len(self.rows)
        if native.kernel("context") is None:
            yield slice(0, count), self.context_columns(scores)
            return
        stage = self._compiled_context.stage(scores)
        for low, high in _blocks(count):
            yield slice(low, high), stage.columns(low, high)

    @cached_property
    def _compiled_context(self) -> Any:
        """The page's inputs to the compiled context kernel (``native._context.PageContext``)."""
        kernel = native.kernel("context")
        assert kernel is not None
        dom = None if self.dom is None else self._compiled_dom
        return kernel.PageContext(self._line_columns, dom)


@dataclass(frozen=True)
class Engine:
    """What a cleaner compiles once: the lexicon, the line model and the context models.

    Each context model rescores the lines from the previous model's scores. ``dom``: the
    models read the DOM columns (HTML mode). Making an engine checks that every model reads
    columns this version computes, with the code tables it was trained with (``ModelError``
    otherwise).
    """

    lexicon: Lexicon
    line_model: ObliviousEnsemble | None
    context_models: tuple[ObliviousEnsemble, ...]
    dom: bool = False
    _selections: tuple[IntArray | None, ...] = field(init=False, repr=False, compare=False)
    _compiled: tuple[Any, ...] | None = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        line_layout, context_layout = self.layouts
        selections = []
        for model, layout in (
            (self.line_model, line_layout),
            *((model, context_layout) for model in self.context_models),
        ):
            selections.append(
                None
                if model is None
                else layout.selection(model.features, model.categories, model.name)
            )
        object.__setattr__(self, "_selections", tuple(selections))
        object.__setattr__(self, "_compiled", self._compile(line_layout, context_layout))

    def _compile(self, line_layout: FeatureLayout, context_layout: FeatureLayout) -> Any:
        """The models bound to their columns for the compiled kernel (``None``: no kernel)."""
        trees = native.kernel("trees")
        if trees is None or self.line_model is None:
            return None
        stages = (
            (self.line_model, line_layout),
            *((m, context_layout) for m in self.context_models),
        )
        return tuple(
            trees.CompiledTrees(
                model.split_features,
                model.borders,
                model.leaf_values,
                model.bias,
                selection,
                len(layout.names),
            )
            for (model, layout), selection in zip(stages, self._selections, strict=True)
        )

    @property
    def layouts(self) -> tuple[FeatureLayout, FeatureLayout]:
        """The columns of the line stage and of the context stages."""
        return HTML_LAYOUTS if self.dom else TEXT_LAYOUTS

    def score(
        self, page: PageFeatures, *, context: bool, check: Callable[[str], None] | None = None
    ) -> tuple[FloatArray, FloatArray]:
        """The line model's scores of the page's rows and the final scores (after the context
        models, with ``context``). Without a line model both are zeros. ``check(stage)`` is
        called while a long page is scored (the time budget)."""
        if self.line_model is None or not page.rows:
            zeros = np.zeros(len(page.rows))
            return zeros, zeros
        if self._compiled is not None and native.kernel("trees") is not None:
            return self._score_compiled(page, context=context, check=check)
        line_scores = self.line_model.predict_proba(_select(page.line_matrix, self._selections[0]))
        scores = line_scores
        if context:
            for model, selection in zip(self.context_models, self._selections[1:], strict=True):
                scores = model.predict_proba(_select(page.context_matrix(scores), selection))
        return line_scores, scores

    def _score_compiled(
        self, page: PageFeatures, *, context: bool, check: Callable[[str], None] | None
    ) -> tuple[FloatArray, FloatArray]:
        """The compiled models; a context stage's columns are made ``BLOCK_ROWS`` rows at a
        time (the same margins: each row's sum is its own), ``check`` called between blocks."""
        assert self._compiled is not None
        columns = page.line_columns
        if check is not None:
            check("the line columns")
        line_scores = probability(self._compiled[0].margin(columns))
        scores = line_scores
        if context:
            for model in self._compiled[1:]:
                margins = np.empty(len(page.rows))
                for rows, columns in page.context_blocks(scores):
                    margins[rows] = model.margin(columns)
                    if check is not None:
                        check("scoring")
                scores = probability(margins)
        return line_scores, scores


#: Rows of a context stage scored at a time by the compiled path: a long page never holds a
#: stage's whole matrix (62 to 100 doubles a row), and the time budget is checked between.
BLOCK_ROWS = 8192


def _blocks(count: int) -> Iterator[tuple[int, int]]:
    """``(low, high)`` row ranges covering ``count`` rows; none of one row unless ``count`` is
    1 (a single row's margin is summed pairwise, as numpy sums one row, several rows' tree by
    tree).

    >>> list(_blocks(3)), list(_blocks(BLOCK_ROWS + 1)), len(list(_blocks(3 * BLOCK_ROWS)))
    ([(0, 3)], [(0, 8193)], 3)
    """
    low = 0
    while low < count:
        high = low + BLOCK_ROWS
        if count - high < 2:
            high = count
        yield low, high
        low = high


def _select(matrix: FloatArray, selection: IntArray | None) -> FloatArray:
    return matrix if selection is None else matrix[:, selection]
