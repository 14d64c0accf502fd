"""Decoding the bytes of HTML pages: declared, detected, broken."""

from __future__ import annotations

import codecs

import pytest

import declutter
from declutter.decode.html import browser_codec, decode_html, decode_html_bytes

TEXTS = {
    "windows-1251": "Москва — столица России. Это большой город с богатой историей и культурой, "
    "где живут миллионы людей.",
    "gbk": "北京是中华人民共和国的首都，也是全国的政治和文化中心。这座城市有三千多年的历史。",
    "shift_jis": "東京は日本の首都です。多くの人々が住んでいて、毎日たくさんの電車が走っています。",
    "iso-8859-2": "Zażółć gęślą jaźń. Příliš žluťoučký kůň úpěl ďábelské ódy v Praze.",
    "euc-kr": "서울은 대한민국의 수도입니다. 많은 사람들이 살고 있으며 역사가 깊은 도시입니다.",
    "iso-8859-7": "Η Αθήνα είναι η πρωτεύουσα της Ελλάδας και η μεγαλύτερη πόλη της χώρας.",
    "koi8-r": "Москва - столица России. Это большой город с богатой историей и культурой.",
    "windows-1252": "Le conseil s'est réuni mardi et a adopté le budget de l'année prochaine.",
}


def page(text: str, head: str = "") -> str:
    return (
        f"<!DOCTYPE html><html><head>{head}<title>t</title></head><body>"
        f"<p>{text}</p><p>{text}</p></body></html>"
    )


@pytest.mark.parametrize("charset", list(TEXTS))
@pytest.mark.parametrize("how", ["meta", "http-equiv", "http"])
def test_declared_charsets_decode_right(charset: str, how: str) -> None:
    text = TEXTS[charset]
    head = {
        "meta": f'<meta charset="{charset}">',
        "http-equiv": f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">',
        "http": "",
    }[how]
    data = page(text, head).encode(charset)
    decoded = decode_html_bytes(data, http_charset=charset if how == "http" else None)
    assert text in decoded.text
    assert decoded.replaced == 0
    assert decoded.origin == ("http" if how == "http" else "meta")
    result = declutter.clean_html(data, encoding=charset if how == "http" else None)
    assert text in result.line_texts


@pytest.mark.parametrize("charset", ["windows-1251", "gbk", "shift_jis", "euc-kr", "koi8-r",
                                     "windows-1252"])  # fmt: skip
def test_undeclared_charsets_are_detected(charset: str) -> None:
    text = TEXTS[charset]
    decoded = decode_html_bytes(page(text).encode(charset))
    assert text in decoded.text and decoded.origin == "detected"


def test_bom_wins() -> None:
    for bom, codec in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le")):
        data = bom + page("Zürich", '<meta charset="windows-1251">').encode(codec)
        decoded = decode_html_bytes(data)
        assert "Zürich" in decoded.text and decoded.origin == "bom"
        assert not decoded.text.startswith("\ufeff")


def test_utf8_is_the_default() -> None:
    assert decode_html(page("Zürich €").encode()) == (page("Zürich €"), "utf-8")
    assert decode_html(b"") == ("", "utf-8")


def test_a_wrong_meta_charset_does_not_crash() -> None:
    text = TEXTS["windows-1251"]
    # Declared UTF-8, really windows-1251: detection takes over.
    decoded = decode_html_bytes(page(text, '<meta charset="utf-8">').encode("cp1251"))
    assert text in decoded.text and decoded.origin == "detected-over-meta"
    # Declared Shift_JIS, really windows-1251: read as declared, bad bytes replaced and counted.
    decoded = decode_html_bytes(page(text, '<meta charset="shift_jis">').encode("cp1251"))
    assert decoded.encoding == "cp932" and decoded.replaced > 0
    result = declutter.clean_html(page(text, '<meta charset="shift_jis">').encode("cp1251"))
    assert "invalid byte sequences replaced" in result.format_reason
    # Unknown and non-text labels are ignored.
    for label in ("klingon", "rot13", "base64", ""):
        data = page("café crème", f'<meta charset="{label}">').encode("cp1252")
        assert "café crème" in decode_html(data)[0]


def test_invalid_bytes_are_replaced_never_raised() -> None:
    data = page("Zürich, Genève, Köln ok").encode() + b"<p>\xff\xfe broken \xc3</p>"
    decoded = decode_html_bytes(data)
    assert decoded.encoding == "utf-8" and decoded.replaced == 3
    assert "Zürich, Genève, Köln ok" in decoded.text
    truncated = page("Zürich").encode()[:-3] + "€".encode()[:2]
    assert decode_html_bytes(truncated).encoding == "utf-8"
    for junk in (bytes(range(256)) * 4, b"\x00" * 100, b"\xff" * 1000):
        decode_html(junk)
        declutter.clean_html(junk)


def test_browser_label_mapping() -> None:
    assert browser_codec("ISO-8859-1") == "windows-1252"
    assert browser_codec("us-ascii") == "windows-1252"
    assert browser_codec("gb2312") == "gb18030"
    assert browser_codec("Shift_JIS") == "cp932"
    assert browser_codec("euc-kr") == "cp949"
    assert browser_codec("ISO-8859-2") == "iso-8859-2"
    assert browser_codec("'windows-1251'") == "windows-1251"
    assert browser_codec("utf-16") == "utf-8"
    assert browser_codec("nonsense") is None
