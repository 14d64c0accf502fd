"""Repeated lines inside one document: the first kept copy stays, later copies are duplicates
(step ``duplicates`` of the cascade, rules ``duplicate.exact`` and ``duplicate.near``).

The step runs after every step that changes what is kept, so a duplicate always names a copy
that is kept. Lines of preformatted blocks (HTML ``pre``: code) are left alone: code repeats
itself on purpose.

Only lines of at least ``duplicate_min_words`` words take part, so that short legitimate repeats
(a table heading printed in every section, a refrain, "Yes" / "No" answers) are left alone.
Exact repeats (case and spacing aside) are found by a dictionary; near repeats (a caption
printed twice with a word or a mark changed) by rapidfuzz's ratio, compared only between lines
that share their first or last characters.

>>> lines = ["A long caption about the river in flood.", "Body text here.",
...          "A long caption about the river in flood!"]
>>> find_duplicates(lines, [0, 1, 2], similarity=95.0)
{2: (0, 97.5)}
"""

from __future__ import annotations

from collections.abc import Iterable

from rapidfuzz.fuzz import ratio

from declutter._result import Kind
from declutter.decide.page import Page

_AFFIX = 12


def _key(line: str) -> str:
    return " ".join(line.casefold().split())


def find_duplicates(
    lines: list[str], candidates: Iterable[int], *, similarity: float
) -> dict[int, tuple[int, float]]:
    """Map each repeated line to (the index of the first copy, the similarity in percent).

    ``candidates`` are the indices, in order, of the lines that may repeat or be repeated.
    """
    first_copy: dict[str, int] = {}
    by_prefix: dict[str, list[int]] = {}
    by_suffix: dict[str, list[int]] = {}
    keys: dict[int, str] = {}
    repeats: dict[int, tuple[int, float]] = {}
    for index in candidates:
        key = _key(lines[index])
        if not key:
            continue
        if key in first_copy:
            repeats[index] = (first_copy[key], 100.0)
            continue
        near = _near_copy(key, by_prefix, by_suffix, keys, similarity)
        if near is not None:
            repeats[index] = near
            continue
        first_copy[key] = index
        keys[index] = key
        by_prefix.setdefault(key[:_AFFIX], []).append(index)
        by_suffix.setdefault(key[-_AFFIX:], []).append(index)
    return repeats


def _near_copy(
    key: str,
    by_prefix: dict[str, list[int]],
    by_suffix: dict[str, list[int]],
    keys: dict[int, str],
    similarity: float,
) -> tuple[int, float] | None:
    if similarity >= 100.0:
        return None
    for other in (*by_prefix.get(key[:_AFFIX], ()), *by_suffix.get(key[-_AFFIX:], ())):
        score = ratio(key, keys[other], score_cutoff=similarity)
        if score:
            return other, round(float(score), 1)
    return None


def mark_duplicates(page: Page) -> None:
    """Later copies of kept lines of ``duplicate_min_words`` words or more are duplicates."""
    config = page.config
    if not config.dedupe:
        return
    rows, decisions = page.rows, page.decisions
    kept = decisions.kept
    words = page.features.measured.words.tolist()
    minimum = config.duplicate_min_words
    verbatim = page.preformatted
    candidates = [
        p for p, row in enumerate(rows) if kept[row] and words[p] >= minimum and not verbatim[row]
    ]
    repeats = find_duplicates(
        page.features.texts, candidates, similarity=config.duplicate_similarity
    )
    for position, (first, similarity) in repeats.items():
        index, original = rows[position], rows[first] + 1
        if similarity >= 100.0:
            decisions.set(
                index, Kind.DUPLICATE, "duplicate.exact", "duplicate of line %d (similarity %.0f)",
                original, similarity,
            )  # fmt: skip
        else:
            decisions.set(
                index, Kind.DUPLICATE, "duplicate.near",
                "near-duplicate of line %d (similarity %.1f >= %.1f)",
                original, similarity, config.duplicate_similarity,
            )  # fmt: skip
