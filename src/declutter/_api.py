"""The entry points: ``Cleaner``, ``clean``, ``clean_text`` and ``clean_html``.

All three functions run the same pipeline, ``Cleaner._run``: budgets, segmentation
(``declutter.segment.document``), language, the decision cascade (``declutter.decide``).

Budgets apply in every mode: ``max_bytes`` is checked on the input before anything else,
``max_seconds`` from the start of the call, between stages and while HTML is segmented. A
document over budget raises ``BudgetExceeded``, whose message names the budget and the stage
(and, between stages, the time taken); nothing is cleaned half-way.

>>> result = clean_html(
...     "<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav>"
...     "<article><h2>Bridge reopens</h2><p>The bridge reopened on Friday after two years "
...     "of repairs, the council said.</p></article></body></html>")
>>> print(result.text)
Bridge reopens
The bridge reopened on Friday after two years of repairs, the council said.
>>> line = result.lines[0]
>>> line.text, line.kind.value, line.rule, line.evidence, line.source
('Home News', 'navigation', 'html.dom', 'inside <nav> (body>nav)', 'body>nav')
"""

from __future__ import annotations

import functools
import time
from functools import lru_cache
from typing import TYPE_CHECKING

from declutter._config import DEFAULT_CONFIG, Config, Options, options_help
from declutter._errors import BudgetExceeded, InputError, ModelError
from declutter._result import InputFormat, Result
from declutter.decide.blocks import decide_blocks
from declutter.decide.cascade import Engine, decide
from declutter.decide.headline import apply_headline
from declutter.decide.trees import ObliviousEnsemble, load_model
from declutter.features.language import detect_language
from declutter.rules.lexicon import load_lexicon
from declutter.segment.document import FormatChoice, segment_document

if TYPE_CHECKING:
    from collections.abc import Callable

    from typing_extensions import Unpack

    from declutter.metadata import Metadata


@lru_cache(maxsize=4)
def _engine(mode: InputFormat) -> Engine:
    """The lexicon and the models of ``mode``, loaded once per process.

    HTML mode uses its DOM-aware models when they are shipped, else the text models.
    """
    name = mode.value
    try:
        line = load_model(f"{name}-line")
    except ModelError:
        if mode is InputFormat.TEXT:
            raise
        return _engine(InputFormat.TEXT)
    stages: list[ObliviousEnsemble] = []
    while True:
        try:
            stages.append(load_model(f"{name}-context-{len(stages) + 1}"))
        except ModelError:
            break
    return Engine(load_lexicon(None), line, tuple(stages), dom=mode is InputFormat.HTML)


class Budget:
    """The ``max_bytes`` and ``max_seconds`` budgets of one call, its clock started.

    >>> Budget(Config(max_bytes=10)).check_size("x" * 11)
    Traceback (most recent call last):
    ...
    declutter._errors.BudgetExceeded: budget.max_bytes: the document is 11 bytes, over max_bytes=10
    """

    def __init__(self, config: Config) -> None:
        self.config = config
        self.started = time.perf_counter()
        limit = config.max_seconds
        #: The ``time.perf_counter()`` value past which the call is over budget.
        self.deadline = self.started + limit if limit is not None else None

    def check_size(self, document: str | bytes) -> None:
        """Raise ``BudgetExceeded`` if ``document`` is larger than ``max_bytes`` (UTF-8)."""
        limit = self.config.max_bytes
        if limit is None:
            return
        if isinstance(document, str):
            if len(document) * 4 <= limit:
                return
            size = (
                len(document) if len(document) > limit else len(document.encode("utf-8", "replace"))
            )
        else:
            size = len(document)
        if size > limit:
            raise BudgetExceeded(
                f"budget.max_bytes: the document is {size:,} bytes, over max_bytes={limit:,}"
            )

    def check(self, stage: str) -> None:
        """Raise ``BudgetExceeded`` if ``max_seconds`` has passed (``stage``: what just ended)."""
        if self.deadline is None or time.perf_counter() <= self.deadline:
            return
        elapsed = time.perf_counter() - self.started
        raise BudgetExceeded(
            f"budget.max_seconds: cleaning took {elapsed:.2f} s, over "
            f"max_seconds={self.config.max_seconds:g} (stopped after {stage})"
        )


