"""Decide every line: rules, the line model, context revision, duplicates, blank lines.

The cascade, in order:

1. blank lines are ``empty`` (kept later only as paragraph separators);
2. context-free: a named rule (lexicon family or pattern) or the line model's content score;
3. context revision: context models rescore each line from its neighbours' scores and its
   place relative to the main text block; lines after an end-of-article marker ("Load more",
   "Related", "About this blog") past the main text are removed; a document where nothing
   reaches the threshold keeps its sentences;
4. short kept lines that introduce kept text become headings;
5. repeats of kept lines become duplicates of their first copy;
6. a blank line is kept where it separates two kept lines.

``context_free_kind`` keeps the class of step 2, ``kind`` the final one. All work runs on the
non-blank lines only ("rows"); ``Scored.rows`` maps them back to line indices.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from declutter._config import Config
from declutter._result import Decisions, Kind
from declutter.decide.dedupe import find_duplicates
from declutter.decide.trees import ModelError, ObliviousEnsemble
from declutter.features.columns import (
    CONTEXT_FEATURES,
    END_MARKER_CLASSES,
    LINE_FEATURES,
    RULE_CLASSES,
    FloatArray,
    context_inputs,
    context_matrix,
    line_matrix,
)
from declutter.features.text import LineFeatures, line_features
from declutter.rules.apply import RuleHit, match_rules
from declutter.rules.lexicon import Lexicon

#: Content after an end marker may be at most this share of the content before it.
END_MARKER_TAIL_SHARE = 0.25
HEADING_MAX_WORDS = 12
#: Words a sentence needs to be kept when no line of the document reaches the threshold.
PROSE_MIN_WORDS = 6
_RULE_INDEX = {name: index for index, name in enumerate(RULE_CLASSES)}
_MODEL_EVIDENCE = "content score %.2f %s %.2f (line alone %.2f; %d words, stopword ratio %.2f, %s)"


@dataclass(frozen=True)
class Engine:
    """What a cleaner compiles once: the lexicon, the line model and the context models.

    Each context model rescores the lines from the previous model's scores.
    """

    lexicon: Lexicon
    line_model: ObliviousEnsemble | None
    context_models: tuple[ObliviousEnsemble, ...]
    #: Names of extra per-line features (HTML mode: DOM features) appended to the text ones.
    extra_features: tuple[str, ...] = ()
    #: Names of extra context features (HTML mode: scores of the enclosing containers).
    extra_context_features: tuple[str, ...] = ()

    @property
    def line_features(self) -> tuple[str, ...]:
        """The line model's input columns."""
        return (*LINE_FEATURES, *self.extra_features)

    @property
    def context_features(self) -> tuple[str, ...]:
        """The context models' input columns."""
        return (
            *self.line_features,
            *CONTEXT_FEATURES[len(LINE_FEATURES) :],
            *self.extra_context_features,
        )

    def __post_init__(self) -> None:
        models = [(self.line_model, self.line_features)]
        models += [(model, self.context_features) for model in self.context_models]
        for model, expected in models:
            if model is not None and model.features != expected:
                raise ModelError(
                    f"model {model.name!r} was trained on other features than this version "
                    "computes; retrain it with benchmarks/training/train.py"
                )


@dataclass
class Scored:
    """One document's non-blank lines ("rows"): features, rule hits and model scores."""

    rows: list[int]
    texts: list[str]
    cols: LineFeatures
    hits: list[RuleHit | None]
    line_rows: FloatArray
    line_scores: FloatArray
    scores: FloatArray


def score_lines(
    lines: list[str],
    language: str,
    engine: Engine,
    *,
    context: bool,
    max_line_chars: int = 100_000,
    features_only: bool = False,
    extra: Callable[[list[int]], FloatArray] | None = None,
    extra_context: Callable[[list[int]], Callable[[FloatArray], FloatArray]] | None = None,
) -> Scored:
    """Features, rule hits and model scores for the non-blank lines of a document.

    ``extra(rows)`` gives more feature columns for the rows (HTML mode: DOM features);
    ``extra_context(rows)`` a function of the scores giving more context columns. With
    ``features_only`` (used in training) the models are not run and the scores are zeros.
    """
    stripped = list(map(str.strip, lines))
    rows = [index for index, text in enumerate(stripped) if text]
    texts = [stripped[index] for index in rows] if len(rows) < len(lines) else stripped
    cols = line_features(texts, language, max_line_chars=max_line_chars)
    hits = match_rules(texts, cols, engine.lexicon)
    rule_class = np.fromiter(
        (_RULE_INDEX[hit.rule_class] if hit else 0 for hit in hits),
        dtype=np.float64,
        count=len(hits),
    )
    line_rows = line_matrix(cols, rule_class)
    if extra is not None:
        line_rows = np.hstack((line_rows, extra(rows)))
    if features_only or engine.line_model is None:
        zeros = np.zeros(len(rows))
        return Scored(rows, texts, cols, hits, line_rows, zeros, zeros)
    line_scores = engine.line_model.predict_proba(line_rows)
    scores = line_scores
    if context and rows and engine.context_models:
        inputs = context_inputs(line_rows)
        more = extra_context(rows) if extra_context is not None else None
        for model in engine.context_models:
            matrix = context_matrix(scores, inputs)
            if more is not None:
                matrix = np.hstack((matrix, more(scores)))
            scores = model.predict_proba(matrix)
    return Scored(rows, texts, cols, hits, line_rows, line_scores, scores)


