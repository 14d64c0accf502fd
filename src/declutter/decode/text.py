"""Turn the bytes of a file or of standard input into text, or say clearly why not.

Without an ``encoding`` the rules are: a UTF-8, UTF-16 or UTF-32 byte order mark decides and is
stripped; otherwise the bytes must be UTF-8. Bytes that are not get a ``DecodeError`` naming the
offset of the first bad byte and, when one can be told, the charset they look like.

>>> decode_text("Café".encode())
Decoded(text='Café', encoding='utf-8', had_bom=False)
>>> decode_text(b"\\xef\\xbb\\xbfTitle\\n")
Decoded(text='Title\\n', encoding='utf-8', had_bom=True)
>>> decode_text("Zürich".encode("utf-16"))
Decoded(text='Zürich', encoding='utf-16-le', had_bom=True)
>>> decode_text(b"")
Decoded(text='', encoding='utf-8', had_bom=False)
>>> decode_text(b"Caf\\xe9 au lait")  # doctest: +NORMALIZE_WHITESPACE
Traceback (most recent call last):
...
declutter._errors.DecodeError: not valid UTF-8 at byte 3 (looks like windows-1252);
    pass --encoding windows-1252
>>> decode_text(b"Caf\\xe9 au lait", encoding="latin-1").text
'Café au lait'
>>> decode_text(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR")
Traceback (most recent call last):
...
declutter._errors.InputError: binary data (NUL bytes in the first 8 KB), not text
>>> decode_text(b"abc", encoding="klingon")
Traceback (most recent call last):
...
declutter._errors.ConfigError: unknown encoding 'klingon'
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from dataclasses import dataclass

from declutter._errors import ConfigError, DecodeError, InputError

#: How much of the start of the input the binary check looks at.
SNIFF_BYTES = 8192
#: Share of control bytes (other than tab, newlines, form feed, escape) above which input is binary.
MAX_CONTROL_SHARE = 0.10

# Longest first: the UTF-32-LE mark starts with the UTF-16-LE one.
_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)
_CONTROL_BYTES = re.compile(rb"[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
_CONTROL_CHARS = re.compile("[\x00-\x08\x0e-\x1a\x1c-\x1f\x7f]")
# Legacy charsets seen on the web, tried when UTF-8 fails (charset_normalizer names).
_WEB_CHARSETS = [
    "cp1252", "cp1250", "cp1251", "cp1253", "cp1254", "cp1255", "cp1256", "cp1257", "cp874",
    "iso8859_2", "iso8859_15", "koi8_r", "shift_jis", "euc_jp", "gb18030", "big5", "euc_kr",
]  # fmt: skip
# Non-letters that Western text in windows-1252 commonly has outside ASCII.
_WESTERN_PUNCTUATION = frozenset("“”‘’„‚—–…€•«»°·§©®™£¥¢±×÷ ¹²³¼½¾ªº")


@dataclass(frozen=True)
class Decoded:
    """Decoded input: its ``text``, the ``encoding`` read with, whether a BOM was stripped."""

    text: str
    encoding: str
    had_bom: bool


def check_encoding(name: str) -> str:
    """The canonical name of text encoding ``name``, or ``ConfigError`` if there is none.

    >>> check_encoding("LATIN1"), check_encoding("windows-1252")
    ('iso8859-1', 'cp1252')
    >>> check_encoding("rot13")
    Traceback (most recent call last):
    ...
    declutter._errors.ConfigError: 'rot13' is not a text encoding
    """
    try:
        info = codecs.lookup(name)
    except LookupError:
        raise ConfigError(f"unknown encoding {name!r}") from None
    try:
        b"a".decode(info.name)  # empty bytes would skip the codec check
    except UnicodeDecodeError:
        pass
    except LookupError:
        raise ConfigError(f"{name!r} is not a text encoding") from None
    return info.name


def decode_text(data: bytes, *, encoding: str | None = None) -> Decoded:
    """Decode ``data`` strictly: with ``encoding`` if given, else by BOM, else as UTF-8.

    Raises ``ConfigError`` for an unknown ``encoding``, ``DecodeError`` for bytes invalid in
    the encoding and ``InputError`` for binary data. Empty ``data`` gives empty text.
    """
    if encoding is not None:
        return _decode_as(data, check_encoding(encoding))
    if not data:
        return Decoded("", "utf-8", False)
    for bom, name in _BOMS:
        if data.startswith(bom):
            decoded = _decode_as(data[len(bom) :], name)
            return Decoded(decoded.text, name, True)
    _check_binary_bytes(data[:SNIFF_BYTES])
    try:
        return Decoded(data.decode("utf-8"), "utf-8", False)
    except UnicodeDecodeError as error:
        guess = guess_charset(data, error.start)
        if guess:
            hint = f" (looks like {guess}); pass --encoding {guess}"
        else:
            hint = "; pass --encoding NAME with the file's charset"
        raise DecodeError(f"not valid UTF-8 at byte {error.start}{hint}") from None


def guess_charset(data: bytes, offset: int = 0) -> str | None:
    """A likely legacy charset of ``data`` judged around byte ``offset``, or ``None``.

    windows-1252 wins whenever it reads the bytes as letters and common punctuation, as it is by
    far the most common legacy charset of web pages; otherwise ``charset_normalizer`` decides.

    >>> guess_charset("Zażółć gęślą jaźń, powiedział.".encode("cp1250"))
    'windows-1250'
    >>> guess_charset("naïve “quotes”".encode("cp1252"))
    'windows-1252'
    """
    window = 32768
    sample = data if len(data) <= 2 * window else data[max(0, offset - window) : offset + window]
    if _reads_as_western(sample):
        return "windows-1252"
    import charset_normalizer  # imported here: only failing inputs pay for it

    best = charset_normalizer.from_bytes(sample, cp_isolation=_WEB_CHARSETS).best()
    if best is None or best.encoding.startswith("utf"):
        return None
    return _display_name(best.encoding)


def _reads_as_western(sample: bytes) -> bool:
    try:
        text = sample.decode("cp1252")
    except UnicodeDecodeError:
        return False
    extra = {char for char in text if not char.isascii()}
    if not extra:
        return False
    for char in extra:
        if not (unicodedata.category(char).startswith("L") or char in _WESTERN_PUNCTUATION):
            return False
    # Western languages write most letters in ASCII; Cyrillic or Greek bytes read as
    # windows-1252 give words of accented letters only.
    letters = [char for char in text if char.isalpha()]
    accented = sum(1 for char in letters if not char.isascii())
    return accented <= 0.3 * len(letters)


def _display_name(codec: str) -> str:
    """The usual web name of a Python codec name, if Python knows it by that name too."""
    name = codecs.lookup(codec).name
    match = re.fullmatch(r"cp(12\d\d)", name)
    if match:
        name = f"windows-{match.group(1)}"
    else:
        name = re.sub(r"^iso8859[-_]", "iso-8859-", name).replace("_", "-")
    try:
        codecs.lookup(name)
    except LookupError:
        return codec
    return name


def _decode_as(data: bytes, codec: str) -> Decoded:
    name = _display_name(codec)
    had_bom = False
    if name == "utf-8" and data.startswith(codecs.BOM_UTF8):
        data, had_bom = data[len(codecs.BOM_UTF8) :], True
    try:
        text = data.decode(codec)
    except UnicodeDecodeError as error:
        guess = guess_charset(data, error.start)
        hint = f"looks like {guess}; " if guess and guess != name else ""
        raise DecodeError(
            f"not valid {name} at byte {error.start} ({hint}pass another --encoding)"
        ) from None
    _check_binary_text(text[:SNIFF_BYTES])
    return Decoded(text, name, had_bom)


def _check_binary_bytes(head: bytes) -> None:
    if b"\x00" in head:
        utf16 = _bomless_utf16(head)
        if utf16 is not None:
            raise DecodeError(
                f"looks like {utf16} without a byte order mark; pass --encoding {utf16}"
            )
        raise InputError("binary data (NUL bytes in the first 8 KB), not text")
    _check_control_share(len(_CONTROL_BYTES.findall(head)), len(head))


def _check_binary_text(head: str) -> None:
    if "\x00" in head:
        raise InputError("binary data (NUL characters in the first 8 KB), not text")
    _check_control_share(len(_CONTROL_CHARS.findall(head)), len(head))


def _check_control_share(controls: int, size: int) -> None:
    if size and controls / size > MAX_CONTROL_SHARE:
        raise InputError(
            f"binary data ({controls / size:.0%} control bytes in the first 8 KB), not text"
        )


def _bomless_utf16(head: bytes) -> str | None:
    """``utf-16-le``/``-be`` when the NULs sit in every other byte, as in mostly-ASCII UTF-16."""
    head = head[: len(head) // 2 * 2]
    pairs = len(head) // 2
    if pairs < 2:
        return None
    for name, nul_at in (("utf-16-le", 1), ("utf-16-be", 0)):
        nuls = head[nul_at::2].count(0)
        others = head[1 - nul_at :: 2].count(0)
        if nuls >= 0.6 * pairs and others <= 0.05 * pairs:
            try:
                head.decode(name)
            except UnicodeDecodeError:
                continue
            return name
    return None
