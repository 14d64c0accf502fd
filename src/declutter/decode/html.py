"""Decode the bytes of an HTML page the way a browser picks its charset, and never fail.

The order: a byte order mark; the charset of the HTTP ``Content-Type`` header if the caller
knows it; a ``<meta charset>`` or ``<meta http-equiv="Content-Type">`` in the first 4 KB; else
the bytes as UTF-8 unless they hold more broken UTF-8 sequences than well-formed non-ASCII
characters, in which case ``charset_normalizer``'s guess among the legacy web charsets.
Labels are normalized with ``codecs.lookup`` and mapped as browsers map them (``iso-8859-1``,
``latin-1`` and ``ascii`` read as ``windows-1252``, ``gb2312`` as ``gb18030``, ``shift_jis``
as ``cp932``...). A declared UTF-8 that the bytes are not, which is common, is checked the same
way. Bytes invalid in the chosen charset become U+FFFD and ``HtmlDecoded.replaced`` says
how many characters were replaced.

>>> decode_html('<meta charset="windows-1251"><p>Привет</p>'.encode("cp1251"))
('<meta charset="windows-1251"><p>Привет</p>', 'windows-1251')
>>> decode_html(b"<p>caf\\xe9</p>", http_charset="ISO-8859-1")
('<p>café</p>', 'windows-1252')
>>> decoded = decode_html_bytes('<meta charset="utf-8"><p>café \\xff</p>'.encode("latin-1"))
>>> decoded.text, decoded.encoding, decoded.origin
('<meta charset="utf-8"><p>café ÿ</p>', 'windows-1252', 'detected-over-meta')
>>> decoded = decode_html_bytes('<p>café</p>'.encode() + b"<p>\\xff</p>")
>>> decoded.text, decoded.encoding, decoded.origin, decoded.replaced
('<p>café</p><p>\\ufffd</p>', 'utf-8', 'utf-8-invalid', 1)
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from declutter.decode.text import guess_charset

#: How much of the page the ``<meta>`` charset is looked for in.
META_SNIFF_BYTES = 4096
#: How much of the page charset detection looks at (around the first non-ASCII byte).
DETECT_BYTES = 32768

_BOMS = (
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_META = re.compile(
    rb"""<meta[^>]{0,1024}?charset\s*=\s*["']?\s*([A-Za-z0-9._:\-]+)""", re.IGNORECASE | re.DOTALL
)
_NON_ASCII = re.compile(rb"[\x80-\xff]")
_NON_ASCII_TEXT = re.compile("[^\x00-\x7f]")
# WHATWG maps these labels to a superset; Python's codec of the same name is stricter.
_BROWSER_CODECS = {
    "ascii": "windows-1252",
    "latin-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "cp1252": "windows-1252",
    "iso8859-9": "windows-1254",
    "iso8859-11": "windows-874",
    "tis-620": "windows-874",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "shift_jis": "cp932",
    "euc_kr": "cp949",
    "big5": "big5hkscs",
    "utf-16-le": "utf-8",  # a declared UTF-16 without a BOM is read as UTF-8 (HTML standard)
    "utf-16-be": "utf-8",
    "utf-16": "utf-8",
}
# Labels browsers know and Python does not.
_WEB_LABELS = {
    "x-sjis": "cp932", "windows-31j": "cp932", "x-gbk": "gb18030", "x-euc-jp": "euc_jp",
    "x-user-defined": "cp1252", "x-cp1250": "cp1250", "x-cp1251": "cp1251",
    "unicode-1-1-utf-8": "utf-8", "unicode11utf8": "utf-8", "x-unicode20utf8": "utf-8",
}  # fmt: skip
_DISPLAY = {
    "cp1250": "windows-1250", "cp1251": "windows-1251", "cp1253": "windows-1253",
    "cp1254": "windows-1254", "cp1255": "windows-1255", "cp1256": "windows-1256",
    "cp1257": "windows-1257", "cp1258": "windows-1258", "cp874": "windows-874",
}  # fmt: skip
# The Python codec behind each display name (Python knows "windows-874" only as "cp874").
_PYTHON_CODECS = {display: codec for codec, display in _DISPLAY.items()}


@dataclass(frozen=True)
class HtmlDecoded:
    """Decoded HTML: the ``text``, the ``encoding`` used, where it came from (``origin``:
    ``bom``, ``http``, ``meta``, ``utf-8``, ``utf-8-invalid``, ``detected``,
    ``detected-over-meta``) and how many invalid byte sequences were ``replaced``."""

    text: str
    encoding: str
    origin: str
    replaced: int = 0

    def describe(self) -> str:
        """``decoded as windows-1251 (meta charset)``, plus replacements if any."""
        origin = {
            "bom": "byte order mark",
            "http": "HTTP charset",
            "meta": "meta charset",
            "utf-8": "valid UTF-8",
            "utf-8-invalid": "mostly UTF-8",
            "detected": "detected",
            "detected-over-meta": "detected; the declared charset did not fit",
        }.get(self.origin, self.origin)
        text = f"decoded as {self.encoding} ({origin})"
        if self.replaced:
            text += f"; {self.replaced:,} invalid byte sequences replaced"
        return text


