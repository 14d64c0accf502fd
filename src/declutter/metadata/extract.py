"""Metadata of an HTML page or a plain-text document."""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser

from declutter.metadata.elements import element_candidates
from declutter.metadata.jsonld import json_ld_candidates
from declutter.metadata.meta_tags import meta_candidates
from declutter.metadata.model import Metadata
from declutter.metadata.normalize import squash

_HEADING_LINE = re.compile(r"^[#\s]*(\S.{2,200}?)\s*#*$")


def html_metadata(html: str, *, url: str | None = None) -> Metadata:
    """Metadata of one HTML page (parsed once, separately from the cleaning walk).

    >>> page = ('<html lang="en"><head><title>Budget agreed | City News</title>'
    ...         '<meta property="og:site_name" content="City News">'
    ...         '<meta name="author" content="Ann Lee"></head>'
    ...         '<body><time datetime="2024-06-02T08:00:00Z">2 June</time></body></html>')
    >>> meta = html_metadata(page)
    >>> meta.title, meta.authors, meta.published, meta.language
    ('Budget agreed', ('Ann Lee',), '2024-06-02T08:00:00Z', 'en')
    >>> meta.sources["title"], meta.sources["authors"]
    ('title (site name stripped)', 'meta author')
    """
    from declutter.metadata.rank import choose

    tree = LexborHTMLParser(html)
    candidates = [*json_ld_candidates(tree), *meta_candidates(tree), *element_candidates(tree, url)]
    if url and not any(c.field == "canonical_url" for c in candidates):
        from declutter.metadata.model import Candidate

        candidates.append(Candidate("canonical_url", url, "url given", 90))
    return choose(candidates, url)


def text_metadata(lines: list[str] | tuple[str, ...], language: str) -> Metadata:
    """Metadata of a plain-text document: the title from the first heading-like line (short,
    no end punctuation, among the first five non-blank lines) and the detected language.

    >>> meta = text_metadata(["", "# Budget agreed", "The council met on Monday."], "en")
    >>> meta.title, meta.language, meta.sources["title"]
    ('Budget agreed', 'en', 'first heading-like line 2')
    """
    sources = {"language": "language detection"}
    title = None
    seen = 0
    for number, line in enumerate(lines, start=1):
        text = squash(line)
        if not text:
            continue
        seen += 1
        if seen > 5:
            break
        match = _HEADING_LINE.match(text)
        words = text.split()
        if (
            match and 2 <= len(words) <= 20 and text[-1] not in ".,;:!?…" and text[0].isupper()
        ) or (match and text.startswith("#")):
            title = squash(match[1]) if match else text
            sources["title"] = f"first heading-like line {number}"
            break
    return Metadata(title=title, language=language, sources=sources)
