"""The documents the whole-pipeline tests run on: every fixture page, the bundled examples, and
small probes written to reach each rule of the registry.

``cleaned()`` cleans each document once per test session (in its own format, with the default
options, or with the options a probe names).
"""

from __future__ import annotations

import gzip
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import declutter
from declutter import Result
from declutter.rules.lexicon import read_language
from declutter.rules.registry import LEXICON_FAMILIES

TESTS = Path(__file__).parent
FIXTURES = TESTS / "fixtures"
EXAMPLES = TESTS.parent / "examples"

_PARAGRAPHS = (
    "The harbour authority said on Tuesday that the old ferry terminal would close next "
    "spring, after forty years of service to the islands and their visitors.",
    "Passengers will move to a new terminal on the north quay, which the authority says is "
    "easier to reach by bus and has room for larger ships in the winter.",
    "Local traders, who depend on day visitors, asked for a shuttle service during the first "
    "summer, and the authority agreed to pay for one out of its own budget.",
    "The council will review the timetable in the autumn, when the first figures on "
    "passenger numbers are expected from the operator and the port.",
)
ARTICLE = "\n\n".join(_PARAGRAPHS)
HTML_ARTICLE = "".join(f"<p>{paragraph}</p>" for paragraph in _PARAGRAPHS)


@dataclass(frozen=True)
class Document:
    """A document and how to clean it."""

    name: str
    payload: str | bytes
    format: str  # "text" or "html"
    options: dict[str, Any] = field(default_factory=dict)

    def clean(self) -> Result:
        """The document cleaned in its format with its options."""
        function = declutter.clean_html if self.format == "html" else declutter.clean_text
        return function(self.payload, **self.options)


def fixture_documents() -> list[Document]:
    """The fixture pages (HTML), the seed page (text) and the bundled examples."""
    documents = [
        Document(path.name.removesuffix(".html.gz"), gzip.decompress(path.read_bytes()), "html")
        for path in sorted((FIXTURES / "html").glob("*.html.gz"))
    ]
    documents.append(
        Document("seed-page", (FIXTURES / "seed" / "seed-page.txt").read_text("utf-8"), "text")
    )
    for path in sorted(EXAMPLES.iterdir()):
        if path.suffix in (".txt", ".html"):
            fmt = "html" if path.suffix == ".html" else "text"
            documents.append(Document(f"example-{path.stem}", path.read_bytes(), fmt))
    return documents


def _lexicon_probe(family: str) -> Document:
    example = read_language("en")[family]["examples"][0]
    return Document(f"lexicon-{family}", f"{example}\n\n{ARTICLE}", "text")


def probe_documents() -> list[Document]:
    """Small documents that reach the rules the fixture pages may not."""
    probes = [_lexicon_probe(family) for family in LEXICON_FAMILIES]
    probes += [
        Document("timecode", f"0:00 0:34:52 0:00\n\n{ARTICLE}", "text"),
        Document("symbols", f"» » »\n\n{ARTICLE}", "text"),
        Document(
            "markdown",
            f"# Ferry terminal to close\n\n{ARTICLE}\n\n- [Home](/)\n- [News](/news)\n"
            "- [Sport](/sport)\n- [Weather](/weather)\n",
            "text",
        ),
        Document("line-model-only", ARTICLE, "text", {"context": False}),
        Document("lone-sentence", "The council met on Monday and agreed the budget.", "text"),
        Document(
            "end-marker",
            f"{ARTICLE}\n\nLoad more\n\nThe mayor opened a new library in the old town hall on "
            "Saturday morning.",
            "text",
            {"threshold": 0.0},  # every line is content by score: the marker decides
        ),
        Document(
            "caption",
            "<article><h1>Ferry terminal to close</h1><figure><img src='a.jpg'><figcaption>A "
            "crowd waits for the last ferry at the old terminal.</figcaption></figure>"
            f"{HTML_ARTICLE}</article>",
            "html",
            {"threshold": 0.0},
        ),
        Document(
            "json-ld-body",
            '<html><head><script type=\'application/ld+json\'>{"articleBody": "'
            + " ".join(_PARAGRAPHS)
            + f'"}}</script></head><body><article>{HTML_ARTICLE}</article></body></html>',
            "html",
            # the model removes the paragraphs (no prose fallback without context); the JSON-LD
            # body keeps them
            {"threshold": 0.999, "context": False},
        ),
        Document(
            "photo-credit",
            f"{_PARAGRAPHS[0]}\n\nPhoto: Jane Doe/Reuters\n\n{ARTICLE}",
            "text",
            {"threshold": 0.0},  # every line is content by score: the credit rule decides
        ),
        Document(
            "headline-drop",
            "<html><head><title>Ferry terminal to close | Island News</title></head><body>"
            f"<article><h1>Ferry terminal to close</h1>{HTML_ARTICLE}</article></body></html>",
            "html",
            {"headline": "drop"},
        ),
        Document(
            "caption-twice",
            f"A crowd waits for the last ferry at the old terminal.\n\n{ARTICLE}\n\n"
            "A crowd waits for the last ferry at the old terminal.\n\n"
            "A crowd waits for the last ferry at the old terminal!",
            "text",
        ),
        Document(
            "dom-rules",
            '<html><head><script type=\'application/ld+json\'>{"articleBody": "The port '
            "closed its doors for the night and the last ferry left at nine o'clock. "
            + " ".join(_PARAGRAPHS)
            + '"}</script></head><body>'
            "<div class='sidebar'><p>Most read stories of the week from our island desk</p></div>"
            "<article><h1>Ferry terminal to close</h1>"
            "<figure><img src='a.jpg'><figcaption>A crowd waits for the last ferry at the old "
            "terminal on a grey morning.</figcaption></figure>"
            f"{HTML_ARTICLE}"
            "<h2>Timetable</h2>"
            "<p class='x'>The port closed its doors for the night and the last ferry left at "
            "nine o'clock.</p>"
            "<pre><code>ferry --depart 09:00 --from north-quay\nferry --arrive 10:30 --to "
            "islands</code></pre>"
            "<p hidden>A hidden line about the ferry timetable for the summer.</p>"
            f"{HTML_ARTICLE}"
            "</article>"
            "<div class='comments'><p>Alex says: I took this ferry every summer as a child and "
            "will miss the old terminal.</p><p>Sam says: The new quay is much easier to reach "
            "by bus, which is good news.</p></div>"
            "</body></html>",
            "html",
        ),
    ]
    return probes


def all_documents() -> list[Document]:
    """Fixtures and probes."""
    return fixture_documents() + probe_documents()


@cache
def _cleaned() -> dict[str, Result]:
    return {document.name: document.clean() for document in all_documents()}


def cleaned() -> dict[str, Result]:
    """Every document of ``all_documents``, cleaned (once per test session)."""
    return _cleaned()


def site_template_result() -> Result:
    """A page revised by site templates learned on its site's pages."""
    stories = ["rain", "snow", "wind", "hail", "fog", "frost"]
    pages = [
        f"The {word} came early this year and stayed until the end of March.\n"
        "Our newsletter goes out every Friday to all our readers."
        for word in stories
    ]
    templates = declutter.SiteTemplates(min_pages=5, min_share=0.5)
    templates.learn(("example.com", page) for page in pages)
    return templates.apply(declutter.clean_text(pages[0], threshold=0.0), "example.com")
