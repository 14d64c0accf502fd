"""Candidates from JSON-LD (``<script type="application/ld+json">``), schema.org vocabulary."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from declutter.metadata.model import Candidate

_ARTICLE_TYPES = frozenset(
    {
        "article",
        "newsarticle",
        "blogposting",
        "reportagenewsarticle",
        "techarticle",
        "scholarlyarticle",
        "liveblogposting",
        "analysisnewsarticle",
        "opinionnewsarticle",
        "socialmediaposting",
        "discussionforumposting",
        "report",
        "review",
        "recipe",
        "howto",
        "product",
        "qapage",
        "question",
        "videoobject",
        "podcastepisode",
        "event",
        "course",
    }
)
_PAGE_TYPES = frozenset(
    {
        "webpage",
        "itempage",
        "aboutpage",
        "collectionpage",
        "profilepage",
        "faqpage",
        "searchresultspage",
        "contactpage",
        "medicalwebpage",
    }
)
#: added to a node's rank for its dateModified (tuned on WCXB dev, see docs/metadata.md).
MODIFIED_OFFSET = 50
_SITE_TYPES = frozenset({"website", "organization", "newsmediaorganization", "corporation"})


def _nodes(value: Any) -> Iterator[dict[str, Any]]:
    if isinstance(value, list):
        for item in value:
            yield from _nodes(item)
    elif isinstance(value, dict):
        yield value
        yield from _nodes(value.get("@graph"))


def _types(node: dict[str, Any]) -> set[str]:
    kind = node.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return {str(item).lower().rsplit("/", 1)[-1] for item in kinds if item}


def _text(value: Any) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("name") or value.get("@value") or value.get("url") or value.get("@id")
    return value.strip() if isinstance(value, str) and value.strip() else None


def _name(value: Any, by_id: dict[str, dict[str, Any]]) -> str | None:
    """The name of a person or organisation: a string, a node's ``name``, or the ``name`` of
    the node an ``{"@id": ...}`` reference points to (never the ``@id`` or URL itself)."""
    if isinstance(value, dict):
        if "name" not in value and isinstance(value.get("@id"), str):
            value = by_id.get(value["@id"], {})
        value = value.get("name")
        if isinstance(value, list):
            value = value[0] if value else None
    return value.strip() if isinstance(value, str) and value.strip() else None


def _people(value: Any, by_id: dict[str, dict[str, Any]]) -> Iterator[str]:
    for item in value if isinstance(value, list) else [value]:
        name = _name(item, by_id)
        if name:
            yield name


def parse_json_ld(tree: LexborHTMLParser) -> list[dict[str, Any]]:
    """Every JSON object of the page's JSON-LD scripts (``@graph`` flattened); bad JSON skipped.

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> data = '{"@type": "NewsArticle", "headline": "A"}'
    >>> parse_json_ld(LexborHTMLParser(f'<script type="application/ld+json">{data}</script>'))
    [{'@type': 'NewsArticle', 'headline': 'A'}]
    """
    found: list[dict[str, Any]] = []
    for script in tree.css('script[type="application/ld+json"]'):
        raw = script.text(deep=True)
        try:
            data = json.loads(raw, strict=False)
        except ValueError:
            continue
        found.extend(_nodes(data))
    return found


def json_ld_candidates(tree: LexborHTMLParser) -> Iterator[Candidate]:
    """Candidates from article-like nodes (rank 10), web pages (30) and the site (40).

    >>> from selectolax.lexbor import LexborHTMLParser
    >>> page = ('<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A",'
    ...         ' "author": [{"@type": "Person", "name": "Jo Li"}], "datePublished": "2024-05-01"}'
    ...         '</script>')
    >>> [(c.field, c.value) for c in json_ld_candidates(LexborHTMLParser(page))]
    [('title', 'A'), ('author', 'Jo Li'), ('published', '2024-05-01')]

    An author or publisher given as ``{"@id": ...}`` is the node of the page's graph with that
    ``@id``; an ``@id`` or URL is never taken for a name.
    """
    nodes = parse_json_ld(tree)
    by_id = {node["@id"]: node for node in nodes if isinstance(node.get("@id"), str)}
    for node in nodes:
        types = _types(node)
        if types & _ARTICLE_TYPES:
            rank, label = 10, "json-ld " + sorted(types & _ARTICLE_TYPES)[0]
        elif types & _PAGE_TYPES:
            rank, label = 30, "json-ld " + sorted(types & _PAGE_TYPES)[0]
        elif types & _SITE_TYPES:
            name = _text(node.get("name"))
            if name:
                yield Candidate("site_name", name, "json-ld " + sorted(types)[0] + ".name", 40)
            continue
        else:
            continue
        title = _text(node.get("headline")) or _text(node.get("name"))
        if title:
            yield Candidate("title", title, f"{label}.headline", rank)
        for person in _people(node.get("author") or node.get("creator"), by_id):
            yield Candidate("author", person, f"{label}.author", rank)
        modified = _text(node.get("dateModified"))
        if modified:
            yield Candidate("published", modified, f"{label}.dateModified", rank + MODIFIED_OFFSET)
        published = _text(node.get("datePublished")) or _text(node.get("dateCreated"))
        if published:
            yield Candidate("published", published, f"{label}.datePublished", rank)
        for field, key in (("description", "description"), ("language", "inLanguage")):
            value = _text(node.get(key))
            if value:
                yield Candidate(field, value, f"{label}.{key}", rank)
        publisher = _name(node.get("publisher"), by_id)
        if publisher:
            yield Candidate("site_name", publisher, f"{label}.publisher", rank + 5)