def classify(
    lines: list[str],
    language: str,
    config: Config,
    engine: Engine,
    extra: Callable[[list[int]], FloatArray] | None = None,
    extra_context: Callable[[list[int]], Callable[[FloatArray], FloatArray]] | None = None,
) -> Decisions:
    """The decision on every line of a document (``extra``, ``extra_context``: see
    ``score_lines``)."""
    scored = score_lines(
        lines,
        language,
        engine,
        context=config.context,
        max_line_chars=config.max_line_chars,
        extra=extra,
        extra_context=extra_context,
    )
    decisions = Decisions(len(lines))
    kinds = _decide_rows(scored, config, decisions)
    if config.context:
        _revise_after_end_marker(scored, kinds, decisions)
        _keep_prose_when_nothing_is_kept(scored, kinds, decisions)
    kept_kinds = config.kept_kinds
    row_kept = [kind in kept_kinds for kind in kinds]
    _mark_headings(scored, kinds, row_kept, decisions, Kind.HEADING in kept_kinds)
    if config.dedupe:
        _mark_duplicates(scored, kinds, row_kept, config, decisions)
    all_kinds, kept = decisions.kinds, decisions.kept
    for index, kind, keep in zip(scored.rows, kinds, row_kept, strict=True):
        all_kinds[index] = kind
        kept[index] = keep
    _keep_separators(scored.rows, row_kept, decisions)
    return decisions


def _decide_rows(scored: Scored, config: Config, decisions: Decisions) -> list[Kind]:
    """Kinds of the rows from the rules and the scores; fills rules, scores, evidence."""
    threshold = config.threshold
    content, boilerplate = Kind.CONTENT, Kind.BOILERPLATE
    scores = scored.scores.tolist()
    alone = scored.line_scores.tolist()
    kinds = [content if score >= threshold else boilerplate for score in scores]
    free = [content if score >= threshold else boilerplate for score in alone]
    rule = "model.context" if config.context and scored.rows else "model.line"
    all_rules, all_scores, all_free = (
        decisions.rules,
        decisions.scores,
        decisions.context_free_kinds,
    )
    for index, score, kind in zip(scored.rows, scores, free, strict=True):
        all_rules[index] = rule
        all_scores[index] = score
        all_free[index] = kind
    for position, hit in enumerate(scored.hits):
        if hit is not None:
            index = scored.rows[position]
            kinds[position] = hit.kind
            all_free[index] = hit.kind
            decisions.set(index, hit.kind, hit.rule, hit.template, *hit.args, score=0.0)
    decisions.default_evidence = _Explainer(scored, threshold)
    return kinds


class _Explainer:
    """Formats the evidence of model-decided lines when it is read."""

    def __init__(self, scored: Scored, threshold: float) -> None:
        self.scored = scored
        self.threshold = threshold
        self.positions: dict[int, int] | None = None

    def __call__(self, index: int) -> str:
        if self.positions is None:
            self.positions = {row: position for position, row in enumerate(self.scored.rows)}
        position = self.positions.get(index)
        if position is None:
            return "blank line"
        scored, cols = self.scored, self.scored.cols
        score = float(scored.scores[position])
        words = int(cols.words[position])
        ratio = int(cols.stopwords[position]) / words if words else 0.0
        return _MODEL_EVIDENCE % (
            score,
            ">=" if score >= self.threshold else "<",
            self.threshold,
            float(scored.line_scores[position]),
            words,
            ratio,
            "ends a sentence" if cols.terminal[position] else "no end punctuation",
        )


