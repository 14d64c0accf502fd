"""One frozen configuration object; keyword overrides build a changed copy."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, TypedDict

from declutter._errors import ConfigError
from declutter._result import DEFAULT_KEPT_KINDS, Kind
from declutter.features.language import SUPPORTED_LANGUAGES


class Options(TypedDict, total=False):
    """The keyword options of ``clean_text``, ``clean_html``, ``clean`` and ``Cleaner``: one per
    ``Config`` field, so that a type checker catches a misspelled or mistyped option.

    >>> from declutter import clean_text
    >>> options: Options = {"threshold": 0.6, "kept_kinds": {"content"}}
    >>> clean_text("The council met on Tuesday and agreed the budget.", **options).text
    'The council met on Tuesday and agreed the budget.'
    """

    kept_kinds: Iterable[Kind | str]
    threshold: float
    language: str | None
    context: bool
    dedupe: bool
    duplicate_similarity: float
    duplicate_min_words: int
    max_line_chars: int
    output: Literal["text", "markdown"]
    include_comments: bool
    include_links: bool
    max_bytes: int | None
    max_seconds: float | None
    headline: Literal["auto", "keep", "drop"]


#: What each option does, as ``help()`` on the cleaning functions shows it.
OPTION_HELP: dict[str, str] = {
    "kept_kinds": "kinds whose lines are kept (Kind or its value); every other kind is removed",
    "threshold": "content probability (0-1) at or above which the model keeps a line it has "
    "to decide",
    "language": "ISO 639-1 code of the document language (one of "
    "declutter.features.language.SUPPORTED_LANGUAGES), or None to detect it",
    "context": "revise the context-free decisions with the neighbours and the page layout",
    "dedupe": "mark repeated lines inside a document as duplicates",
    "duplicate_similarity": "similarity (0-100, rapidfuzz ratio) from which two lines count "
    "as the same line",
    "duplicate_min_words": "repeats of lines with fewer words than this are left alone",
    "max_line_chars": "characters of a line that feature extraction looks at (at least 80)",
    "output": 'HTML mode: Result.markdown layout, "text" or "markdown"',
    "include_comments": "HTML mode: keep user comments under an article",
    "include_links": "HTML mode: keep link targets in markdown output",
    "max_bytes": "largest document accepted, in bytes (None: no limit)",
    "max_seconds": "time budget per document in seconds (None: no limit)",
    "headline": 'the line that prints the page\'s title (metadata.title): "auto" lets the '
    'cascade decide, "keep" keeps it as a heading, "drop" removes it',
}


def options_help() -> str:
    """The options with their defaults, one per line, as appended to the API's docstrings.

    >>> options_help().splitlines()[1].split()[:2]
    ['threshold', '(default']
    """
    rows = []
    for field_ in dataclasses.fields(Config):
        default = getattr(DEFAULT_CONFIG, field_.name)
        if field_.name == "kept_kinds":
            default = sorted(kind.value for kind in default)
        rows.append(f"    {field_.name} (default {default!r}): {OPTION_HELP[field_.name]}.")
    return "\n".join(rows)


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
    #: The headline line (``metadata.title`` printed in the page): ``"auto"`` (the cascade
    #: decides), ``"keep"`` (kept as a heading) or ``"drop"`` (removed as metadata).
    headline: str = "auto"

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
        if self.headline not in ("auto", "keep", "drop"):
            raise ConfigError(f"headline must be 'auto', 'keep' or 'drop', got {self.headline!r}")
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
