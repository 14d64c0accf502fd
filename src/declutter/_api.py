"""Public entry points: ``clean_text`` and ``Cleaner``."""

from __future__ import annotations

from typing import Any

from declutter._config import DEFAULT_CONFIG, Config
from declutter._types import Decisions, InputFormat, Kind, Result


class Cleaner:
    """A reusable, thread-safe cleaner for one configuration."""

    def __init__(self, config: Config | None = None, **overrides: Any) -> None:
        self.config = (config or DEFAULT_CONFIG).replace(**overrides)

    def clean_text(self, text: str) -> Result:
        """Clean one document of scraped text (placeholder: keeps every line)."""
        lines = text.split("\n")
        starts = []
        pos = 0
        for line in lines:
            starts.append(pos)
            pos += len(line) + 1
        decisions = Decisions(len(lines))
        for i in range(len(lines)):
            decisions.set(i, Kind.CONTENT, "placeholder", "kept", score=1.0)
            decisions.kept[i] = True
        return Result(
            line_texts=lines,
            starts=starts,
            decisions=decisions,
            input_format=InputFormat.TEXT,
            format_reason="clean_text",
            language="en",
        )


def clean_text(text: str, *, config: Config | None = None, **overrides: Any) -> Result:
    """Clean one document of scraped text."""
    return Cleaner(config, **overrides).clean_text(text)
