"""Byte decoding: BOMs, strict UTF-8, charset hints, explicit encodings, binary data."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import given
from hypothesis import strategies as st

from declutter import ConfigError, DecodeError, InputError
from declutter.decode.text import Decoded, check_encoding, decode_text, guess_charset

TEXT = "Zürich — “naïve” café, 東京\n"


def test_plain_utf8() -> None:
    assert decode_text(TEXT.encode()) == Decoded(TEXT, "utf-8", False)


def test_empty_bytes_give_empty_text() -> None:
    assert decode_text(b"") == Decoded("", "utf-8", False)


@pytest.mark.parametrize(
    ("bom", "codec", "name"),
    [
        (codecs.BOM_UTF8, "utf-8", "utf-8"),
        (codecs.BOM_UTF16_LE, "utf-16-le", "utf-16-le"),
        (codecs.BOM_UTF16_BE, "utf-16-be", "utf-16-be"),
        (codecs.BOM_UTF32_LE, "utf-32-le", "utf-32-le"),
        (codecs.BOM_UTF32_BE, "utf-32-be", "utf-32-be"),
    ],
)
def test_bom_decides_and_is_stripped(bom: bytes, codec: str, name: str) -> None:
    decoded = decode_text(bom + TEXT.encode(codec))
    assert decoded == Decoded(TEXT, name, True)


def test_invalid_utf8_names_offset_and_charset() -> None:
    data = b"A long enough ASCII prefix. " * 100 + "Caf\u00e9 cr\u00e8me br\u00fbl\u00e9e".encode(
        "cp1252"
    )
    with pytest.raises(DecodeError) as caught:
        decode_text(data)
    message = str(caught.value)
    offset = data.index(b"\xe9")
    assert message == (
        f"not valid UTF-8 at byte {offset} (looks like windows-1252); pass --encoding windows-1252"
    )
    assert "\n" not in message


def test_invalid_utf8_cyrillic_guess() -> None:
    data = "Привет, как дела? Это проверка кодировки текста.".encode("cp1251")
    with pytest.raises(DecodeError, match=r"at byte 0 \(looks like windows-1251\)"):
        decode_text(data)


def test_decode_error_is_an_input_error() -> None:
    with pytest.raises(InputError):
        decode_text(b"broken \xff\xfe\xfd")


def test_explicit_encoding() -> None:
    data = "Café crème".encode("latin-1")
    assert decode_text(data, encoding="latin-1") == Decoded("Café crème", "iso-8859-1", False)
    assert decode_text(data, encoding="windows-1252").encoding == "windows-1252"


def test_explicit_encoding_invalid_bytes() -> None:
    with pytest.raises(DecodeError, match=r"not valid utf-8 at byte 3 .*--encoding"):
        decode_text(b"Caf\xe9", encoding="utf-8")


def test_explicit_utf8_strips_bom() -> None:
    assert decode_text(codecs.BOM_UTF8 + b"abc", encoding="utf8") == Decoded("abc", "utf-8", True)


@pytest.mark.parametrize("name", ["klingon", "rot13", "base64", "zlib"])
def test_unknown_or_non_text_encoding(name: str) -> None:
    with pytest.raises(ConfigError, match=repr(name)):
        decode_text(b"abc", encoding=name)
    with pytest.raises(ConfigError):
        check_encoding(name)


def test_binary_nul_bytes() -> None:
    png = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00"
    with pytest.raises(InputError, match=r"^binary data"):
        decode_text(png)


def test_binary_control_bytes() -> None:
    data = bytes(range(1, 32)) * 50 + b"some text"
    with pytest.raises(InputError, match=r"^binary data \(\d+% control bytes"):
        decode_text(data)


def test_binary_with_explicit_encoding() -> None:
    with pytest.raises(InputError, match=r"^binary data"):
        decode_text(b"GIF89a\x00\x00\x01\x00" * 20, encoding="latin-1")


def test_bomless_utf16_is_named() -> None:
    data = "Plain text written as UTF-16 without a mark.".encode("utf-16-le")
    with pytest.raises(DecodeError, match=r"utf-16-le without a byte order mark"):
        decode_text(data)
    assert decode_text(data, encoding="utf-16-le").text.startswith("Plain text")


def test_stray_nul_after_the_sniffed_start_is_text() -> None:
    data = b"x" * 10_000 + b"\x00 rest"
    assert decode_text(data).text.endswith("\x00 rest")


def test_tabs_newlines_form_feeds_are_not_binary() -> None:
    data = b"a\tb\r\n\x0c" * 1000
    assert decode_text(data).text == data.decode()


def test_guess_charset_prefers_windows_1252_for_western_text() -> None:
    assert guess_charset("Straße in Zürich, 5 €".encode("cp1252")) == "windows-1252"
    assert guess_charset("Zażółć gęślą jaźń, powiedział.".encode("cp1250")) == "windows-1250"


_TEXTS = st.text(
    st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff")
    | st.sampled_from("\t\n\r")
)


@given(_TEXTS)
def test_utf8_round_trip(text: str) -> None:
    assert decode_text(text.encode()).text == text


@given(_TEXTS, st.sampled_from(["utf-8", "utf-16", "utf-32"]))
def test_bom_round_trip(text: str, codec: str) -> None:
    data = text.encode(codec) if codec != "utf-8" else codecs.BOM_UTF8 + text.encode()
    decoded = decode_text(data)
    assert decoded.text == text
    assert decoded.had_bom
