"""The systems the benchmarks compare: declutter and its peers, in text mode and HTML mode.

A *text system* maps flattened page text to cleaned text; an *HTML system* maps a page's HTML
to its main text. Each system is built by a factory that imports its dependency lazily and
raises ``Unavailable`` when it cannot run here (e.g. ``declutter.clean_html`` not written yet),
so that one missing peer does not stop a benchmark run.

Choices made to reproduce the data README's reference figures (see ``docs/benchmarks.md``):

* ``c4``: datatrove's own ``C4QualityFilter(filter_no_terminal_punct=True)``, default
  settings. When it drops the whole document (fewer than 5 sentences, or a ``{`` or "lorem
  ipsum" on a line it would keep) the benchmark output is the lines its line-level rules keep.
  These are computed in one pass by a ``C4QualityFilter`` whose document-level rules are off
  (``C4_LINE_RULES_ONLY``): on every document the default filter keeps, that filter returns
  exactly the same text (a kept document has no ``{``/lorem-ipsum line among the candidates,
  and the sentence count only decides the drop), so the output is "the default filter's text,
  or its kept lines where it drops the document". This reproduces the references (0.806 AEB,
  0.734 WCXB); scoring dropped documents as empty output (``c4_default``) gives 0.809 / 0.711.
  It also skips the per-line spaCy sentence count, which is most of the default filter's time;
  ``speed.py`` times the filter with its default settings as well.
* ``justext`` (text mode): every flattened line becomes one ``<p>`` (HTML-escaped) of a minimal
  document, run through ``justext.justext`` with the English stoplist; the non-boilerplate
  paragraphs are kept, one per line. ``justext-lang`` does the same with the jusText stoplist
  that contains the most of the page's tokens (a crude language guess).
* ``trafilatura``: ``trafilatura.extract(html, include_comments=False)``, otherwise default
  settings. This is what the reference figures used: it gives 0.960 AEB and 0.823 WCXB with
  every WCXB page-type figure equal to the reference, while the library defaults
  (``include_comments=True``, system ``trafilatura-defaults``) give 0.953 and 0.818.
* ``readability``: ``readability.Document(html).summary()`` flattened by ``html_text``.
"""

from __future__ import annotations

import html as html_lib
import re
from collections import Counter
from collections.abc import Callable

System = Callable[[str], str]
_WORD = re.compile(r"\w+")
TEXT_SYSTEMS = ("none", "declutter", "c4", "justext", "justext-lang")
HTML_SYSTEMS = ("declutter", "trafilatura", "readability", "resiliparse", "justext", "html_text")
EXTRA_HTML_SYSTEMS = ("trafilatura-defaults",)
# C4QualityFilter settings that switch off its document-level rules (sentence count, curly
# bracket, lorem ipsum), leaving the line-level rules.
C4_LINE_RULES_ONLY = {
    "min_num_sentences": -1,
    "filter_curly_bracket": False,
    "filter_lorem_ipsum": False,
}
WARM_UP = {
    "text": "Menu\nThis warm-up sentence ends with a full stop, as the filters like.",
    "html": "<html><body><p>This warm-up sentence ends with a full stop.</p></body></html>",
}


class Unavailable(Exception):
    """A system cannot run in this environment; the message says why."""


def text_system(name: str) -> System:
    """The text-mode system called ``name``."""
    factories: dict[str, Callable[[], System]] = {
        "none": _identity,
        "declutter": _declutter_text,
        "c4": _c4,
        "justext": _justext_text,
        "justext-lang": _justext_text_guessed,
    }
    if name not in factories:
        raise ValueError(f"unknown text system {name!r}; expected one of {TEXT_SYSTEMS}")
    return factories[name]()


def html_system(name: str) -> System:
    """The HTML-mode system called ``name``."""
    factories: dict[str, Callable[[], System]] = {
        "declutter": _declutter_html,
        "trafilatura": _trafilatura,
        "trafilatura-defaults": _trafilatura_defaults,
        "readability": _readability,
        "resiliparse": _resiliparse,
        "justext": _justext_html,
        "html_text": _html_text,
    }
    if name not in factories:
        known = HTML_SYSTEMS + EXTRA_HTML_SYSTEMS
        raise ValueError(f"unknown HTML system {name!r}; expected one of {known}")
    return factories[name]()


def _identity() -> System:
    return lambda text: text


def _declutter_text() -> System:
    import declutter

    return lambda text: declutter.clean_text(text).text


def _declutter_html() -> System:
    import declutter

    return lambda html: str(declutter.clean_html(html).text)


def declutter_pure(mode: str) -> System:
    """declutter on its pure-Python reference path (``declutter.native.use(False)``)."""
    from declutter import native

    inner = _declutter_text() if mode == "text" else _declutter_html()

    def run(document: str) -> str:
        with native.use(False):
            return inner(document)

    return run


def declutter_compiled(mode: str) -> System:
    """declutter on its compiled core; ``Unavailable`` when the core is not built."""
    from declutter import native

    status = native.status()
    if not status.active:
        raise Unavailable(f"no compiled core: {status.reason} {status.missing}")
    return _declutter_text() if mode == "text" else _declutter_html()


def _c4() -> System:
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    lines_only = C4QualityFilter(filter_no_terminal_punct=True, **C4_LINE_RULES_ONLY)

    def run(text: str) -> str:
        doc = Document(text=text, id="page")
        lines_only.filter(doc)
        return str(doc.text)

    return run


def c4_default() -> System:
    """datatrove's C4 filter with its default settings: a dropped document gives ``""``."""
    from datatrove.data import Document
    from datatrove.pipeline.filters import C4QualityFilter

    default = C4QualityFilter(filter_no_terminal_punct=True)

    def run(text: str) -> str:
        doc = Document(text=text, id="page")
        return str(doc.text) if default.filter(doc) is True else ""

    return run


def _justext_text() -> System:
    import justext

    stoplist = justext.get_stoplist("English")
    return lambda text: _justext_lines(text, stoplist)


def _justext_text_guessed() -> System:
    import justext

    stoplists = {name: justext.get_stoplist(name) for name in justext.get_stoplists()}

    def run(text: str) -> str:
        counts = Counter(_WORD.findall(text.lower()))
        best = max(
            sorted(stoplists),
            key=lambda name: sum(n for word, n in counts.items() if word in stoplists[name]),
        )
        return _justext_lines(text, stoplists[best])

    return run


def _justext_lines(text: str, stoplist: frozenset[str]) -> str:
    """jusText over ``text`` with each line as one paragraph; the non-boilerplate lines."""
    import justext

    body = "".join(f"<p>{html_lib.escape(line)}</p>" for line in text.split("\n"))
    paragraphs = justext.justext(f"<html><body>{body}</body></html>", stoplist)
    return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)


def _justext_html() -> System:
    import justext

    stoplist = justext.get_stoplist("English")

    def run(html: str) -> str:
        paragraphs = justext.justext(html, stoplist)
        return "\n".join(p.text for p in paragraphs if not p.is_boilerplate)

    return run


def _trafilatura() -> System:
    import trafilatura

    return lambda html: trafilatura.extract(html, include_comments=False) or ""


def _trafilatura_defaults() -> System:
    import trafilatura

    return lambda html: trafilatura.extract(html) or ""


def _readability() -> System:
    import html_text
    from readability import Document

    return lambda html: str(html_text.extract_text(Document(html).summary()))


def _resiliparse() -> System:
    from resiliparse.extract.html2text import extract_plain_text

    return lambda html: str(extract_plain_text(html, main_content=True))


def _html_text() -> System:
    import html_text

    return lambda html: str(html_text.extract_text(html))
