"""One entry to segmentation for every caller (the library, the CLI, the dump workers):
``segment_document(payload, format, encoding=...)`` decodes the payload, picks the format when
asked to (``"auto"``) and splits the document into lines.

>>> doc = segment_document("Title\\n\\nBody text.", "text")
>>> doc.format.value, doc.lines, doc.reason
('text', ['Title', '', 'Body text.'], 'clean_text')
>>> doc = segment_document(b"<!DOCTYPE html><p>One.</p><p hidden>Two.</p>", "auto")
>>> doc.format.value, doc.lines, doc.visible_lines
('html', ['One.', 'Two.'], ['One.', ''])
>>> doc.reason
'detected HTML: starts with <!DOCTYPE html>; decoded as utf-8 (valid UTF-8)'
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from declutter._errors import InputError
from declutter._result import InputFormat, TextShape
from declutter.decode.format import detect_format
from declutter.decode.html import decode_html_bytes
from declutter.decode.surrogates import repair_surrogates
from declutter.decode.text import decode_text
from declutter.segment.blocks import Blocks
from declutter.segment.dom import HtmlDocument
from declutter.segment.fragments import fragment_blocks
from declutter.segment.layout import MarkdownLayout
from declutter.segment.markdown import markdown_blocks
from declutter.segment.shape import Shape, detect_shape
from declutter.segment.text import segment_text

#: What a caller asks for: a format, or ``"auto"`` to detect it.
FormatChoice = Literal["auto", "text", "html"] | InputFormat
_CHOICES = ("auto", "text", "html")


@dataclass(frozen=True)
class Segmented:
    """A document split into lines, with how it was read.

    ``reason`` says how the format was chosen and, in HTML mode, how the input was decoded
    (``Result.format_reason``);
    ``html`` is the segmented page in HTML mode (its DOM columns), ``None`` in text mode.
    """

    format: InputFormat
    reason: str
    lines: list[str]
    starts: list[int]
    #: The lines, those of hidden elements (HTML mode) blanked.
    visible_lines: list[str]
    #: The text the document's language is detected on (the visible text).
    text: str
    html: HtmlDocument | None = None
    #: Text mode: the text's shape (plain, fragmented, Markdown) and why
    #: (``declutter.segment.shape``).
    shape: Shape | None = None
    #: Text mode, fragmented or Markdown text: the blocks of lines scored as one line each.
    blocks: Blocks | None = None

    @property
    def scored_lines(self) -> list[str]:
        """The lines the cascade decides: the visible lines, or one line per block."""
        return self.visible_lines if self.blocks is None else self.blocks.texts

    def layout(self, url: str | None) -> MarkdownLayout | None:
        """What markdown rendering needs beyond the lines (HTML mode), links resolved against
        ``url``."""
        if self.html is None:
            return None
        return MarkdownLayout(self.html.block_kind, self.html.block_id, self.html.links, url)


def segment_document(
    payload: str | bytes,
    format: FormatChoice = "auto",
    *,
    encoding: str | None = None,
    links: bool = False,
    deadline: float | None = None,
) -> Segmented:
    """Decode ``payload`` (bytes: with ``encoding`` if given, as the HTTP charset in HTML
    mode) and split it into lines as ``format`` says (``"auto"``: detect it).

    HTML mode: with ``links`` the link spans of each line are kept (markdown links);
    ``deadline`` (a ``time.perf_counter()`` value) stops segmentation with ``BudgetExceeded``.
    """
    if not isinstance(payload, (str, bytes, bytearray)):
        raise InputError(f"expected str or bytes, got {type(payload).__name__}")
    choice = format.value if isinstance(format, InputFormat) else format
    if choice not in _CHOICES:
        raise InputError(f"unknown format {format!r}; expected one of {', '.join(_CHOICES)}")
    if choice == "auto":
        detected, why = detect_format(payload)
        if detected is InputFormat.HTML:
            return _html(payload, f"detected HTML: {why}", encoding, links, deadline)
        return _text(payload, f"detected text: {why}", encoding)
    if choice == "html":
        return _html(payload, "clean_html", encoding, links, deadline)
    return _text(payload, "clean_text", encoding)


def _text(payload: str | bytes, reason: str, encoding: str | None) -> Segmented:
    if isinstance(payload, (bytes, bytearray)):
        payload = decode_text(bytes(payload), encoding=encoding).text
    document = segment_text(payload)
    lines = document.lines
    shape = detect_shape(document.text, lines)
    blocks = None
    if shape.kind is TextShape.MARKDOWN:
        blocks = markdown_blocks(document.text)
    elif shape.kind is TextShape.FRAGMENTED:
        blocks = fragment_blocks(lines)
    return Segmented(
        InputFormat.TEXT, reason, lines, document.starts, lines, document.text,
        shape=shape, blocks=blocks,
    )  # fmt: skip


def _html(
    payload: str | bytes, reason: str, encoding: str | None, links: bool, deadline: float | None
) -> Segmented:
    from declutter.segment.html import segment_html  # loads the parser on first use

    data = None
    if isinstance(payload, (bytes, bytearray)):
        payload = bytes(payload)
        decoded = decode_html_bytes(payload, http_charset=encoding)
        text, how = decoded.text, decoded.describe()
        if decoded.encoding == "utf-8" and decoded.origin != "bom" and not decoded.replaced:
            data = payload  # valid UTF-8 as read: the parser takes these very bytes
    else:
        text, how = repair_surrogates(payload), "given as text"
    page = segment_html(text, links=links, deadline=deadline, data=data)
    reason = f"{reason}; {how}"
    if page.flattened_tags:
        reason += f"; {page.flattened_tags:,} tags nested deeper than 512 flattened"
    visible = page.visible_lines()
    return Segmented(
        InputFormat.HTML, reason, page.lines, page.starts, visible, "\n".join(visible), page
    )
