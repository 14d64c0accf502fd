"""The context-free verdicts, the first two steps of the cascade.

``record_scores`` (rules ``model.line``, ``model.context``): every row is content when its
score reaches the threshold, else boilerplate; its context-free kind is the line model's
verdict. The rule is ``model.context`` whenever context revision is on (``Config.context``),
``model.line`` when it is off. ``apply_rule_hits`` (``lexicon.*``, ``pattern.*``): a row a
rule fired on takes the rule's kind, whatever its score.
"""

from __future__ import annotations

from declutter._result import Kind
from declutter.decide.page import Page

_MODEL_EVIDENCE = "content score %.2f %s %.2f (line alone %.2f; %d words, stopword ratio %.2f, %s)"


def record_scores(page: Page) -> None:
    """Content or boilerplate by score, for every row."""
    threshold = page.config.threshold
    content, boilerplate = Kind.CONTENT, Kind.BOILERPLATE
    scores = page.scores.tolist()
    kinds = [content if score >= threshold else boilerplate for score in scores]
    free = [content if score >= threshold else boilerplate for score in page.line_scores.tolist()]
    rule = "model.context" if page.config.context and page.rows else "model.line"
    page.decisions.set_scored(page.rows, kinds, free, scores, rule, _Explainer(page, threshold))


def apply_rule_hits(page: Page) -> None:
    """The kind of the rule that fired on a row, if one did."""
    rows, decisions = page.rows, page.decisions
    for position, hit in enumerate(page.features.hits):
        if hit is not None:
            decisions.set(
                rows[position], hit.kind, hit.rule, hit.template, *hit.args,
                score=0.0, context_free=True,
            )  # fmt: skip


class _Explainer:
    """Formats the evidence of model-decided lines when it is read.

    It keeps the page's columns it reads, not the page: the page holds the decisions that
    hold this explainer, and a cycle would leave every page to the garbage collector.
    """

    def __init__(self, page: Page, threshold: float) -> None:
        self.rows = page.rows
        self.measured = page.features.measured
        self.scores = page.scores
        self.line_scores = page.line_scores
        self.threshold = threshold
        self.positions: dict[int, int] | None = None

    def __call__(self, index: int) -> str:
        if self.positions is None:
            self.positions = {row: position for position, row in enumerate(self.rows)}
        position = self.positions.get(index)
        if position is None:
            return "blank line"
        measured = self.measured
        score = float(self.scores[position])
        words = int(measured.words[position])
        ratio = int(measured.stopwords[position]) / words if words else 0.0
        return _MODEL_EVIDENCE % (
            score,
            ">=" if score >= self.threshold else "<",
            self.threshold,
            float(self.line_scores[position]),
            words,
            ratio,
            "ends a sentence" if measured.terminal[position] else "no end punctuation",
        )
