"""The shape of a scraped text: plain lines, fragmented lines, or Markdown.

Scrapers flatten pages in different ways. ``html_text`` or ``inscriptis`` give one block a
line (*plain*); BeautifulSoup's ``get_text("\\n")`` puts every inline element on a line of its
own, so a paragraph with three links arrives as seven lines (*fragmented*); html2text,
markdownify and LLM-oriented crawlers write *Markdown*. ``detect_shape`` tells them apart
from cheap evidence, and says which evidence decided (``Shape.evidence``, in
``Result.shape_reason``):

- Markdown: at least ``MARKDOWN_MIN_MARKS`` pieces of Markdown markup: inline links or images
  (``](``), ATX headings after a blank line (``# Title``; not ``# systemctl ...``, a shell
  prompt), code fences, table delimiter rows (``|---|``);
- fragmented: at least ``FRAGMENT_MIN_JOINS`` line breaks, and ``FRAGMENT_MIN_SHARE`` of the
  breaks between non-blank lines, fall inside a sentence where an inline element would break
  it: a line ending in a letter, digit or comma, the next one starting with punctuation that
  continues a sentence (``,`` ``.`` ``)``), or in lower case with one of the two lines short
  (at most ``SHORT_FRAGMENT_WORDS`` words: a link's text) and the other not;
- plain otherwise.

>>> detect_shape("Title\\n\\nThe council met on Monday.\\nIt agreed.").kind.value
'plain'
>>> shape = detect_shape("# News\\n\\nSee [the report](/r) and [the data](/d).\\n")
>>> shape.kind.value, shape.evidence
('markdown', 'Markdown markup: 2 links or images, 1 # heading')
>>> lines = ["The council met on", "Monday", ", and agreed the budget for", "2025", ".",
...          "Read the full story", "here", "."]
>>> detect_shape("\\n".join(lines)).evidence
'fragmented: 3 of 7 line breaks inside a sentence (43%)'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from declutter._result import TextShape

#: Markup marks that make a text Markdown.
MARKDOWN_MIN_MARKS = 2
#: Line breaks inside a sentence that make a text fragmented, in number and in share.
FRAGMENT_MIN_JOINS = 3
FRAGMENT_MIN_SHARE = 0.04
#: A line of at most this many words can be the text of an inline element (a link).
SHORT_FRAGMENT_WORDS = 4
#: Characters that continue a sentence at the start of a line.
CONTINUING = ",.;:!?)]%»”’"

# A heading after a blank line (or first): code comments in flattened text follow code lines.
_ATX_HEADING = re.compile(r"(?:\A|\n[ \t]*\n)#{1,6}[ \t]+[^\sa-z]")
_FENCE = re.compile(r"^[ \t]{0,3}(?:```|~~~)", re.MULTILINE)
# Possessive runs: two optional runs of spaces in a row would backtrack quadratically.
_TABLE_DELIMITER = re.compile(r"^[ \t]*+\|?[ \t]*+:?-{3,}+:?[ \t]*+\|", re.MULTILINE)


@dataclass(frozen=True)
class Shape:
    """A text's shape and the evidence that decided it."""

    kind: TextShape
    evidence: str


def detect_shape(text: str, lines: Sequence[str] | None = None) -> Shape:
    """The shape of ``text`` (``lines``: its lines, if already split)."""
    markdown = _markdown_marks(text)
    if markdown is not None:
        return Shape(TextShape.MARKDOWN, markdown)
    if lines is None:
        lines = text.split("\n")
    joins, breaks = fragment_joins(lines)
    share = joins / max(breaks, 1)
    evidence = f"{joins} of {breaks} line breaks inside a sentence ({share:.0%})"
    if joins >= FRAGMENT_MIN_JOINS and share >= FRAGMENT_MIN_SHARE:
        return Shape(TextShape.FRAGMENTED, f"fragmented: {evidence}")
    return Shape(TextShape.PLAIN, f"plain: no Markdown markup, {evidence}")


def _markdown_marks(text: str) -> str | None:
    """The Markdown evidence of ``text`` in words, or ``None`` below ``MARKDOWN_MIN_MARKS``.

    Plain text rarely holds what each pattern needs (a ``#`` starting a line, a fence, a
    ``|`` and a run of three hyphens), so most texts cost a few substring searches and no
    pattern scan (a scan tries every position: about 1 M instructions on a two-byte page).
    """
    links = text.count("](")
    headed = text.startswith("#") or "\n#" in text
    fenced = "```" in text or "~~~" in text
    tabled = "|" in text and "---" in text
    if not (links or headed or fenced or tabled):
        return None
    headings = len(_ATX_HEADING.findall(text)) if headed else 0
    fences = len(_FENCE.findall(text)) // 2 if fenced else 0
    tables = len(_TABLE_DELIMITER.findall(text)) if tabled else 0
    if links + headings + fences + tables < MARKDOWN_MIN_MARKS:
        return None
    parts = [
        f"{count} {name}{'' if count == 1 else plural}"
        for count, name, plural in (
            (links, "links or images", ""),
            (headings, "# heading", "s"),
            (fences, "code fence", "s"),
            (tables, "table", "s"),
        )
        if count
    ]
    return "Markdown markup: " + ", ".join(parts)


def fragment_joins(lines: Sequence[str]) -> tuple[int, int]:
    """How many breaks between two non-blank lines fall inside a sentence, and how many
    breaks between two non-blank lines there are."""
    joins = breaks = 0
    previous = ""
    for line in lines:
        if not line or line.isspace():
            previous = ""
            continue
        if previous:
            breaks += 1
            joins += _fragment_break(previous, line)
        previous = line.rstrip()
    return joins, breaks


def _fragment_break(before: str, after: str) -> bool:
    """A break inside a sentence that an inline element made: the line after starts with
    continuing punctuation, or one of the two lines is short and the other is not (short
    lower-case lines in a row are a menu; long ones, text broken by ``<br>``)."""
    if not continues(before, after):
        return False
    return after.lstrip()[:1] in CONTINUING or _short(before) != _short(after)


def _short(line: str) -> bool:
    """A line of at most ``SHORT_FRAGMENT_WORDS`` words: an inline element's text."""
    return line.count(" ") < SHORT_FRAGMENT_WORDS + 1 and len(line.split()) <= SHORT_FRAGMENT_WORDS


def continues(before: str, after: str) -> bool:
    """Whether the line ``after`` continues the sentence the line ``before`` leaves open.

    >>> continues("The council met on", "monday"), continues("met on Monday", ", and")
    (True, True)
    >>> continues("The council met.", "and"), continues("Home", "News")
    (False, False)
    """
    last = before[-1:]
    if not (last.isalnum() or last == ","):
        return False
    first = after.lstrip()[:1]
    return first.islower() or (first != "" and first in CONTINUING)
