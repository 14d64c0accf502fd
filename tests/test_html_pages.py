"""Real pages (tests/fixtures/html, see SOURCES.md): behaviour that must hold whatever the model.

For each page: a few sentences of the gold main text are kept, a few menu items are removed,
every line has a source, no script or style text reaches a line, the language is found.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path

import pytest
from selectolax.lexbor import LexborHTMLParser

import declutter
from declutter import Kind

FIXTURES = Path(__file__).parent / "fixtures" / "html"
GOLD = json.loads((FIXTURES / "gold.json").read_text(encoding="utf-8"))

# Page -> (language, starts of gold sentences that must be kept, menu items that must go).
EXPECTED: dict[str, tuple[str, list[str], list[str]]] = {
    "aeb-en-sciencealert": (
        "en",
        ["More than two decades ago, NASA's Galileo spacecraft found evidence of",
         "Out of 17 observations by the W. M. Keck Observatory in Hawaii"],
        ["Environment", "Politics & Society", "RSS Feed"],
    ),
    "aeb-ko-entermedia": (
        "ko",
        ["그런데 이런 대중들의 반응 때문이었을까.",
         "하지만 이러한 류화영의 폭로에 대해 엘제이 역시"],
        [],
    ),
    "aeb-pt-comoeducar": (
        "pt",
        ["Aqui nos Estados Unidos você tem à disposição materiais",
         "Tudo isso que estou dizendo é muito comum aqui também"],
        ["Boas-vindas", "Alfabetize em Casa"],
    ),
    "aeb-ru-gto": (
        "ru",
        ["Из рекомендации можно еще прописать player.modav speedmult 125"],
        ["Образование", "Таблица нормативов", "Официальные сайты"],
    ),
    "aeb-it-remember8090": (
        "it",
        ["Il black Friday incombe su di noi",
         "Negli ultimi anni, per favorire oltremodo i consumi"],
        ["Cartoni", "Giocattoli", "Programmi TV"],
    ),
    "wcxb-article-0490": (
        "en",
        ["This is exactly why I’m developing RAVVEN",
         "The biggest challenge with adopting Rust is not just the learning curve"],
        ["All systems normal", "Terms | Privacy"],
    ),
    "wcxb-article-2498": (
        "en",
        ["This is a retrospective of being a web developer from when I was growing up",
         "This was the era of learning by doing",
         "Ruby on Rails had launched in 2004, but it really hit its stride around 2007-2008."],
        ["Posts", "Projects"],
    ),
    "wcxb-forum-0541": (
        "en",
        ["According to https://archlinux.org/releng/releases/ , why did the ISO"],
        [],
    ),
    "wcxb-documentation-2997": (
        "en",
        ["In actual development, the module path will typically be the repository",
         "When your code imports packages contained in other modules, you manage"],
        ["Case Studies", "Common problems companies solve with Go", "Use Cases"],
    ),
    "wcxb-product-4225": (
        "en",
        ["Steam Deck is Bluetooth-ready, and its USB-C port can handle",
         "All of the rear case screws are now Torx™ type"],
        [],
    ),
    "wcxb-listing-3031": (
        "en",
        ["The International Image Interoperability Framework, or IIIF",
         "There are many applications that need to be able to write multi-block"],
        [],
    ),
    "wcxb-collection-4069": (
        "en",
        ["These fitness watches can give you answers to all of your different"],
        ["Sports Bras", "Top Sellers"],
    ),
    "wcxb-service-0134": (
        "en",
        ["We have a few different ways we get hired to develop apps.",
         "Because I run Make It All Work, a mobile app development company"],
        ["Expert SEO Services", "Cabling and Move Management"],
    ),
}  # fmt: skip


def words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


def page_bytes(name: str) -> bytes:
    with gzip.open(FIXTURES / f"{name}.html.gz", "rb") as handle:
        return handle.read()


@cache
def cleaned(name: str) -> declutter.Result:
    return declutter.clean_html(page_bytes(name), url=GOLD[name]["url"])


def test_the_fixtures_are_all_listed() -> None:
    names = {path.name.removesuffix(".html.gz") for path in FIXTURES.glob("*.html.gz")}
    assert names == set(EXPECTED) == set(GOLD)
    assert {GOLD[name]["page_type"] for name in names} >= {
        "article", "forum", "documentation", "product", "listing", "collection", "service"
    }  # fmt: skip
    sources = (FIXTURES / "SOURCES.md").read_text(encoding="utf-8")
    assert all(name in sources for name in names)


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_gold_sentences_are_kept(name: str) -> None:
    language, sentences, _ = EXPECTED[name]
    result = cleaned(name)
    assert result.language == language
    kept = [line.text for line in result.lines if line.kept]
    for sentence in sentences:
        assert words(sentence) in words(GOLD[name]["gold"])  # the fixture is right
        assert any(sentence in line for line in kept), sentence


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_menu_items_are_removed(name: str) -> None:
    result = cleaned(name)
    for item in EXPECTED[name][2]:
        lines = [line for line in result.lines if line.text == item]
        assert lines, item
        assert not any(line.kept for line in lines), item


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_lines_sources_and_hidden_text(name: str) -> None:
    result = cleaned(name)
    assert result.format_reason.startswith("clean_html; decoded as utf-8")
    assert all(line.source for line in result.lines)
    for line in result.lines:
        if line.kind is Kind.HIDDEN:
            assert not line.kept and line.rule == "html.hidden" and line.evidence
    tree = LexborHTMLParser(page_bytes(name))
    code = [node.text() for node in tree.css("script, style")]
    visible = "\n".join(line.text for line in result.lines if line.kind is not Kind.HIDDEN)
    for text in code:
        text = " ".join(text.split())
        if len(text) >= 30:
            assert text[:30] not in visible


@pytest.mark.parametrize("name", ["wcxb-documentation-2997", "wcxb-article-0490"])
def test_markdown_of_a_real_page(name: str) -> None:
    result = declutter.clean_html(page_bytes(name), output="markdown", include_links=True,
                                  url=GOLD[name]["url"])  # fmt: skip
    markdown = result.markdown
    assert markdown.count("```") % 2 == 0
    if name == "wcxb-documentation-2997":
        assert "```\n$ go mod init example/mymodule" in markdown or "```" in markdown
        assert "](https://" in markdown
