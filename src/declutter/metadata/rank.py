"""Choosing one value per field from the candidates of every source."""

from __future__ import annotations

import re
from datetime import date

from declutter.metadata.dates import iso_date
from declutter.metadata.model import Candidate, Metadata
from declutter.metadata.names import person_like, split_authors, valid_name
from declutter.metadata.normalize import author_name, squash, unescape
from declutter.metadata.titles import choose_title, fold

#: Author candidates from this rank on are bylines (one name each, with its label and tail).
BYLINE_RANK = 30
#: Sources that print the page's calendar day (see ``local_day``).
LOCAL_DAY_SOURCES = ("date in URL", "date line near the h1")
_LANGUAGE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")


def _author_names(candidate: Candidate) -> list[str]:
    """Names of one author candidate: tags and JSON-LD may list several, bylines hold one."""
    value = unescape(candidate.value)
    if candidate.rank >= BYLINE_RANK:
        name = author_name(value)
        return [name] if name else []
    return split_authors(value)


def choose_authors(candidates: list[Candidate], site_name: str | None) -> tuple[list[str], str]:
    """The authors and their source: the best-ranked source that names people ("Mara
    Quinn"), else the best-ranked one that names anyone valid (a handle, an organisation,
    the site itself, which pages often put in ``<meta name=author>``).

    >>> choose_authors([Candidate("author", "kffnirmitap", "meta author", 20),
    ...                 Candidate("author", "By Nirmita Panchal", 'byline "By ..."', 35)], None)
    (['Nirmita Panchal'], 'byline "By ..."')
    >>> choose_authors([Candidate("author", "Whova", "meta author", 20)], "Whova")
    (['Whova'], 'meta author')
    """
    ranked = _best(candidates, "author")
    site = fold(site_name or "")
    for people_only in (True, False):
        for candidate in ranked:
            same = [c for c in ranked if c.source == candidate.source and c.rank == candidate.rank]
            names = [name for c in same for name in _author_names(c) if valid_name(name)]
            if people_only:
                names = [name for name in names if person_like(name) and fold(name) != site]
            if names:
                return list(dict.fromkeys(names)), candidate.source
    return [], ""


def local_day(stamp: str, source: str, candidates: list[Candidate]) -> tuple[str, str]:
    """``stamp`` (with its ``source``), or the page's own calendar day when ``stamp`` is a time
    in another zone: a timestamp a day off the date in the URL or the date printed near the
    headline is a UTC time of a local date (``2025-12-19T02:41:41+00:00`` for a post of 18
    December in America).

    >>> local_day("2025-12-19T02:41:41+00:00", "meta article:published_time",
    ...           [Candidate("published", "2025-12-18", "date in URL", 45)])[0]
    '2025-12-18'
    """
    if "T" not in stamp:
        return stamp, source
    day = date.fromisoformat(stamp[:10])
    for candidate in candidates:
        if candidate.field == "published" and candidate.source in LOCAL_DAY_SOURCES:
            other = iso_date(candidate.value)
            if other and abs((date.fromisoformat(other[:10]) - day).days) == 1:
                return other[:10], f"{candidate.source} (local day of {source} {stamp})"
    return stamp, source


def _best(candidates: list[Candidate], field: str) -> list[Candidate]:
    return sorted((c for c in candidates if c.field == field), key=lambda c: c.rank)


def choose(candidates: list[Candidate], url: str | None = None) -> Metadata:
    """The metadata record from all candidates: for each field the lowest-rank valid value,
    but for the title (``titles.choose_title``: the sources vote; ``url``, else the canonical
    URL, names the site) and the authors (``choose_authors``: people first).

    >>> meta = choose([Candidate("title", "T | Site", "title", 50),
    ...                Candidate("site_name", "Site", "meta og:site_name", 20),
    ...                Candidate("published", "June 2, 2024", "time[datetime]", 40)])
    >>> meta.title, meta.published, meta.sources["title"], meta.sources["published"]
    ('T', '2024-06-02', 'title (site name stripped)', 'time[datetime]')
    """
    values: dict[str, str | None] = {}
    sources: dict[str, str] = {}
    for field in ("site_name", "description", "canonical_url"):
        for candidate in _best(candidates, field):
            values[field] = squash(unescape(candidate.value))
            sources[field] = candidate.source
            break
    for candidate in _best(candidates, "language"):
        if _LANGUAGE.match(candidate.value.strip()):
            values["language"] = candidate.value.strip().replace("_", "-").lower()
            sources["language"] = candidate.source
            break
    page_url = url or values.get("canonical_url")
    title = choose_title(candidates, values.get("site_name"), page_url)
    if title:
        values["title"], sources["title"] = title
    authors, source = choose_authors(candidates, values.get("site_name"))
    if authors:
        sources["authors"] = source
    for candidate in _best(candidates, "published"):
        parsed = iso_date(candidate.value)
        if parsed:
            values["published"], sources["published"] = local_day(
                parsed, candidate.source, candidates
            )
            break
    return Metadata(
        title=values.get("title"),
        authors=tuple(authors),
        published=values.get("published"),
        site_name=values.get("site_name"),
        language=values.get("language"),
        canonical_url=values.get("canonical_url"),
        description=values.get("description"),
        sources=sources,
    )
