"""The date a reader sees next to the headline: "Updated Dec 18, 2025", "Publié le 3 mars
2024", "17.05.2021" in the lines around the page's ``h1``.

A date line is a short text (at most ``DATE_LINE_CHARS`` characters) holding a date and little
else: a label ("Published", "Last updated:", "Veröffentlicht am"), a weekday, a time, a reading
time (at most ``OTHER_WORDS`` other words). A sentence that mentions a date ("the final version
comes out around 25th April 2024") is not one, nor a date labelled as another date ("Joined",
"Member since", "Event", "Deadline", ...: in the line or the short text just before it).

Two candidates: the **date line near the h1**: among the ``AFTER_HEADING`` text nodes after
the first ``h1`` the first date line, else the nearest among the ``BEFORE_HEADING`` before it
(some pages print the date above the title); without an ``h1``, from the start of the
``article`` element, else of the body. And the **labelled date line**: the first date line of
the page labelled as its publication or update date ("Posted on ...", "Last updated: ...").
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser

from declutter.metadata.dates import find_date
from declutter.metadata.model import Candidate
from declutter.metadata.text_nodes import TextNodes

#: Ranks of the two candidates (see ``rank.py``): after the date tags, before ``time``.
NEAR_HEADING_RANK = 38
LABELLED_RANK = 39
AFTER_HEADING = 60
BEFORE_HEADING = 15
DATE_LINE_CHARS = 80
OTHER_WORDS = 6
_WORD = re.compile(r"[^\W\d_]{2,}")
#: A date that is not the page's: a member's join date, an event's, an advert's, a deadline.
_OTHER_DATE = re.compile(
    r"\b(?:joined|member since|registered|last (?:seen|visit|active|login)|inscrit|"
    r"mitglied seit|dabei seit|registriert|advertisement|anzeige|event|deadline|expires?|"
    r"valid (?:until|through)|birthday|born|geboren|starts?|ends?|closes?)\b",
    re.I,
)
#: The text before a date line that labels it, when short enough to be a label.
LABEL_CHARS = 30
#: Words that say a date is the page's publication or update date.
_PUBLISHED = re.compile(
    r"\b(?:posted|published|updated|modified|publié|mis à jour|veröffentlicht|aktualisiert|"
    r"publicado|actualizado|atualizado|pubblicato|aggiornato|gepubliceerd|bijgewerkt)\b",
    re.I,
)


def _date_line(text: str, label: str, day_first: bool) -> str | None:
    """The date of ``text`` when it is a date line of the page (``label``: the text before)."""
    if not 6 <= len(text) <= DATE_LINE_CHARS:
        return None
    found = find_date(text, day_first=day_first)
    if found is None:
        return None
    day, start, end = found
    rest = text[:start] + " " + text[end:]
    if len(_WORD.findall(rest)) > OTHER_WORDS or _OTHER_DATE.search(text[:start]):
        return None
    if len(label) <= LABEL_CHARS and _OTHER_DATE.search(label):
        return None
    return day


def page_dates(tree: LexborHTMLParser, *, day_first: bool = False) -> Iterator[Candidate]:
    """The date line next to the headline (source ``date line near the h1``, rank
    ``NEAR_HEADING_RANK``), else the first date line anywhere labelled as the publication or
    update date (``labelled date line``, ``LABELLED_RANK``; not looked for when the first one
    is found: it would rank after it), as ISO dates.

    >>> page = ('<nav>Sat, December 20, 2025</nav><h1>Budget agreed</h1>'
    ...         '<p>By Ann Lee</p><p>Updated 12.06.2024, 09:10</p><p>The council met.</p>')
    >>> [(c.value, c.source) for c in page_dates(LexborHTMLParser(page))]
    [('2024-06-12', 'date line near the h1')]
    >>> list(page_dates(LexborHTMLParser('<h1>T</h1><p>It opened on 3 May 2024 to crowds '
    ...      'of visitors from all over the region and beyond.</p>')))
    []
    """
    has_heading = tree.css_first("h1") is not None
    root = (None if has_heading else tree.css_first("article")) or tree.body
    if root is None:
        return
    nodes = TextNodes(root)
    if has_heading:
        nodes.read(heading=True)
    start = nodes.heading if nodes.heading is not None else 0
    nodes.read(count=start + AFTER_HEADING)
    texts = nodes.texts
    after = range(start, min(len(texts), start + AFTER_HEADING))
    before = range(start - 1, max(0, start - BEFORE_HEADING) - 1, -1)
    for index in (*after, *before):
        day = _date_line(texts[index], texts[index - 1] if index else "", day_first)
        if day:
            yield Candidate("published", day, "date line near the h1", NEAR_HEADING_RANK)
            return
    nodes.read()
    for index, text in enumerate(texts):
        label = texts[index - 1] if index else ""
        if _PUBLISHED.search(text) or (len(label) <= LABEL_CHARS and _PUBLISHED.search(label)):
            day = _date_line(text, label, day_first)
            if day:
                yield Candidate("published", day, "labelled date line", LABELLED_RANK)
                return
