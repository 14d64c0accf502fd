"""Load the shared development sets (AEB, WCXB dev) and flatten their pages to text.

Both sets live under ``--data`` (default ``../shared/data``); see ``docs/benchmarks.md``.
Flattened texts are cached under ``benchmarks/.cache/`` because flattening costs more than
cleaning. The flatteners (``FLATTENERS``), each with the settings a user would call it with:

- ``html_text``: ``html_text.extract_text(html)`` (the AEB "html-text" baseline);
- ``inscriptis``: ``inscriptis.get_text(html)``;
- ``resiliparse``: ``extract_plain_text(html, main_content=False)``;
- ``bs4``: BeautifulSoup (``html.parser``) ``get_text("\\n", strip=True)``: every inline element
  on a line of its own;
- ``markdown``: html2text's ``HTML2Text().handle(html)`` with ``body_width = 0`` (Markdown:
  links, list markers, ``#`` headings; lines not wrapped, as LLM-oriented scrapers set it:
  wrapping at 78 characters also wraps headings, which then are no longer Markdown headings);
- ``markdownify``: ``markdownify.markdownify(html)`` (Markdown, underlined headings).
"""

from __future__ import annotations

import gzip
import json
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

DEFAULT_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"
CACHE = Path(__file__).resolve().parent / ".cache"
CORPORA = ("aeb", "wcxb")


@dataclass(frozen=True)
class Page:
    """One page of a development set with its gold main text."""

    corpus: str
    id: str
    url: str
    page_type: str
    gold: str
    path: Path

    @property
    def host(self) -> str:
        """The page's host without a leading ``www.``: the unit of cross-validation splits."""
        host = urlsplit(self.url).hostname or ""
        return host[4:] if host.startswith("www.") else host

    def html_bytes(self) -> bytes:
        """The raw page as stored (gzip-decompressed)."""
        with gzip.open(self.path, "rb") as handle:
            return handle.read()

    def html(self) -> str:
        """The raw page decoded as UTF-8 (invalid bytes replaced)."""
        return self.html_bytes().decode("utf-8", errors="replace")


def load(corpus: str, data: Path = DEFAULT_DATA) -> list[Page]:
    """All pages of ``corpus`` (``"aeb"`` or ``"wcxb"``), sorted by id."""
    if corpus == "aeb":
        return _load_aeb(Path(data) / "aeb")
    if corpus == "wcxb":
        return _load_wcxb(Path(data) / "wcxb-dev")
    raise ValueError(f"unknown corpus {corpus!r}; expected one of {CORPORA}")


def _load_aeb(root: Path) -> list[Page]:
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    return [
        Page(
            corpus="aeb",
            id=page_id,
            url=item.get("url", ""),
            page_type="article",
            gold=item.get("articleBody") or "",
            path=root / "html" / f"{page_id}.html.gz",
        )
        for page_id, item in sorted(truth.items())
    ]


def _load_wcxb(root: Path) -> list[Page]:
    pages = []
    for path in sorted((root / "ground-truth").glob("*.json")):
        item = json.loads(path.read_text(encoding="utf-8"))
        page_id = path.stem
        pages.append(
            Page(
                corpus="wcxb",
                id=page_id,
                url=item.get("url", ""),
                page_type=item.get("_internal", {}).get("page_type", {}).get("primary", "unknown"),
                gold=item.get("ground_truth", {}).get("main_content") or "",
                path=root / "html" / f"{page_id}.html.gz",
            )
        )
    return pages


def _html_text(html: str) -> str:
    import html_text

    return str(html_text.extract_text(html))


def _inscriptis(html: str) -> str:
    import inscriptis

    return str(inscriptis.get_text(html))


def _resiliparse(html: str) -> str:
    from resiliparse.extract.html2text import extract_plain_text

    return str(extract_plain_text(html, main_content=False))


def _bs4(html: str) -> str:
    from bs4 import BeautifulSoup

    return str(BeautifulSoup(html, "html.parser").get_text("\n", strip=True))


def _html2text(html: str) -> str:
    import html2text

    converter = html2text.HTML2Text()
    converter.body_width = 0
    return str(converter.handle(html))


def _markdownify(html: str) -> str:
    from markdownify import markdownify

    return str(markdownify(html))


FLATTENERS: dict[str, Callable[[str], str]] = {
    "html_text": _html_text,
    "inscriptis": _inscriptis,
    "resiliparse": _resiliparse,
    "bs4": _bs4,
    "markdown": _html2text,
    "markdownify": _markdownify,
}
#: Flatteners that write Markdown: outputs on their text are scored after ``markup.plain_text``.
MARKDOWN_FLATTENERS = frozenset({"markdown", "markdownify"})


def flattened(page: Page, flattener: str = "html_text", cache: Path = CACHE) -> str:
    """``page`` flattened to text by ``flattener``, cached on disk."""
    path = cache / page.corpus / flattener / f"{page.id}.txt"
    if path.exists():
        return path.read_text(encoding="utf-8")
    text = FLATTENERS[flattener](page.html())
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)
    return text


def iter_flattened(pages: list[Page], flattener: str = "html_text") -> Iterator[tuple[Page, str]]:
    """Each page with its flattened text."""
    for page in pages:
        yield page, flattened(page, flattener)
