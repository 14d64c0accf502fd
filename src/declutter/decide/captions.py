"""Captions in any input (step ``captions`` of the cascade), after the duplicates are known.

``caption.printed_twice``: a kept content line (or one the ``headings`` step took for a
heading: short captions look like headings) whose next line repeats it (a duplicate of it)
is an image caption printed twice, as scraped text prints the caption and the image's alt text
or a second caption block; the first copy is kept as a caption and the second stays a
duplicate naming it. ``caption.credit``: a kept content line that is a photo credit
("Photo: Jane Doe/Reuters", "Foto: dpa", "... (AFP)") is a caption.

Both run only when captions are kept (``caption`` in ``kept_kinds``): a duplicate always names a
kept line. HTML mode also has ``html.caption`` (``figcaption`` and table captions, step ``dom``).

>>> import regex
>>> [bool(CREDIT.search(line)) for line in
...  ["Photo: Jane Doe/Reuters", "Foto: dpa", "Crowds at the quay (AFP)", "The photo was taken."]]
[True, True, True, False]
"""

from __future__ import annotations

import numpy as np
import regex

from declutter._result import Kind
from declutter.decide.dedupe import find_duplicates
from declutter.decide.page import Page

#: A credit line: a credit label and a colon first, or an agency credit last.
CREDIT = regex.compile(
    r"^(?:photo(?:graph)?s?|photo credit|image|picture|credit|foto|fotos|bild|crédit photo"
    r"|crédits? photos?|zdjęcie|fotó|фото)\s?[:：]"
    r"|[(/|]\s*(?:afp|ap|reuters|epa|dpa|getty images|anp|ansa|efe|xinhua|shutterstock"
    r"|istock|imago)(?:\s*/\s*[\w .-]{1,40})?\)?$",
    regex.IGNORECASE | regex.VERSION1,
)
#: Credits are short lines.
CREDIT_MAX_WORDS = 16


def mark_captions(page: Page) -> None:
    """Kept content lines printed twice in a row, and kept photo credits, are captions."""
    decisions = page.decisions
    if Kind.CAPTION not in decisions.kept_kinds:
        return
    rows, texts = page.rows, page.features.texts
    kinds, kept, rules = decisions.kinds, decisions.kept, decisions.rules
    similarity = page.config.duplicate_similarity
    for position in [p for p, row in enumerate(rows) if p and rules[row] in _DUPLICATE_RULES]:
        row, following = rows[position - 1], rows[position]
        if _captionable(kinds[row], kept[row], rules[row]) and find_duplicates(
            texts, [position - 1, position], similarity=similarity
        ):
            decisions.set(
                row, Kind.CAPTION, "caption.printed_twice",
                "printed twice: line %d repeats it (a caption and its copy)", following + 1,
            )  # fmt: skip
    words = page.features.measured.words
    for position in np.flatnonzero(words <= CREDIT_MAX_WORDS).tolist():
        row, text = rows[position], texts[position]
        if (
            kept[row]
            and _captionable(kinds[row], kept[row], rules[row])
            and any(mark in text for mark in _CREDIT_MARKS)
            and CREDIT.search(text)
        ):
            decisions.set(
                row,
                Kind.CAPTION,
                "caption.credit",
                "a photo credit (%d words)",
                int(words[position]),
            )


_DUPLICATE_RULES = frozenset({"duplicate.exact", "duplicate.near"})
#: A credit line holds one of these (what ``CREDIT`` needs before it runs).
_CREDIT_MARKS = (":", "：", "(", "/", "|")


def _captionable(kind: Kind, kept: bool, rule: str) -> bool:
    """A kept content line, or one the ``headings`` step took for a heading."""
    return kept and (kind is Kind.CONTENT or rule == "context.heading")
