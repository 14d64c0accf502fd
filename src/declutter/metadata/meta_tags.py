"""Candidates from ``<meta>`` and ``<link>`` tags: OpenGraph, article:*, Dublin Core,
parsely, sailthru, Twitter cards, ``itemprop`` microdata, ``rel=canonical``, ``<html lang>``."""

from __future__ import annotations

import re
from collections.abc import Iterator

from selectolax.lexbor import LexborHTMLParser

from declutter.metadata.model import Candidate

#: meta name/property (lower case) -> (field, rank); lower rank wins.
META_FIELDS: dict[str, tuple[str, int]] = {
    "og:title": ("title", 20),
    "twitter:title": ("title", 25),
    "dc.title": ("title", 22),
    "dcterms.title": ("title", 22),
    "parsely-title": ("title", 21),
    "sailthru.title": ("title", 23),
    "citation_title": ("title", 15),
    "headline": ("title", 24),
    "author": ("author", 20),
    "article:author": ("author", 22),
    "parsely-author": ("author", 15),
    "sailthru.author": ("author", 16),
    "dc.creator": ("author", 18),
    "dcterms.creator": ("author", 18),
    "citation_author": ("author", 15),
    "byl": ("author", 21),
    "twitter:creator": ("author", 70),
    "article:published_time": ("published", 12),
    "og:article:published_time": ("published", 12),
    "datepublished": ("published", 14),
    "parsely-pub-date": ("published", 13),
    "sailthru.date": ("published", 16),
    "dc.date": ("published", 18),
    "dc.date.issued": ("published", 17),
    "dcterms.date": ("published", 18),
    "dcterms.issued": ("published", 17),
    "dcterms.created": ("published", 19),
    "citation_publication_date": ("published", 15),
    "citation_date": ("published", 16),
    "pubdate": ("published", 18),
    "publish-date": ("published", 18),
    "publish_date": ("published", 18),
    "date": ("published", 25),
    "published": ("published", 19),
    "published-date": ("published", 19),
    "published_date": ("published", 19),
    "publication_date": ("published", 19),
    "publishdate": ("published", 19),
    "article.published": ("published", 19),
    "sailthru.published_time": ("published", 19),
    "article:modified_time": ("published", 65),
    "og:updated_time": ("published", 66),
    "datemodified": ("published", 67),
    "og:site_name": ("site_name", 20),
    "application-name": ("site_name", 30),
    "publisher": ("site_name", 32),
    "dc.publisher": ("site_name", 31),
    "og:locale": ("language", 30),
    "language": ("language", 25),
    "dc.language": ("language", 22),
    "content-language": ("language", 24),
    "og:url": ("canonical_url", 20),
    "description": ("description", 20),
    "og:description": ("description", 22),
    "twitter:description": ("description", 24),
    "dc.description": ("description", 23),
}

#: Other names of a publication date (``w-published-date``, ``article.publish_date``, ...),
#: after every named tag.
_OTHER_PUBLISHED = re.compile(r"publish(?:ed)?[-_.: ]?(?:date|time|on|at)|pub[-_]?date")
_MODIFIED = re.compile(r"modif|updat|expir|review")
OTHER_PUBLISHED_RANK = 26


def meta_candidates(tree: LexborHTMLParser) -> Iterator[Candidate]:
    """Candidates from meta and link tags, in document order.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> page = ('<html lang="fr"><head><meta property="og:title" content="Le budget">'
    ...         '<link rel="canonical" href="https://a.fr/b"></head></html>')
    >>> for c in meta_candidates(LexborHTMLParser(page)):
    ...     print(c.field, c.value, c.source, sep=" / ")
    language / fr / html[lang]
    title / Le budget / meta og:title
    canonical_url / https://a.fr/b / link rel=canonical
    """
    root = tree.css_first("html")
    lang = root.attributes.get("lang") if root is not None else None
    if lang and lang.strip():
        yield Candidate("language", lang.strip(), "html[lang]", 10)
    for tag in tree.css("meta"):
        attributes = tag.attributes
        content = (attributes.get("content") or "").strip()
        if not content:
            continue
        for attribute in ("property", "name", "itemprop", "http-equiv"):
            key = (attributes.get(attribute) or "").strip().lower()
            if key in META_FIELDS:
                field, rank = META_FIELDS[key]
                yield Candidate(field, content, f"meta {key}", rank)
                break
            if _OTHER_PUBLISHED.search(key) and not _MODIFIED.search(key):
                yield Candidate("published", content, f"meta {key}", OTHER_PUBLISHED_RANK)
                break
    for link in tree.css('link[rel="canonical"]'):
        href = (link.attributes.get("href") or "").strip()
        if href:
            yield Candidate("canonical_url", href, "link rel=canonical", 10)
