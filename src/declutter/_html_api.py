"""HTML mode: ``clean_html`` and ``clean`` (HTML or plain text, detected).

``clean_html`` decodes bytes (``declutter.decode.html``), segments the page into block lines
with DOM features (``declutter.segment.html``), lets the text classifier decide the visible
lines, then revises its decisions with the DOM (``declutter.decide.dom``). Budgets:
``max_bytes`` is checked on the input before anything else, ``max_seconds`` between stages
and while segmenting; over budget, ``BudgetExceeded`` says which budget, by how much and at
which stage.

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

import re
import time
from typing import TYPE_CHECKING, Any

from declutter._config import Config
from declutter._errors import BudgetExceeded, InputError
from declutter._result import Decisions, InputFormat, Result
from declutter.decide.cascade import Engine, classify
from declutter.decide.dom import apply_dom_rules
from declutter.decode.html import decode_html_bytes
from declutter.decode.text import decode_text
from declutter.features.dom import DomColumns
from declutter.features.language import detect_language
from declutter.segment.html import HtmlDocument, segment_html
from declutter.segment.layout import MarkdownLayout

if TYPE_CHECKING:
    from collections.abc import Callable

#: How much of the start of a document ``clean`` looks at to tell HTML from text.
SNIFF_CHARS = 4096
#: HTML tags in the first ``SNIFF_CHARS`` from which a document without ``<html>`` is HTML.
MIN_SNIFFED_TAGS = 3

_DOCTYPE = re.compile(r"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<!doctype\s+html", re.I | re.S)
_ROOT_TAG = re.compile(r"<(html|head|body)(?=[\s>])", re.IGNORECASE)
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|table|tr|td|h[1-6]|img|script|style|meta|link|section"
    r"|article|header|footer|nav|main|form|input|button|iframe|title|strong|em|b|i)(?=[\s/>])",
    re.IGNORECASE,
)


def clean_html(
    html: str | bytes,
    *,
    url: str | None = None,
    encoding: str | None = None,
    config: Config | None = None,
    **overrides: Any,
) -> Result:
    """Clean one HTML page and say, for every block line, what was removed and why.

    ``bytes`` are decoded like a browser does (BOM, ``encoding`` if given, e.g. the HTTP
    charset, ``<meta charset>``, else detection); ``url`` resolves relative links in markdown
    output. Keyword ``overrides`` change ``config`` (see ``Config``).
    """
    from declutter._api import Cleaner  # the entry points live there; imported late (cycle)

    return Cleaner(config, **overrides).clean_html(html, url=url, encoding=encoding)


def clean(
    document: str | bytes,
    *,
    url: str | None = None,
    encoding: str | None = None,
    config: Config | None = None,
    **overrides: Any,
) -> Result:
    """Clean a document that is HTML or plain text, whichever it looks like.

    Text given as ``bytes`` is decoded as ``clean_text`` does, or with ``encoding``.
    ``Result.format`` says which it was read as and ``Result.format_reason`` why.

    >>> clean("<!DOCTYPE html><p>The council agreed the budget.</p>").format_reason
    'detected HTML: starts with <!DOCTYPE html>; given as text'
    >>> clean("The council met on Monday.\\nIt agreed the budget.").format.value
    'text'
    """
    from declutter._api import Cleaner

    return Cleaner(config, **overrides).clean(document, url=url, encoding=encoding)


def detect_format(document: str | bytes) -> tuple[InputFormat, str]:
    """Whether ``document`` is HTML or plain text, and why.

    >>> detect_format("<div><p>One</p><p>Two</p></div>")
    (<InputFormat.HTML: 'html'>, '6 HTML tags in the first 4096 characters')
    >>> detect_format("Plain text with a < sign.")[1]
    'no HTML markup in the first 4096 characters'
    """
    head = document[: SNIFF_CHARS * 2]
    if isinstance(head, (bytes, bytearray)):
        head = bytes(head).decode("latin-1")
    head = head.lstrip("\ufeff\xef\xbb\xbf")[:SNIFF_CHARS]
    if _DOCTYPE.match(head):
        return InputFormat.HTML, "starts with <!DOCTYPE html>"
    root = _ROOT_TAG.search(head)
    if root is not None:
        return InputFormat.HTML, f"has an <{root.group(1).lower()}> tag"
    tags = len(_TAG.findall(head))
    if tags >= MIN_SNIFFED_TAGS:
        return InputFormat.HTML, f"{tags} HTML tags in the first {SNIFF_CHARS} characters"
    return InputFormat.TEXT, f"no HTML markup in the first {SNIFF_CHARS} characters"


def clean_html_document(
    html: str | bytes,
    *,
    config: Config,
    engine: Engine,
    url: str | None = None,
    encoding: str | None = None,
    detected: str = "",
) -> Result:
    """The pipeline of ``clean_html`` with a ready config and engine (``Cleaner`` calls it)."""
    started = time.perf_counter()
    deadline = started + config.max_seconds if config.max_seconds is not None else None
    check_size(html, config)
    if isinstance(html, (bytes, bytearray)):
        decoded = decode_html_bytes(bytes(html), http_charset=encoding)
        text, how = decoded.text, decoded.describe()
    elif isinstance(html, str):
        text, how = html, "given as text"
    else:
        raise InputError(f"clean_html expects str or bytes, got {type(html).__name__}")
    check_time(started, deadline, config, "decoding")
    links = config.output == "markdown" and config.include_links
    doc = segment_html(text, links=links, deadline=deadline)
    check_time(started, deadline, config, "segmentation")
    visible = visible_lines(doc)
    language = config.language or detect_language("\n".join(visible))
    decisions = decide_html(doc, language, config, engine, visible)
    check_time(started, deadline, config, "classification")
    reason = f"{detected}; {how}" if detected else f"clean_html; {how}"
    if doc.flattened_tags:
        reason += f"; {doc.flattened_tags:,} tags nested deeper than 512 flattened"
    return Result(
        line_texts=doc.lines,
        starts=doc.starts,
        decisions=decisions,
        input_format=InputFormat.HTML,
        format_reason=reason,
        language=language,
        layout=MarkdownLayout(doc.block_kind, doc.block_id, doc.links, url),
    )


def visible_lines(doc: HtmlDocument) -> list[str]:
    """The segmented lines with those of hidden elements blanked out."""
    return [line if not hidden else "" for line, hidden in zip(doc.lines, doc.hidden, strict=True)]


def decide_html(
    doc: HtmlDocument,
    language: str,
    config: Config,
    engine: Engine,
    visible: list[str] | None = None,
) -> Decisions:
    """The decision on every line of a segmented page: the models (with DOM features when the
    engine has them), then the DOM rules; every line gets its DOM source."""
    lines = visible_lines(doc) if visible is None else visible
    columns = DomColumns(doc)
    extra = columns.matrix if engine.extra_features else None
    extra_context = columns.context if engine.extra_context_features else None
    decisions = classify(lines, language, config, engine, extra, extra_context)
    apply_dom_rules(doc, decisions, config)
    decisions.sources = [*doc.sources]
    return decisions


def clean_document(
    document: str | bytes,
    *,
    config: Config,
    engine: Engine,
    clean_text: Callable[[str | bytes], Result],
    url: str | None = None,
    encoding: str | None = None,
) -> Result:
    """The pipeline of ``clean``: detect the format, then clean as HTML or as text."""
    if not isinstance(document, (str, bytes, bytearray)):
        raise InputError(f"clean expects str or bytes, got {type(document).__name__}")
    kind, why = detect_format(document)
    if kind is InputFormat.HTML:
        return clean_html_document(
            document, config=config, engine=engine, url=url, encoding=encoding,
            detected=f"detected HTML: {why}",
        )  # fmt: skip
    started = time.perf_counter()
    check_size(document, config)
    if isinstance(document, (bytes, bytearray)):
        document = decode_text(bytes(document), encoding=encoding).text
    result = clean_text(document)
    check_time(started, None, config, "cleaning")
    result.format_reason = f"detected text: {why}"
    return result


def check_size(document: str | bytes, config: Config) -> None:
    """Raise ``BudgetExceeded`` if ``document`` is larger than ``max_bytes`` (UTF-8 bytes)."""
    limit = config.max_bytes
    if limit is None:
        return
    if isinstance(document, str):
        if len(document) * 4 <= limit:
            return
        size = len(document) if len(document) > limit else len(document.encode("utf-8", "replace"))
    else:
        size = len(document)
    if size > limit:
        raise BudgetExceeded(
            f"budget.max_bytes: the document is {size:,} bytes, over max_bytes={limit:,}"
        )


def check_time(started: float, deadline: float | None, config: Config, stage: str) -> None:
    """Raise ``BudgetExceeded`` if ``max_seconds`` has passed since ``started``."""
    if config.max_seconds is None:
        return
    elapsed = time.perf_counter() - started
    if elapsed > config.max_seconds:
        raise BudgetExceeded(
            f"budget.max_seconds: cleaning took {elapsed:.2f} s, over "
            f"max_seconds={config.max_seconds:g} (stopped after {stage})"
        )