def _keep_prose_when_nothing_is_kept(
    scored: Scored, kinds: list[Kind], decisions: Decisions
) -> None:
    """A document where no line reaches the threshold keeps its sentence-like lines.

    Models trained on whole pages are unsure of a lone paragraph; an empty result for a document
    of prose would be the worst answer.
    """
    if Kind.CONTENT in kinds:
        return
    cols = scored.cols
    words_of, terminal, stop = cols.words.tolist(), cols.terminal.tolist(), cols.stopwords.tolist()
    for position, kind in enumerate(kinds):
        words = words_of[position]
        if (
            kind is Kind.BOILERPLATE
            and words >= PROSE_MIN_WORDS
            and terminal[position]
            and stop[position] > 0
        ):
            kinds[position] = Kind.CONTENT
            index = scored.rows[position]
            decisions.set(
                index,
                Kind.CONTENT,
                "context.prose_fallback",
                "no line reached the threshold; kept as prose (%d words, ends a sentence)",
                words,
                score=decisions.scores[index],
            )


def _revise_after_end_marker(scored: Scored, kinds: list[Kind], decisions: Decisions) -> None:
    chars = scored.cols.chars.tolist()
    sizes = [size if kind is Kind.CONTENT else 0 for size, kind in zip(chars, kinds, strict=True)]
    total = sum(sizes)
    before = 0
    for position, hit in enumerate(scored.hits):
        if hit is not None and hit.rule_class in END_MARKER_CLASSES and before * 2 >= total:
            after = total - before
            if after <= END_MARKER_TAIL_SHARE * before:
                _remove_tail(scored, kinds, position, after, before, decisions)
                return
        before += sizes[position]


def _remove_tail(
    scored: Scored, kinds: list[Kind], marker: int, after: int, before: int, decisions: Decisions
) -> None:
    text = scored.texts[marker][:60]
    line = scored.rows[marker] + 1
    for position in range(marker + 1, len(kinds)):
        if kinds[position] is Kind.CONTENT:
            kinds[position] = Kind.BOILERPLATE
            index = scored.rows[position]
            decisions.set(
                index,
                Kind.BOILERPLATE,
                "context.after_end_marker",
                'after end marker "%s" (line %d): %d content chars after it vs %d before (<= 25%%)',
                text,
                line,
                after,
                before,
                score=decisions.scores[index],
            )


def _mark_headings(
    scored: Scored, kinds: list[Kind], kept: list[bool], decisions: Decisions, keep: bool
) -> None:
    """Short kept content lines right before kept text become headings (kept if ``keep``)."""
    short = ((scored.cols.words <= HEADING_MAX_WORDS) & ~scored.cols.terminal).tolist()
    words_of = scored.cols.words.tolist()
    for position in range(len(kinds) - 1):
        if (
            not short[position]
            or kinds[position] is not Kind.CONTENT
            or not kept[position]
            or not kept[position + 1]
        ):
            continue
        kinds[position] = Kind.HEADING
        kept[position] = keep
        index = scored.rows[position]
        decisions.set(
            index,
            Kind.HEADING,
            "context.heading",
            "short line (%d words, no end punctuation) before kept line %d",
            words_of[position],
            scored.rows[position + 1] + 1,
            score=decisions.scores[index],
        )


def _mark_duplicates(
    scored: Scored, kinds: list[Kind], kept: list[bool], config: Config, decisions: Decisions
) -> None:
    minimum = config.duplicate_min_words
    words = scored.cols.words.tolist()
    candidates = [p for p, keep in enumerate(kept) if keep and words[p] >= minimum]
    repeats = find_duplicates(scored.texts, candidates, similarity=config.duplicate_similarity)
    keep_duplicates = Kind.DUPLICATE in config.kept_kinds
    rows = scored.rows
    for position, (first, similarity) in repeats.items():
        index = rows[position]
        kinds[position] = Kind.DUPLICATE
        kept[position] = keep_duplicates
        if similarity >= 100.0:
            decisions.set(
                index,
                Kind.DUPLICATE,
                "duplicate.exact",
                "duplicate of line %d (similarity %.0f)",
                rows[first] + 1,
                similarity,
                score=decisions.scores[index],
            )
        else:
            decisions.set(
                index,
                Kind.DUPLICATE,
                "duplicate.near",
                "near-duplicate of line %d (similarity %.1f >= %.1f)",
                rows[first] + 1,
                similarity,
                config.duplicate_similarity,
                score=decisions.scores[index],
            )


def _keep_separators(rows: list[int], row_kept: list[bool], decisions: Decisions) -> None:
    """Keep the first blank line between two kept lines and say why."""
    previous = -1
    last_kept: int | None = None
    blank: int | None = None
    for row, keep in zip(rows, row_kept, strict=True):
        if last_kept is not None and blank is None and row > previous + 1:
            blank = previous + 1
        if keep:
            if last_kept is not None and blank is not None:
                decisions.kept[blank] = True
                decisions.set(
                    blank,
                    Kind.EMPTY,
                    "blank_line",
                    "blank line kept as the separator of kept lines %d and %d",
                    last_kept + 1,
                    row + 1,
                    score=1.0,
                )
            last_kept, blank = row, None
        previous = row
