"""Tell HTML from plain text by the start of a document.

>>> detect_format("<div><p>One</p><p>Two</p></div>")
(<InputFormat.HTML: 'html'>, '6 HTML tags in the first 4096 characters')
>>> detect_format("Plain text with a < sign.")[1]
'no HTML markup in the first 4096 characters'
>>> detect_format("<!-- a --> <!DOCTYPE html><p>x")[1]
'starts with <!DOCTYPE html>'
"""

from __future__ import annotations

import re

from declutter._result import InputFormat

#: How much of the start of a document is looked at to tell HTML from text.
SNIFF_CHARS = 4096
#: HTML tags in the first ``SNIFF_CHARS`` from which a document without ``<html>`` is HTML.
MIN_SNIFFED_TAGS = 3

# The comments before the doctype are matched atomically: a comment ends at its first "-->",
# and backtracking into a run of comments could only try the same text again (exponentially).
_DOCTYPE = re.compile(
    r"\A\s*+(?:<\?xml[^>]*>\s*)?(?>(?:<!--.*?-->\s*)*)<!doctype\s+html", re.I | re.S
)
_ROOT_TAG = re.compile(r"<(html|head|body)(?=[\s>])", re.IGNORECASE)
_TAG = re.compile(
    r"</?(?:p|div|span|a|br|li|ul|ol|table|tr|td|h[1-6]|img|script|style|meta|link|section"
    r"|article|header|footer|nav|main|form|input|button|iframe|title|strong|em|b|i)(?=[\s/>])",
    re.IGNORECASE,
)


def detect_format(document: str | bytes) -> tuple[InputFormat, str]:
    """Whether ``document`` is HTML or plain text, and why."""
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
