"""The page metadata record: one value per field, each with the tag or rule that gave it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True, slots=True)
class Candidate:
    """One value proposed for a field by one source (lower ``rank`` wins).

    >>> Candidate("title", "Budget agreed", "og:title", 20).source
    'og:title'
    """

    field: str
    value: str
    source: str
    rank: int


@dataclass(frozen=True, slots=True)
class Metadata:
    """Title, authors, date and the rest of a page's metadata, with the provenance of each.

    ``sources`` maps each filled field to the tag or rule that gave it, e.g.
    ``{"title": "json-ld Article.headline", "published": "meta article:published_time"}``.

    >>> meta = Metadata(title="Budget agreed", sources={"title": "og:title"})
    >>> meta.to_dict()["title"], meta.sources["title"]
    ('Budget agreed', 'og:title')
    """

    title: str | None = None
    authors: tuple[str, ...] = ()
    published: str | None = None
    site_name: str | None = None
    language: str | None = None
    canonical_url: str | None = None
    description: str | None = None
    sources: dict[str, str] = field(default_factory=dict)

    @property
    def author(self) -> str | None:
        """The authors joined with ``"; "``, or ``None``."""
        return "; ".join(self.authors) or None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready mapping (``sources`` included)."""
        return {
            "title": self.title,
            "authors": list(self.authors),
            "published": self.published,
            "site_name": self.site_name,
            "language": self.language,
            "canonical_url": self.canonical_url,
            "description": self.description,
            "sources": dict(self.sources),
        }
