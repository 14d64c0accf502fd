"""MkDocs hook: the doctests of docstrings shown by mkdocstrings become ``pycon`` code blocks.

Docstrings hold runnable examples (``>>>`` lines and their output) as plain paragraphs;
without this, Markdown reads them as text (``[0]`` as a link reference). A run of lines whose
first starts with ``>>>`` and which ends at a blank line is fenced.
"""

from __future__ import annotations

from typing import Any

from markdown import Extension, Markdown
from markdown.preprocessors import Preprocessor


class _FenceDoctests(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        out: list[str] = []
        in_fence = in_doctest = False
        indent = ""
        for line in lines:
            stripped = line.lstrip()
            if stripped.startswith("```"):
                in_fence = not in_fence
            if in_doctest and not stripped:
                out.append(indent + "```")
                in_doctest = False
            elif not in_fence and not in_doctest and stripped.startswith(">>>"):
                indent = line[: len(line) - len(stripped)]
                out.append(indent + "```pycon")
                in_doctest = True
            out.append(line)
        if in_doctest:
            out.append(indent + "```")
        return out


class DoctestFences(Extension):
    """Registers the preprocessor ahead of the fenced-code one."""

    def extendMarkdown(self, md: Markdown) -> None:
        md.preprocessors.register(_FenceDoctests(md), "declutter_doctests", 40)


def on_config(config: Any) -> Any:
    """Add the extension to the site's Markdown extensions (mkdocstrings uses them too)."""
    config["markdown_extensions"].append(DoctestFences())
    return config
