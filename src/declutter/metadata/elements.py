"""Candidates from the page body: ``<title>``, ``h1``, ``itemprop`` elements, bylines
("By ...", ``rel=author``, ``class*=author/byline``), ``time[datetime]`` and dates in the URL."""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser

from declutter.metadata.dates import iso_date
from declutter.metadata.model import Candidate
from declutter.metadata.normalize import squash
from declutter.metadata.visible_authors import labelled_authors
from declutter.metadata.visible_dates import page_dates

_URL_DATE = re.compile(r"/(20\d{2}|19\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)")
_DATE_SELECTORS = (
    '[class*="date"], [class*="publish"], [class*="posted"], [class*="byline"], '
    '[class*="entry-meta"], [class*="post-meta"], [class*="article-meta"]'
)
_MONTH_FIRST_LANGUAGES = frozenset({"", "en", "en-us", "en_us"})
_BYLINE_LINE = re.compile(r"^\s*(?:by|von|par|por|door)\s+\S", re.I)
_BYLINE_SELECTORS = (
    ('[itemprop="author"] [itemprop="name"]', "itemprop=author name", 14),
    ('[itemprop="author"]', "itemprop=author", 16),
    ('a[rel="author"]', "a[rel=author]", 24),
    ('[class*="byline"] a', "class*=byline a", 26),
    ('[class*="author-name"]', "class*=author-name", 27),
    ('[class*="byline"]', "class*=byline", 28),
    (
        'a[href*="/author/"], a[href*="/authors/"], a[href*="/autor/"], a[href*="/auteur/"]',
        "link to an author page",
        29,
    ),
    ('[class*="author"] a', "class*=author a", 30),
    ('[class*="author"]', "class*=author", 32),
    ('[class*="username"], [class*="user-name"], [class*="PostUser-name"]', "class*=username", 34),
    (
        'a[href*="/members/"], a[href*="member.php"], a[href*="memberlist.php"], a[href*="/u/"], '
        'a[href*="/user/"], a[href*="/users/"]',
        "link to a member page",
        36,
    ),
)


def _text(node: object) -> str:
    return squash(node.text(deep=True, separator=" ")) if node is not None else ""  # type: ignore[attr-defined]


def day_first(tree: LexborHTMLParser) -> bool:
    """Whether the page writes numeric dates day first (``05/04/2024`` = 5 April): every
    language but American English (``en``, ``en-US`` or no ``lang``) does.

    >>> day_first(LexborHTMLParser('<html lang="en-GB"></html>'))
    True
    """
    root = tree.css_first("html")
    lang = (root.attributes.get("lang") or "" if root is not None else "").strip().lower()
    return lang not in _MONTH_FIRST_LANGUAGES


def element_candidates(tree: LexborHTMLParser, url: str | None) -> Iterator[Candidate]:
    """Candidates from elements of the page and its URL.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> page = "<title>Budget agreed | City News</title><h1>Budget agreed</h1><p>By Ann Lee</p>"
    >>> for c in element_candidates(LexborHTMLParser(page), None):
    ...     print(c.field, c.value, c.source, sep=" / ")
    title / Budget agreed | City News / title
    title / Budget agreed / h1
    author / By Ann Lee / byline "By ..."
    """
    title = tree.css_first("title")
    if title is not None and _text(title):
        yield Candidate("title", _text(title), "title", 50)
    for node in tree.css('[itemprop="headline"]')[:1]:
        if node.tag != "meta" and _text(node):
            yield Candidate("title", _text(node), "itemprop=headline", 21)
    headings = [_text(node) for node in tree.css("h1")]
    headings = [text for text in headings if text]
    if headings:
        single = len(headings) == 1
        yield Candidate("title", headings[0], "h1" if single else "first h1", 8 if single else 45)
    for selector, source, rank in _BYLINE_SELECTORS:
        for node in tree.css(selector)[:3]:
            if node.tag in {"meta", "link", "body", "html", "article", "section", "img"}:
                continue
            text = _text(node) or (node.attributes.get("content") or "")
            if text and len(text) <= 80:
                yield Candidate("author", text, source, rank)
                break
    for node in tree.css("p, span, div, address")[:2000]:
        if node.child is not None and node.child.next is not None and node.tag == "div":
            continue
        text = _text(node)
        if 4 < len(text) <= 80 and _BYLINE_LINE.match(text):
            yield Candidate("author", text, 'byline "By ..."', 35)
            break
    for node in tree.css('[itemprop="datePublished"]')[:1]:
        value = node.attributes.get("datetime") or node.attributes.get("content") or _text(node)
        if value:
            yield Candidate("published", value, "itemprop=datePublished", 14)
    yield from labelled_authors(tree)
    yield from page_dates(tree, day_first=day_first(tree))
    for node in tree.css("time[datetime]")[:1]:
        value = (node.attributes.get("datetime") or "").strip()
        if value:
            yield Candidate("published", value, "time[datetime]", 40)
    for node in tree.css(_DATE_SELECTORS)[:20]:
        text = _text(node)
        if 6 <= len(text) <= 80 and iso_date(text):
            yield Candidate("published", text, "class*=date/published/posted text", 42)
            break
    if url:
        match = _URL_DATE.search(url)
        if match:
            yield Candidate("published", "-".join(match.groups()), "date in URL", 45)
