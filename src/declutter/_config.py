"""One frozen configuration object; keyword overrides build a changed copy."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from declutter._errors import ConfigError
from declutter._result import DEFAULT_KEPT_KINDS, Kind
from declutter.features.language import SUPPORTED_LANGUAGES


@dataclass(frozen=True)
class Config:
    """Every option of a cleaning run.

    >>> config = Config().replace(threshold=0.7, kept_kinds={"content"})
    >>> config.threshold, sorted(k.value for k in config.kept_kinds)
    (0.7, ['content'])
    >>> Config().replace(colour="blue")
    Traceback (most recent call last):
    ...
    declutter._errors.ConfigError: unknown option 'colour'; options are: ...
    """

    #: Kinds whose lines are kept; every other kind is removed.
    kept_kinds: frozenset[Kind] = DEFAULT_KEPT_KINDS
    #: Content probability at or above which the model keeps a line it has to decide.
    threshold: float = 0.45
    #: ISO 639-1 code of the document language, or ``None`` to detect it.
    language: str | None = None
    #: Revise the context-free decisions with the neighbours and the page layout.
    context: bool = True
    #: Mark repeated lines inside a document as duplicates.
    dedupe: bool = True
    #: Similarity (0-100, rapidfuzz ratio) from which two lines count as the same line.
    duplicate_similarity: float = 95.0
    #: Repeats of lines with fewer words than this are left alone (headings, refrains).
    duplicate_min_words: int = 5
    #: Characters of a line that feature extraction looks at; longer lines are truncated there.
    max_line_chars: int = 100_000
    #: HTML mode: ``"text"`` or ``"markdown"``.
    output: str = "text"
    #: HTML mode: keep user comments under an article.
    include_comments: bool = False
    #: HTML mode: keep link targets in markdown output.
    include_links: bool = False
    #: Largest document accepted, in bytes (``None``: no limit).
    max_bytes: int | None = None
    #: Time budget per document in seconds (``None``: no limit).
    max_seconds: float | None = None

    def __post_init__(self) -> None:
        kinds = frozenset(_as_kind(k) for k in self.kept_kinds)
        object.__setattr__(self, "kept_kinds", kinds)
        if not 0.0 <= self.threshold <= 1.0:
            raise ConfigError(f"threshold must be between 0 and 1, got {self.threshold!r}")
        if not 0.0 <= self.duplicate_similarity <= 100.0:
            raise ConfigError(
                f"duplicate_similarity must be between 0 and 100, got {self.duplicate_similarity!r}"
            )
        if self.duplicate_min_words < 1:
            raise ConfigError("duplicate_min_words must be at least 1")
        if self.max_line_chars < 80:
            raise ConfigError("max_line_chars must be at least 80")
        if self.output not in ("text", "markdown"):
            raise ConfigError(f"output must be 'text' or 'markdown', got {self.output!r}")
        if self.max_bytes is not None and self.max_bytes < 0:
            raise ConfigError("max_bytes must be positive")
        if self.max_seconds is not None and self.max_seconds <= 0:
            raise ConfigError("max_seconds must be positive")
        if self.language is not None and self.language not in SUPPORTED_LANGUAGES:
            raise ConfigError(
                f"unsupported language {self.language!r}; supported (ISO 639-1): "
                + ", ".join(SUPPORTED_LANGUAGES)
            )

    def replace(self, **overrides: Any) -> Config:
        """A copy with some options changed; unknown names raise ``ConfigError``."""
        if not overrides:
            return self
        names = {f.name for f in dataclasses.fields(self)}
        for name in overrides:
            if name not in names:
                raise ConfigError(
                    f"unknown option {name!r}; options are: {', '.join(sorted(names))}"
                )
        if "kept_kinds" in overrides:
            overrides["kept_kinds"] = frozenset(_iter_kinds(overrides["kept_kinds"]))
        return dataclasses.replace(self, **overrides)


def _iter_kinds(values: Iterable[Kind | str]) -> Iterable[Kind]:
    if isinstance(values, (str, Kind)):
        values = [values]
    return (_as_kind(v) for v in values)


def _as_kind(value: Kind | str) -> Kind:
    if isinstance(value, Kind):
        return value
    try:
        return Kind(value)
    except ValueError:
        known = ", ".join(k.value for k in Kind)
        raise ConfigError(f"unknown kind {value!r}; kinds are: {known}") from None


DEFAULT_CONFIG = Config()
