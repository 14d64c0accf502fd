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
    words = page.features.measured.words.tolist()
    similarity = page.config.duplicate_similarity
    for position, row in enumerate(rows):
        if not kept[row] or not (kinds[row] is Kind.CONTENT or rules[row] == "context.heading"):
            continue
        following = rows[position + 1] if position + 1 < len(rows) else -1
        if (
            following >= 0
            and rules[following].startswith("duplicate.")
            and find_duplicates(texts, [position, position + 1], similarity=similarity)
        ):
            decisions.set(
                row, Kind.CAPTION, "caption.printed_twice",
                "printed twice: line %d repeats it (a caption and its copy)", following + 1,
            )  # fmt: skip
        elif words[position] <= CREDIT_MAX_WORDS and CREDIT.search(texts[position]):
            decisions.set(
                row, Kind.CAPTION, "caption.credit", "a photo credit (%d words)", words[position]
            )
