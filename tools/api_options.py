"""The run-time docstrings of the cleaning functions, for the API page (``griffe_options.py``).

``declutter._api`` appends the keyword options (generated from ``Config`` and ``OPTION_HELP``)
to the docstrings of ``clean_text``, ``clean_html``, ``clean`` and ``Cleaner`` at import
time, so ``help()`` lists them; a page built from the source alone would not. Here those
docstrings are read from the imported module, with the option rows as a Markdown list.
"""

from __future__ import annotations

import importlib
import inspect
import re

MODULE = "declutter._api"
DOCUMENTED = ("clean_text", "clean_html", "clean", "Cleaner")
_OPTION_ROW = re.compile(r"^(\w+) \(default (.*?)\): (.*)$")


def markdown_docstring(name: str) -> str:
    """The run-time docstring of ``declutter._api.<name>``, option rows as a Markdown list.

    >>> text = markdown_docstring("clean_text")
    >>> "- `threshold` (default " in text
    True
    """
    runtime = getattr(importlib.import_module(MODULE), name)
    lines = inspect.cleandoc(runtime.__doc__ or "").splitlines()
    out, in_options = [], False
    for line in lines:
        in_options = in_options or line.startswith("Keyword options")
        row = _OPTION_ROW.match(line) if in_options else None
        out.append(f"- `{row[1]}` (default `{row[2]}`): {row[3]}" if row else line)
    return "\n".join(out)
