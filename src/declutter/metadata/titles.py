"""Choosing the page's title among its ``h1``, JSON-LD headline, ``og:title`` and ``<title>``.

Each source's value loses the site-name part its separator sets apart ("Budget agreed |
City News"): the part that is the site's name (``og:site_name``, the JSON-LD site or
publisher, the host name: ``- ProMatcher Cost Report`` on promatcher.com, or its initials:
``| Occupational Safety and Health Administration`` on osha.gov). An ``h1`` that is the site's
name (a blog's or forum's logo) is not a title. Then the sources vote: each value scores the
weights (``WEIGHTS``) of the sources whose value is the same title (equal after case and
space folding, or one containing the other and the shorter at least ``SAME_SHARE`` of the
longer), and the highest score wins, the best-ranked source on a tie.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from declutter.metadata.model import Candidate
from declutter.metadata.normalize import squash, unescape

# From the start of a run of spaces, taken whole: linear on long runs of spaces.
_SEPARATORS = re.compile(r"(?<!\s)\s++[|\-–—:·•»/]\s++")
_STRIP = " |-–—:·•»/"
_NOT_ALNUM = re.compile(r"[\W_]+")
#: Votes of each source family (JSON-LD nodes by kind: article-like or page).
WEIGHTS = {
    "h1": 3.0,
    "json-ld article": 2.5,
    "meta og:title": 2.0,
    "title": 2.0,
    "meta headline": 2.0,
    "itemprop=headline": 1.5,
    "meta twitter:title": 1.0,
    "first h1": 1.0,
    "json-ld page": 1.0,
}
OTHER_WEIGHT = 0.5
SAME_SHARE = 0.6
_SECOND_LEVEL = frozenset({"co", "com", "org", "net", "gov", "ac", "edu", "or", "ne", "gob"})
_PAGE_TYPES = ("webpage", "itempage", "collectionpage", "faqpage", "aboutpage", "profilepage")
_SMALL_WORDS = frozenset({"and", "of", "the", "for", "&", "a", "an", "in", "on", "to", "de"})


def fold(value: str) -> str:
    """Case and space folding used to compare titles.

    >>> fold("  Budget   AGREED ")
    'budget agreed'
    """
    return squash(value).casefold()


def _compact(value: str) -> str:
    return _NOT_ALNUM.sub("", value.casefold())


def same_title(one: str, other: str) -> bool:
    """Whether two titles are the same: equal after folding, or one inside the other and the
    shorter at least ``SAME_SHARE`` of the longer.

    >>> same_title("Budget agreed", "BUDGET agreed"), same_title("Budget", "Budget agreed today")
    (True, False)
    """
    a, b = fold(one), fold(other)
    if not a or not b:
        return False
    shorter, longer = sorted((a, b), key=len)
    return shorter in longer and len(shorter) >= SAME_SHARE * len(longer)


def host_label(url: str | None) -> str:
    """The name part of a URL's host: ``promatcher`` for electricians.promatcher.com.

    >>> host_label("https://electricians.promatcher.com/cost/x"), host_label("https://osha.gov/a")
    ('promatcher', 'osha')
    >>> host_label("https://www.bbc.co.uk/news"), host_label(None)
    ('bbc', '')
    """
    host = (urlsplit(url).hostname or "") if url else ""
    labels = [label for label in host.split(".") if label and label != "www"][:-1]
    if len(labels) > 1 and labels[-1] in _SECOND_LEVEL:
        labels.pop()
    return labels[-1] if labels else ""


def is_site_part(part: str, sites: Iterable[str], host: str, *, strict: bool = False) -> bool:
    """Whether ``part`` of a title names the site: one of its names, or its host name (spaces
    and case aside, or as initials); ``strict``: the part is exactly a name or the host name.

    >>> is_site_part("ProMatcher Cost Report", [], "promatcher")
    True
    >>> is_site_part("Occupational Safety and Health Administration", [], "osha")
    True
    >>> is_site_part("Why cats purr", ["City News"], "citynews")
    False
    """
    folded = fold(part)
    if not folded:
        return False
    if any(site and (folded == site or (site in folded and not strict)) for site in sites):
        return True
    if len(host) < 3:
        return False
    compact = _compact(part)
    if strict:
        return compact == host
    if (host in compact and len(part.split()) <= 6) or (len(compact) >= 4 and compact in host):
        return True
    initials = "".join(w[0] for w in folded.split() if w not in _SMALL_WORDS and w[0].isalnum())
    return len(initials) >= 3 and initials == host


def strip_site(title: str, sites: Iterable[str], host: str, others: Iterable[str] = ()) -> str:
    """``title`` without a site-name part after (or before) a separator such as ``|`` or ``-``.

    The part removed is the site's name (``is_site_part``), else the shorter end part when the
    rest is another title of the page (``h1``, ``og:title``) or the end part is short (at
    most four words and less than half the title).

    >>> strip_site("Budget agreed | City News", ["city news"], "")
    'Budget agreed'
    >>> strip_site("Electrical - Overview | Occupational Safety and Health Administration",
    ...            [], "osha")
    'Electrical - Overview'
    >>> headline = "Why cats purr - a short answer"
    >>> strip_site(headline + " - Pets", [], "", [headline])
    'Why cats purr - a short answer'
    """
    parts = _SEPARATORS.split(title)
    if len(parts) < 2:
        return title
    sites = list(sites)
    for other in others:
        if fold(other) and fold(other) in fold(title) and fold(other) != fold(title):
            return squash(other)
    if is_site_part(parts[-1], sites, host):
        return squash(title[: title.rfind(parts[-1])].rstrip(_STRIP))
    if is_site_part(parts[0], sites, host, strict=True):
        return squash(title[len(parts[0]) :].lstrip(_STRIP))
    last = parts[-1]
    if len(last.split()) <= 4 and len(last) < len(title) / 2:
        return squash(title[: title.rfind(last)].rstrip(_STRIP))
    return title


def _family(source: str) -> str:
    if source.startswith("json-ld "):
        kind = source.split()[1].split(".")[0]
        return "json-ld page" if kind in _PAGE_TYPES else "json-ld article"
    return source


def _site_heading(heading: str, sites: list[str], host: str, page_title: str | None) -> bool:
    """Whether an ``h1`` is the site's name (a logo) rather than the page's title."""
    if is_site_part(heading, sites, host) and len(heading.split()) <= 5:
        return True
    if page_title:
        parts = _SEPARATORS.split(page_title)
        return len(parts) > 1 and any(fold(heading) == fold(part) for part in parts[1:])
    return False


def choose_title(
    candidates: list[Candidate], site_name: str | None, url: str | None
) -> tuple[str, str] | None:
    """The page's title and its source (``"(site name stripped)"`` added when a part went).

    >>> choose_title([Candidate("title", "Notes from the terminal", "h1", 8),
    ...               Candidate("title", "Why I moved | Notes from the terminal", "title", 50)],
    ...              None, None)
    ('Why I moved', 'title (site name stripped)')
    """
    host = host_label(url)
    sites = [fold(site_name)] if site_name else []
    sites += [fold(c.value) for c in candidates if c.field == "site_name" and c.value.strip()]
    titles = sorted((c for c in candidates if c.field == "title"), key=lambda c: c.rank)
    page_title = next((squash(unescape(c.value)) for c in titles if c.source == "title"), None)
    firsts: dict[str, Candidate] = {}
    for candidate in titles:
        firsts.setdefault(_family(candidate.source), candidate)
    for family in ("h1", "first h1"):
        heading = firsts.get(family)
        if heading and _site_heading(squash(unescape(heading.value)), sites, host, page_title):
            sites.append(fold(unescape(heading.value)))
            del firsts[family]
    headings = [c.value for f, c in firsts.items() if f in {"h1", "first h1", "meta og:title"}]
    entries: list[tuple[str, str, float]] = []
    for family, candidate in firsts.items():
        title = squash(unescape(candidate.value))
        stripped = strip_site(title, sites, host, headings if family == "title" else ())
        if stripped:
            source = candidate.source + (" (site name stripped)" if stripped != title else "")
            entries.append((stripped, source, WEIGHTS.get(family, OTHER_WEIGHT)))
    best: tuple[float, str, str] | None = None
    for value, source, _ in entries:
        score = sum(weight for other, _, weight in entries if same_title(value, other))
        if best is None or score > best[0]:
            best = (score, value, source)
    return (best[1], best[2]) if best else None
