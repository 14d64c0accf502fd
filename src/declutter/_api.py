"""Public entry points: ``clean_text`` and ``Cleaner``."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

from declutter._config import DEFAULT_CONFIG, Config
from declutter._errors import InputError
from declutter._html_api import clean_document, clean_html_document
from declutter._result import InputFormat, Result
from declutter.decide.cascade import Engine, classify
from declutter.decide.trees import ModelError, ObliviousEnsemble, load_model
from declutter.decode.text import decode_text
from declutter.features.dom import DOM_CONTEXT_FEATURES, DOM_FEATURES
from declutter.features.language import detect_language
from declutter.rules.lexicon import load_lexicon
from declutter.segment.text import segment_text


@lru_cache(maxsize=4)
def _engine(mode: str = "text") -> Engine:
    """The lexicon and the models of ``mode`` ("text" or "html"), loaded once per process.

    HTML mode uses its DOM-aware models when they are shipped, else the text models.
    """
    try:
        line = load_model(f"{mode}-line")
    except ModelError:
        if mode == "text":
            raise
        return _engine("text")
    stages: list[ObliviousEnsemble] = []
    while True:
        try:
            stages.append(load_model(f"{mode}-context-{len(stages) + 1}"))
        except ModelError:
            break
    if mode == "html":
        return Engine(load_lexicon(None), line, tuple(stages), DOM_FEATURES, DOM_CONTEXT_FEATURES)
    return Engine(load_lexicon(None), line, tuple(stages))


class Cleaner:
    """A reusable cleaner for one configuration; safe to share between threads.

    The lexicon and models are compiled once per process and shared; a ``Cleaner`` holds no
    state that cleaning changes.

    >>> cleaner = Cleaner(threshold=0.6)
    >>> page = "Share on Facebook\\n\\nThe bridge reopened on Friday after two years of repairs."
    >>> cleaner.clean_text(page).text
    'The bridge reopened on Friday after two years of repairs.'
    """

    def __init__(self, config: Config | None = None, **overrides: Any) -> None:
        self.config = (config or DEFAULT_CONFIG).replace(**overrides)
        self._engine = _engine("text")

    def clean_text(self, text: str | bytes) -> Result:
        """Clean one document of scraped text (one block per line).

        ``bytes`` are decoded as UTF-8 (a BOM selects UTF-16/32); other encodings raise
        ``DecodeError``: decode them first.
        """
        if isinstance(text, (bytes, bytearray)):
            text = decode_text(bytes(text)).text
        elif not isinstance(text, str):
            raise InputError(f"clean_text expects str or bytes, got {type(text).__name__}")
        document = segment_text(text)
        language = self.config.language or detect_language(document.text)
        decisions = classify(document.lines, language, self.config, self._engine)
        return Result(
            line_texts=document.lines,
            starts=document.starts,
            decisions=decisions,
            input_format=InputFormat.TEXT,
            format_reason="clean_text",
            language=language,
        )

    def clean_html(
        self, html: str | bytes, *, url: str | None = None, encoding: str | None = None
    ) -> Result:
        """Clean one HTML page (see ``declutter.clean_html``)."""
        return clean_html_document(
            html, config=self.config, engine=_engine("html"), url=url, encoding=encoding
        )

    def clean(
        self, document: str | bytes, *, url: str | None = None, encoding: str | None = None
    ) -> Result:
        """Clean a page that is HTML or plain text, whichever it looks like (see
        ``declutter.clean``)."""
        return clean_document(
            document, config=self.config, engine=_engine("html"), clean_text=self.clean_text,
            url=url, encoding=encoding,
        )  # fmt: skip


def clean_text(text: str | bytes, *, config: Config | None = None, **overrides: Any) -> Result:
    """Clean one document of scraped text and say, for every line, what was removed and why.

    >>> page = "Breaking News\\n\\nThe bridge reopened on Friday after two years of repairs."
    >>> result = clean_text(page)
    >>> print(result.text)
    The bridge reopened on Friday after two years of repairs.
    >>> [(line.kind.value, line.rule) for line in result.lines]
    [('ticker', 'lexicon.ticker'), ('empty', 'blank_line'), ('content', 'context.prose_fallback')]
    """
    return Cleaner(config, **overrides).clean_text(text)