class Cleaner:
    """A reusable cleaner for one configuration; safe to share between threads.

    The lexicon and models are compiled once per process and shared; a ``Cleaner`` holds no
    state that cleaning changes.

    >>> cleaner = Cleaner(threshold=0.6)
    >>> page = "Share on Facebook\\n\\nThe bridge reopened on Friday after two years of repairs."
    >>> cleaner.clean_text(page).text
    'The bridge reopened on Friday after two years of repairs.'
    """

    def __init__(self, config: Config | None = None, **overrides: Unpack[Options]) -> None:
        self.config = (config or DEFAULT_CONFIG).replace(**overrides)

    def clean_text(self, text: str | bytes, *, encoding: str | None = None) -> Result:
        """Clean one document of scraped text (one block per line).

        ``bytes`` are decoded with ``encoding``, else as UTF-8 (a BOM selects UTF-16/32);
        bytes that are not valid there raise ``DecodeError``.
        """
        return self._run(text, "text", encoding=encoding, url=None, caller="clean_text")

    def clean_html(
        self, html: str | bytes, *, url: str | None = None, encoding: str | None = None
    ) -> Result:
        """Clean one HTML page (see ``declutter.clean_html``)."""
        return self._run(html, "html", encoding=encoding, url=url, caller="clean_html")

    def clean(
        self,
        document: str | bytes,
        *,
        format: FormatChoice = "auto",
        url: str | None = None,
        encoding: str | None = None,
    ) -> Result:
        """Clean a page that is HTML or plain text (``format``: ``"auto"`` detects which;
        see ``declutter.clean``)."""
        return self._run(document, format, encoding=encoding, url=url, caller="clean")

    def _run(
        self,
        payload: str | bytes,
        format: FormatChoice,
        *,
        encoding: str | None,
        url: str | None,
        caller: str,
    ) -> Result:
        """The pipeline: budgets, segmentation, language, the decision cascade."""
        if not isinstance(payload, (str, bytes, bytearray)):
            raise InputError(f"{caller} expects str or bytes, got {type(payload).__name__}")
        config = self.config
        budget = Budget(config)
        budget.check_size(payload)
        links = config.output == "markdown" and config.include_links
        document = segment_document(
            payload, format, encoding=encoding, links=links, deadline=budget.deadline
        )
        budget.check("segmentation")
        language = config.language or detect_language(document.text)
        if document.blocks is not None:
            decisions = decide_blocks(
                document.blocks, language, config, _engine(document.format), check=budget.check
            )
        else:
            decisions = decide(
                document.visible_lines,
                language,
                config,
                _engine(document.format),
                dom=document.html,
                check=budget.check,
            )
        budget.check("the decisions")
        metadata_source = (
            _html_metadata_source(payload, encoding, url)
            if document.format is InputFormat.HTML
            else None
        )
        if config.headline != "auto":
            from declutter.metadata import text_metadata

            metadata = (
                metadata_source()
                if metadata_source is not None
                else text_metadata(tuple(document.lines), language)
            )
            apply_headline(decisions, document.lines, metadata.title, config.headline)
            metadata_source = functools.partial(_given, metadata)
        return Result(
            line_texts=document.lines,
            starts=document.starts,
            decisions=decisions,
            input_format=document.format,
            format_reason=document.reason,
            language=language,
            layout=document.layout(url),
            metadata_source=metadata_source,
            shape=document.shape.kind if document.shape is not None else None,
            shape_reason=document.shape.evidence if document.shape is not None else None,
        )


def _given(metadata: Metadata) -> Metadata:
    return metadata


def _html_metadata_source(
    payload: str | bytes, encoding: str | None, url: str | None
) -> Callable[[], Metadata]:
    """A deferred ``html_metadata`` of the page: nothing is parsed until it is called."""

    def compute() -> Metadata:
        from declutter.decode.html import decode_html_bytes
        from declutter.decode.surrogates import repair_surrogates
        from declutter.metadata import html_metadata

        text = (
            repair_surrogates(payload)
            if isinstance(payload, str)
            else decode_html_bytes(bytes(payload), http_charset=encoding).text
        )
        return html_metadata(text, url=url)

    return compute


def clean_text(
    text: str | bytes,
    *,
    encoding: str | None = None,
    config: Config | None = None,
    **overrides: Unpack[Options],
) -> Result:
    """Clean one document of scraped text and say, for every line, what was removed and why.

    ``bytes`` are decoded with ``encoding``, else as UTF-8 (a BOM selects UTF-16/32). Keyword
    ``overrides`` change ``config`` (see ``Config``).

    >>> page = "Breaking News\\n\\nThe bridge reopened on Friday after two years of repairs."
    >>> result = clean_text(page)
    >>> print(result.text)
    The bridge reopened on Friday after two years of repairs.
    >>> [(line.kind.value, line.rule) for line in result.lines]
    [('ticker', 'lexicon.ticker'), ('empty', 'blank_line'), ('content', 'context.prose_fallback')]
    """
    return Cleaner(config, **overrides).clean_text(text, encoding=encoding)


def clean_html(
    html: str | bytes,
    *,
    url: str | None = None,
    encoding: str | None = None,
    config: Config | None = None,
    **overrides: Unpack[Options],
) -> Result:
    """Clean one HTML page and say, for every block line, what was removed and why.

    ``bytes`` are decoded like a browser does (BOM, ``encoding`` if given, e.g. the HTTP
    charset, ``<meta charset>``, else detection); ``url`` resolves relative links in markdown
    output. Keyword ``overrides`` change ``config`` (see ``Config``).

    >>> page = ("<nav><a href='/'>Home</a></nav>"
    ...         "<article><p>The council met on Tuesday and agreed the budget.</p></article>")
    >>> result = clean_html(page)
    >>> result.text
    'The council met on Tuesday and agreed the budget.'
    >>> [(line.kind.value, line.source) for line in result.lines]
    [('navigation', 'body>nav'), ('content', 'body>article>p')]
    """
    return Cleaner(config, **overrides).clean_html(html, url=url, encoding=encoding)


def clean(
    document: str | bytes,
    *,
    format: FormatChoice = "auto",
    url: str | None = None,
    encoding: str | None = None,
    config: Config | None = None,
    **overrides: Unpack[Options],
) -> Result:
    """Clean a document that is HTML or plain text, whichever it looks like (or as ``format``
    says: ``"text"``, ``"html"``).

    Text given as ``bytes`` is decoded as ``clean_text`` does, or with ``encoding``.
    ``Result.format`` says which it was read as and ``Result.format_reason`` why.

    >>> clean("<!DOCTYPE html><p>The council agreed the budget.</p>").format_reason
    'detected HTML: starts with <!DOCTYPE html>; given as text'
    >>> clean("The council met on Monday.\\nIt agreed the budget.").format.value
    'text'
    """
    return Cleaner(config, **overrides).clean(document, format=format, url=url, encoding=encoding)


_OPTIONS_DOC = (
    "\n\n    Keyword options (``declutter.Options``; each changes that field of ``config``):"
    "\n\n" + options_help() + "\n"
)
for _documented in (clean_text, clean_html, clean, Cleaner):
    _documented.__doc__ = (_documented.__doc__ or "").rstrip() + _OPTIONS_DOC
