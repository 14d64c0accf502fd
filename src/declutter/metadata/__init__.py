"""Page metadata: title, authors, publish date, site name, language, canonical URL and
description, each with the tag or rule that gave it (``Metadata.sources``).

One module per source family (``jsonld``, ``meta_tags``, ``elements``, ``visible_dates``),
``normalize``, ``dates`` and ``names`` for values, ``rank`` (with ``titles`` for the title)
to choose among candidates, ``extract`` for the entry points.
"""

from declutter.metadata.extract import html_metadata, text_metadata
from declutter.metadata.model import Candidate, Metadata

__all__ = ["Candidate", "Metadata", "html_metadata", "text_metadata"]
