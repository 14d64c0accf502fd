"""A document's metadata as a front matter block before its text (``clean --with-metadata``)."""

from __future__ import annotations

import json

from declutter.metadata import Metadata


def front_matter(metadata: Metadata) -> str:
    """``---``, one ``field: "value"`` line per filled field (values JSON-quoted, so the block
    is also valid YAML), the sources as ``sources.field``, then ``---``.

    >>> print(front_matter(Metadata(title="Budget", authors=("Ann Lee",),
    ...                             sources={"title": "h1", "authors": "meta author"})), end="")
    ---
    title: "Budget"
    authors: ["Ann Lee"]
    sources.title: "h1"
    sources.authors: "meta author"
    ---
    """
    lines = ["---"]
    for field, value in metadata.to_dict().items():
        if field != "sources" and value:
            lines.append(f"{field}: {json.dumps(value, ensure_ascii=False)}")
    for field, source in metadata.sources.items():
        lines.append(f"sources.{field}: {json.dumps(source, ensure_ascii=False)}")
    return "\n".join([*lines, "---", ""])
