"""The two development-set metrics, as the sets define them.

AEB: shingle F1 (scrapinghub/article-extraction-benchmark ``evaluate.py``)
--------------------------------------------------------------------------
* tokens: ``re.findall(r"\\w+", text)``, case kept;
* shingles: the multiset (``Counter``) of token 4-grams; a text with fewer than 4 tokens gives
  one shorter shingle (all its tokens), an empty text gives none;
* per page: ``tp`` = sum over shingles of ``min(gold count, predicted count)``, ``fp`` and ``fn``
  the predicted and gold excesses; the three are divided by ``tp + fp + fn`` so that every page
  weighs the same; the page's ``P = tp / (tp + fp)`` and ``R = tp / (tp + fn)``, where an empty
  denominator gives 1 (nothing predicted: no false positive, so ``P = 1``; the page then
  still scores ``R = 0`` unless the gold is empty too);
* corpus: ``P`` = mean of the per-page P, ``R`` = mean of the per-page R, ``F1 = 2PR / (P + R)``
  of those means (the data README's wording, "mean P and mean R over pages; F1 of the means").

Calibration (``docs/benchmarks.md``) chose this reading over the pooled one (sum the normalised
``tp``, ``fp``, ``fn`` over pages, then ``P = TP / (TP + FP)``, kept as ``aeb_pooled``): both give
0.665 for "no cleaning", but only this one reproduces resiliparse (0.898; pooled 0.899),
readability-lxml (0.953; pooled 0.956, and 0.950 if an empty prediction scored ``P = 0``) and
the C4 line filter (0.806; pooled 0.818).

WCXB: word F1 averaged over pages
---------------------------------
* tokens: lower-cased ``\\w+`` tokens as a multiset;
* per page: ``overlap`` = sum of min counts, ``P = overlap / len(pred)``,
  ``R = overlap / len(gold)``, ``F1 = 2PR / (P + R)``;
* corpus: the mean of per-page P, R and F1 over pages (and per page type).

Edge cases (21 WCXB dev pages have an empty ``main_content``): both empty gives P = R = F1 = 1;
exactly one of them empty gives P = R = F1 = 0. Every page counts, none is skipped. This is the
reading that reproduces the reference figures (see ``docs/benchmarks.md``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")
SHINGLE_N = 4


@dataclass(frozen=True)
class PageScore:
    """One page's score. ``tp``, ``fp``, ``fn`` are AEB's normalised counts (0 for WCXB)."""

    p: float
    r: float
    f1: float
    tp: float = 0.0
    fp: float = 0.0
    fn: float = 0.0


@dataclass(frozen=True)
class Aggregate:
    """A corpus-level score."""

    p: float
    r: float
    f1: float
    n: int


def f1(p: float, r: float) -> float:
    """Harmonic mean, 0 when both are 0."""
    return 2 * p * r / (p + r) if p + r else 0.0


def shingles(text: str, n: int = SHINGLE_N) -> Counter[tuple[str, ...]]:
    """The multiset of token ``n``-grams of ``text`` (AEB tokenisation, case kept)."""
    tokens = _TOKEN.findall(text or "")
    if not tokens:
        return Counter()
    return Counter(tuple(tokens[i : i + n]) for i in range(max(1, len(tokens) - n + 1)))


def aeb_page(gold: str, pred: str) -> PageScore:
    """AEB shingle score of one page with normalised ``tp``, ``fp``, ``fn``."""
    true, guess = shingles(gold), shingles(pred)
    tp = sum((true & guess).values())
    fp = sum((guess - true).values())
    fn = sum((true - guess).values())
    total = tp + fp + fn
    if total == 0:
        return PageScore(1.0, 1.0, 1.0)
    ntp, nfp, nfn = tp / total, fp / total, fn / total
    p = ntp / (ntp + nfp) if ntp + nfp else 1.0
    r = ntp / (ntp + nfn) if ntp + nfn else 1.0
    return PageScore(p, r, f1(p, r), ntp, nfp, nfn)


def aeb_aggregate(scores: Iterable[PageScore]) -> Aggregate:
    """AEB corpus score: mean per-page P and R, F1 of the means."""
    items = list(scores)
    p = _mean(s.p for s in items)
    r = _mean(s.r for s in items)
    return Aggregate(p, r, f1(p, r), len(items))


def aeb_pooled(scores: Iterable[PageScore]) -> Aggregate:
    """The other reading: normalised counts summed over pages, then P, R, F1 (not used)."""
    items = list(scores)
    tp = sum(s.tp for s in items)
    fp = sum(s.fp for s in items)
    fn = sum(s.fn for s in items)
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    return Aggregate(p, r, f1(p, r), len(items))


def words(text: str) -> Counter[str]:
    """The multiset of lower-cased ``\\w+`` tokens of ``text``."""
    return Counter(_TOKEN.findall((text or "").lower()))


def wcxb_page(gold: str, pred: str) -> PageScore:
    """WCXB word-overlap score of one page."""
    true, guess = words(gold), words(pred)
    n_true, n_guess = sum(true.values()), sum(guess.values())
    if n_true == 0 and n_guess == 0:
        return PageScore(1.0, 1.0, 1.0)
    if n_true == 0 or n_guess == 0:
        return PageScore(0.0, 0.0, 0.0)
    overlap = sum((true & guess).values())
    p, r = overlap / n_guess, overlap / n_true
    return PageScore(p, r, f1(p, r))


def wcxb_aggregate(scores: Iterable[PageScore]) -> Aggregate:
    """WCXB corpus score: mean of per-page P, R and F1."""
    items = list(scores)
    return Aggregate(
        _mean(s.p for s in items), _mean(s.r for s in items), _mean(s.f1 for s in items), len(items)
    )


PAGE_SCORERS = {"aeb": aeb_page, "wcxb": wcxb_page}
AGGREGATORS = {"aeb": aeb_aggregate, "wcxb": wcxb_aggregate}


def score_page(corpus: str, gold: str, pred: str) -> PageScore:
    """Score one page with ``corpus``'s metric."""
    return PAGE_SCORERS[corpus](gold, pred)


def aggregate(corpus: str, scores: Iterable[PageScore]) -> Aggregate:
    """Corpus-level score with ``corpus``'s metric."""
    return AGGREGATORS[corpus](scores)


def _mean(values: Iterable[float]) -> float:
    items = list(values)
    return sum(items) / len(items) if items else 0.0
