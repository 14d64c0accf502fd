"""Decide every line: rules, the line model, context revision, duplicates, blank lines.

The cascade, in order:

1. blank lines are ``empty`` (kept later only as paragraph separators);
2. context-free: a named rule (lexicon family or pattern) or the line model's content score;
3. context revision: the context model rescores each line from its neighbours' scores and its
   place relative to the main text block; lines after an end-of-article marker ("Load more",
   "Related", "About this blog") past the main text are removed;
4. short kept lines that introduce kept text become headings;
5. repeats of kept lines become duplicates of their first copy;
6. a blank line is kept where it separates two kept lines.

``context_free_kind`` keeps the class of step 2, ``kind`` the final one.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from declutter._config import Config
from declutter._dedupe import find_duplicates
from declutter._features import LineFeatures, line_features
from declutter._matrix import (
    CONTEXT_FEATURES,
    END_MARKER_CLASSES,
    LINE_FEATURES,
    RULE_CLASSES,
    FloatArray,
    IntArray,
    context_matrix,
    line_matrix,
)
from declutter._model import ModelError, ObliviousEnsemble
from declutter._types import Decisions, Kind
from declutter.rules.apply import RuleHit, match_rules
from declutter.rules.lexicon import Lexicon

#: Content after an end marker may be at most this share of the content before it.
END_MARKER_TAIL_SHARE = 0.25
HEADING_MAX_WORDS = 12
#: Words a sentence needs to be kept when no line of the document reaches the threshold.
PROSE_MIN_WORDS = 6
_RULE_INDEX = {name: index for index, name in enumerate(RULE_CLASSES)}


@dataclass(frozen=True)
class Engine:
    """What a cleaner compiles once: the lexicon, the line model and the context models.

    Each context model rescores the lines from the previous model's scores.
    """

    lexicon: Lexicon
    line_model: ObliviousEnsemble | None
    context_models: tuple[ObliviousEnsemble, ...]

    def __post_init__(self) -> None:
        models = [(self.line_model, LINE_FEATURES)]
        models += [(model, CONTEXT_FEATURES) for model in self.context_models]
        for model, expected in models:
            if model is not None and model.features != expected:
                raise ModelError(
                    f"model {model.name!r} was trained on other features than this version "
                    "computes; retrain it with benchmarks/training/train.py"
                )


@dataclass
class Scored:
    """The intermediate state of one document: features, rule hits and model scores."""

    cols: LineFeatures
    hits: list[RuleHit | None]
    rows: IntArray
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
) -> Scored:
    """Features, rule hits and both model scores for the non-blank lines of a document.

    With ``features_only`` (used in training) the models are not run and the scores are zeros.
    """
    cols = line_features(lines, language, max_line_chars=max_line_chars)
    hits = match_rules(lines, cols, engine.lexicon)
    rows = np.flatnonzero(~np.asarray(cols.blank, dtype=bool))
    rule_class = np.fromiter(
        (_RULE_INDEX[hits[i].rule_class] if hits[i] else 0 for i in rows.tolist()),  # type: ignore[union-attr]
        dtype=np.float64,
        count=len(rows),
    )
    line_rows = line_matrix(cols, rows, rule_class)
    if features_only or engine.line_model is None:
        zeros = np.zeros(len(rows))
        return Scored(cols, hits, rows, line_rows, zeros, zeros)
    line_scores = engine.line_model.predict_proba(line_rows)
    scores = line_scores
    if context and len(rows):
        for model in engine.context_models:
            scores = model.predict_proba(context_matrix(scores, line_rows))
    return Scored(cols, hits, rows, line_rows, line_scores, scores)


def classify(lines: list[str], language: str, config: Config, engine: Engine) -> Decisions:
    """The decision on every line of a document."""
    scored = score_lines(
        lines, language, engine, context=config.context, max_line_chars=config.max_line_chars
    )
    decisions = Decisions(len(lines))
    for index in range(len(lines)):
        decisions.set(index, Kind.EMPTY, "blank_line", "blank line", score=0.0)
    _decide_rows(scored, config, decisions)
    if config.context:
        _revise_after_end_marker(lines, scored, decisions)
    _keep_prose_when_nothing_is_kept(scored, decisions)
    kept_kinds = config.kept_kinds
    rows = scored.rows.tolist()
    kept = decisions.kept
    for index in rows:
        kept[index] = decisions.kinds[index] in kept_kinds
    _mark_headings(rows, scored.cols, decisions)
    if config.dedupe:
        _mark_duplicates(lines, rows, scored.cols, config, decisions)
    _keep_separators(rows, decisions)
    return decisions


def _decide_rows(scored: Scored, config: Config, decisions: Decisions) -> None:
    threshold = config.threshold
    cols = scored.cols
    rule_name = "model.context" if config.context else "model.line"
    for position, index in enumerate(scored.rows.tolist()):
        hit = scored.hits[index]
        if hit is not None:
            decisions.set(index, hit.kind, hit.rule, hit.template, *hit.args, score=0.0)
            decisions.context_free_kinds[index] = hit.kind
            continue
        alone = float(scored.line_scores[position])
        score = float(scored.scores[position])
        decisions.context_free_kinds[index] = Kind.CONTENT if alone >= threshold else Kind.BOILERPLATE
        kind = Kind.CONTENT if score >= threshold else Kind.BOILERPLATE
        words = cols.words[index]
        ratio = cols.stopwords[index] / words if words else 0.0
        decisions.set(
            index,
            kind,
            rule_name,
            "content score %.2f %s %.2f (line alone %.2f; %d words, stopword ratio %.2f, %s)",
            score,
            ">=" if kind is Kind.CONTENT else "<",
            threshold,
            alone,
            words,
            ratio,
            "ends a sentence" if cols.terminal[index] else "no end punctuation",
            score=score,
        )


def _keep_prose_when_nothing_is_kept(scored: Scored, decisions: Decisions) -> None:
    """A document where no line reaches the threshold keeps its sentence-like lines.

    Models trained on whole pages are unsure of a lone paragraph; an empty result for a document
    of prose would be the worst answer.
    """
    rows = scored.rows.tolist()
    kinds = decisions.kinds
    if any(kinds[i] is Kind.CONTENT for i in rows):
        return
    cols = scored.cols
    for index in rows:
        words = cols.words[index]
        if (
            kinds[index] is Kind.BOILERPLATE
            and words >= PROSE_MIN_WORDS
            and cols.terminal[index]
            and cols.stopwords[index] > 0
        ):
            decisions.set(
                index,
                Kind.CONTENT,
                "context.prose_fallback",
                "no line reached the threshold; kept as prose (%d words, ends a sentence)",
                words,
                score=decisions.scores[index],
            )


def _revise_after_end_marker(lines: list[str], scored: Scored, decisions: Decisions) -> None:
    rows = scored.rows.tolist()
    content = [decisions.kinds[i] is Kind.CONTENT for i in rows]
    sizes = [scored.cols.chars[i] if keep else 0 for i, keep in zip(rows, content, strict=True)]
    total = sum(sizes)
    before = 0
    for position, index in enumerate(rows):
        hit = scored.hits[index]
        if hit is not None and hit.rule_class in END_MARKER_CLASSES and before * 2 >= total:
            after = total - before
            if after <= END_MARKER_TAIL_SHARE * before:
                _remove_tail(rows[position + 1 :], index, lines[index], after, before, decisions)
                return
        before += sizes[position]


def _remove_tail(
    tail: list[int], marker: int, text: str, after: int, before: int, decisions: Decisions
) -> None:
    for index in tail:
        if decisions.kinds[index] is Kind.CONTENT:
            decisions.set(
                index,
                Kind.BOILERPLATE,
                "context.after_end_marker",
                'after end marker "%s" (line %d): %d content chars after it vs %d before (<= 25%%)',
                text.strip()[:60],
                marker + 1,
                after,
                before,
                score=decisions.scores[index],
            )


def _mark_headings(rows: list[int], cols: LineFeatures, decisions: Decisions) -> None:
    kept = decisions.kept
    for position, index in enumerate(rows[:-1]):
        if not kept[index] or decisions.kinds[index] is not Kind.CONTENT:
            continue
        words = cols.words[index]
        following = rows[position + 1]
        if words <= HEADING_MAX_WORDS and not cols.terminal[index] and kept[following]:
            decisions.set(
                index,
                Kind.HEADING,
                "context.heading",
                "short line (%d words, no end punctuation) before kept line %d",
                words,
                following + 1,
                score=decisions.scores[index],
            )


def _mark_duplicates(
    lines: list[str], rows: list[int], cols: LineFeatures, config: Config, decisions: Decisions
) -> None:
    kept = decisions.kept
    minimum = config.duplicate_min_words
    candidates = [i for i in rows if kept[i] and cols.words[i] >= minimum]
    repeats = find_duplicates(lines, candidates, similarity=config.duplicate_similarity)
    keep_duplicates = Kind.DUPLICATE in config.kept_kinds
    for index, (first, similarity) in repeats.items():
        exact = similarity >= 100.0
        decisions.set(
            index,
            Kind.DUPLICATE,
            "duplicate.exact" if exact else "duplicate.near",
            "duplicate of line %d (similarity %.0f)" if exact else
            "near-duplicate of line %d (similarity %.1f >= %.1f)",
            *((first + 1, similarity) if exact else (first + 1, similarity, config.duplicate_similarity)),
            score=decisions.scores[index],
        )
        kept[index] = keep_duplicates


def _keep_separators(rows: list[int], decisions: Decisions) -> None:
    """Keep the first blank line between two kept lines; say why for every blank line."""
    kept = decisions.kept
    kept_rows = [i for i in rows if kept[i]]
    for previous, following in zip(kept_rows, kept_rows[1:]):
        for index in range(previous + 1, following):
            if decisions.kinds[index] is Kind.EMPTY and decisions.rules[index] == "blank_line":
                kept[index] = True
                decisions.set(
                    index,
                    Kind.EMPTY,
                    "blank_line",
                    "blank line kept as the separator of kept lines %d and %d",
                    previous + 1,
                    following + 1,
                    score=1.0,
                )
                break
