"""Stage 1, decode: bytes to text (``text``: BOM, UTF-8, a named charset; ``html``: BOM, HTTP
charset, ``<meta charset>``, detection) and HTML told from plain text (``format``)."""