def decode_html(data: bytes, *, http_charset: str | None = None) -> tuple[str, str]:
    """The text of an HTML page and the encoding it was read with (see the module doc)."""
    decoded = decode_html_bytes(data, http_charset=http_charset)
    return decoded.text, decoded.encoding


def decode_html_bytes(data: bytes, *, http_charset: str | None = None) -> HtmlDecoded:
    """Like ``decode_html``, with where the charset came from and how many bytes were bad."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return _decode(data[len(bom) :], name, "bom")
    if http_charset:
        codec = browser_codec(http_charset)
        if codec is not None:
            return _checked(data, codec, "http")
    match = _META.search(data, 0, META_SNIFF_BYTES)
    if match is not None:
        codec = browser_codec(match.group(1).decode("ascii", "replace"))
        if codec is not None:
            return _checked(data, codec, "meta")
    return _checked(data, "utf-8", "utf-8")


def browser_codec(label: str) -> str | None:
    """The charset a browser reads for ``label``, by its usual name; ``None`` if unknown.

    >>> browser_codec("LATIN1"), browser_codec("x-sjis"), browser_codec("GB2312")
    ('windows-1252', 'cp932', 'gb18030')
    >>> browser_codec("utf8"), browser_codec("klingon"), browser_codec("rot13")
    ('utf-8', None, None)
    """
    label = label.strip().strip("\"'").lower()
    try:
        name = codecs.lookup(_WEB_LABELS.get(label, label)).name
    except LookupError:
        return None
    try:
        b"a".decode(name)
    except LookupError:  # a text transform such as rot13, not a charset
        return None
    except UnicodeDecodeError:
        pass
    name = _BROWSER_CODECS.get(name, name)
    return _DISPLAY.get(name, name.replace("iso8859-", "iso-8859-"))


def python_codec(name: str) -> str:
    """The Python codec that reads the charset ``browser_codec`` calls ``name``.

    >>> python_codec("windows-874"), python_codec("windows-1251"), python_codec("cp932")
    ('cp874', 'cp1251', 'cp932')
    """
    return _PYTHON_CODECS.get(name, name)


def _checked(data: bytes, codec: str, origin: str) -> HtmlDecoded:
    """Decode with a declared charset (or as UTF-8 when nothing is declared, ``origin``
    ``utf-8``); UTF-8 that the bytes are not is checked against detection."""
    try:
        return HtmlDecoded(data.decode(python_codec(codec)), codec, origin)
    except UnicodeDecodeError as error:
        truncated = error.start >= len(data) - 3  # a page cut inside its last character
    decoded = _decode(data, codec, "utf-8-invalid" if origin == "utf-8" else origin)
    if codec == "utf-8" and not truncated:
        # Pages in a legacy charset often declare UTF-8 or nothing; keep UTF-8 unless the
        # bytes hold more broken sequences than well-formed non-ASCII characters.
        wellformed = len(_NON_ASCII_TEXT.findall(decoded.text)) - decoded.replaced
        if decoded.replaced > wellformed:
            guess = _detect(data)
            if guess is not None and guess != "utf-8":
                try:
                    origin = "detected" if origin == "utf-8" else "detected-over-meta"
                    return HtmlDecoded(data.decode(python_codec(guess)), guess, origin)
                except UnicodeDecodeError:
                    pass
    return decoded


def _decode(data: bytes, codec: str, origin: str) -> HtmlDecoded:
    """Decode, replacing invalid bytes and counting them."""
    python = python_codec(codec)
    try:
        return HtmlDecoded(data.decode(python), codec, origin)
    except UnicodeDecodeError:
        text = data.decode(python, "replace")
    try:
        genuine = data.count("\ufffd".encode(python))
    except (UnicodeEncodeError, LookupError):
        genuine = 0
    return HtmlDecoded(text, codec, origin, max(text.count("\ufffd") - genuine, 1))


def _detect(data: bytes) -> str | None:
    """The legacy charset of a sample of ``data`` (windows-1252 when it reads as Western
    text, else ``charset_normalizer``'s guess), or ``None``."""
    guess = guess_charset(_sample(data))
    return browser_codec(guess) if guess else None


def _sample(data: bytes) -> bytes:
    """Up to ``DETECT_BYTES`` of ``data`` around its first non-ASCII byte (markup is ASCII)."""
    if len(data) <= DETECT_BYTES:
        return data
    match = _NON_ASCII.search(data)
    first = match.start() if match else 0
    start = max(0, first - DETECT_BYTES // 8)
    return data[start : start + DETECT_BYTES]
