"""Check that a change to the HTML walk leaves every ``HtmlDocument`` as it was.

``save FILE`` segments every page of both development sets, the HTML fixture pages and a set
of hostile inputs (deep nesting, huge text nodes, markers in ``<pre>``, tables in tables,
hidden wrappers, ``<noscript>`` app shells), with ``links=False`` and ``links=True``, and
pickles the documents; ``check FILE`` segments them again with the code as it is now and
reports every field that differs. Run ``save`` before a refactoring, ``check`` after each step::

    python benchmarks/walk_identity.py save /tmp/walk-ref.pkl
    python benchmarks/walk_identity.py check /tmp/walk-ref.pkl

With the compiled core, ``check`` runs the native walk (``declutter.native._walk``) against a
reference saved with ``DECLUTTER_PURE_PYTHON=1``, and says how many walks it handed back to
the Python walk.

The decoded pages are pickled next to ``FILE`` (``FILE.inputs``) so that ``check`` reads the
same text even if the decoding changes in between.
"""

from __future__ import annotations

import argparse
import dataclasses
import gzip
import pickle
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

from declutter import native
from declutter.decode.html import decode_html_bytes
from declutter.segment.html import HtmlDocument, segment_html

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DATA = ROOT.parent / "shared" / "data"
FIXTURES = ROOT / "tests" / "fixtures" / "html"


def hostile() -> Iterator[tuple[str, str]]:
    """Inputs that stress the walk: nesting, size, markers, odd structures."""
    for tag in ("div", "span", "section", "b", "a", "td", "pre", "p", "li"):
        yield f"nested-{tag}", f"<{tag}>" * 100_000 + "deep text" + f"</{tag}>" * 100_000 + "<p>x"
    yield "unclosed-divs", "<div>" * 100_000 + "deep text"
    yield "huge-text", "<p>" + "word " * 2_000_000 + "</p>"
    yield "huge-pre", "<pre>" + "line  of text\n" * 200_000 + "</pre>"
    markers = "a\ufdd0 1\ufdd3 b\ufdd1 c\ufdd2 d"
    yield "markers-in-pre", f"<pre>x <a href='/l'>{markers}</a>\n\n{markers}\n</pre><p>{markers}"
    yield "markers-in-text", f"<p>{markers} <a href='/m'>in {markers} link</a></p>"
    yield "markers-in-cells", f"<table><tr><td>{markers}</td><td><a href='/c'>{markers}</a>"
    yield (
        "tables-in-tables",
        "<table><tr><td>a</td><td><table><tr><td>b</td><td>c</td></tr><tr><td>d<td>e</table>"
        "f</td><td>g</td></tr><tr><td><br><td>h<p>i</p>j</tr></table><td>orphan</td>" * 50,
    )
    yield "empty-cells", "<table><tr><td></td><td/><th>x</th><td></td></tr><tr></tr></table>"
    story = "".join(f"<p>Paragraph {n} explains one more idea in detail.</p>" for n in range(30))
    yield (
        "hidden-wrapper",
        f"<body><div id='__next'><div style='visibility:hidden'><article>{story}"
        "<div style='display:none'><p>Sign in</p></div></article></div></div><p>Cookies</p>",
    )
    yield "aria-wrapper", f"<body><div aria-hidden='true' class='page'>{story}</div><p>x</p>"
    posts = "".join(
        f"<div class='post'><p>Post {n}: the update broke the grammar checks in our documents"
        ", and reverting the settings did not bring them back.</p></div>"
        for n in range(30)
    )
    yield (
        "noscript-shell",
        "<html><body><section id='d-splash'><p>Loading</p></section><noscript><header>"
        f"<a href='/'>Community</a></header><div id='main-outlet' role='main'><h1>T</h1>{posts}"
        "</div></noscript></body></html>",
    )
    yield (
        "noscript-shell-hidden-wrapper",
        "<html><body><p>Loading</p><noscript><div style='display:none'>"
        f"<div role='main'>{posts}</div></div></noscript></body></html>",
    )
    yield (
        "hidden-inline",
        "<p>Price <span style='display:none'>old <b>very</b></span>is <a href='/5' hidden>5"
        "<span class='sr-only'>euros</span></a>.<i aria-hidden='true'>x</i></p>"
        "<ul><li>a<span hidden><p>block in hidden span</p>tail</span>b</li></ul>",
    )
    yield (
        "dialogs-and-landmarks",
        "<dialog><p>closed</p></dialog><dialog open><p>open</p></dialog><main><dialog><nav>"
        "<p>x</p></nav></dialog></main><div role='navigation' class='menu'><p>y</p></div>"
        "<aside><article><article><p>z</p></article></article></aside><footer><p>f</p></footer>",
    )
    yield (
        "inline-in-blocks",
        "<a href='/a'><div>block <a href='/b'>inner</a> in link</div>tail</a>"
        "<span class='share'><p>p in span</p><br>after</span><b><li>li in b</li></b>"
        "<p>x<script>var a;</script>y<style>p{}</style></p><p><svg><title>t</title></svg></p>",
    )
    yield (
        "kinds",
        "<ul><li><p>a</p><div>b<blockquote><p>c</p></blockquote></div></li></ul>"
        "<h2><div>d</div></h2><pre><p>e\n f</p><div>g</div></pre><figure><figcaption><p>h"
        "</p></figcaption></figure><dl><dt><p>i</p></dt><dd><section>j</section></dd></dl>",
    )
    yield (
        "br-and-empty",
        "<br><p><br></p><div>a<br><br>b<hr>c<img>d<input>e<wbr>f</div><pre>a<br>b<br></pre>",
    )
    yield "control-chars", "<p>text\x00with\x01controls\ufeff and \u2028 separators\r\n.</p>"
    yield "lone-surrogate", "<p>\ud800 lone surrogate</p>"
    yield (
        "title-and-meta",
        (
            "<html lang='fr'><head><title>A</title><title>B</title><meta name='description' "
            "content=' d  e '><meta property='og:title' content='o'><script type='application/"
            'ld+json\'>{"articleBody": "x"}</script><script type=\'module\'>1</script></head>'
            "<body><template><p>t</p></template><noscript>n</noscript><p>x</p></body></html>"
        ),
    )


def inputs(data: Path) -> list[tuple[str, str]]:
    """Every input as ``(name, html)``: the dev pages, the fixtures, the hostile inputs."""
    found: list[tuple[str, str]] = []
    for folder in (data / "aeb" / "html", data / "wcxb-dev" / "html", FIXTURES):
        for path in sorted(folder.glob("*.html.gz")):
            raw = gzip.decompress(path.read_bytes())
            found.append((f"{folder.parent.name}/{path.name}", decode_html_bytes(raw).text))
    found.extend(hostile())
    return found


def documents(pages: Sequence[tuple[str, str]]) -> dict[tuple[str, bool], HtmlDocument]:
    """The document of every page, with and without link spans."""
    return {
        (name, links): segment_html(html, links=links)
        for name, html in pages
        for links in (False, True)
    }


def differences(old: HtmlDocument, new: HtmlDocument) -> list[str]:
    """The fields of two documents that differ (by value or by the repr of their values)."""
    wrong = []
    for field in dataclasses.fields(HtmlDocument):
        before, after = getattr(old, field.name), getattr(new, field.name)
        if before != after or repr(before) != repr(after):
            wrong.append(field.name)
    return wrong


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("action", choices=("save", "check"))
    parser.add_argument("file", type=Path)
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    args = parser.parse_args(argv)
    cached = args.file.with_name(args.file.name + ".inputs")
    if args.action == "save":
        pages = inputs(args.data)
        cached.write_bytes(pickle.dumps(pages, protocol=pickle.HIGHEST_PROTOCOL))
        args.file.write_bytes(pickle.dumps(documents(pages), protocol=pickle.HIGHEST_PROTOCOL))
        print(f"saved {len(pages)} inputs x 2 to {args.file}")
        return 0
    pages = pickle.loads(cached.read_bytes())
    reference = pickle.loads(args.file.read_bytes())
    failed = 0
    for key, document in documents(pages).items():
        wrong = differences(reference[key], document)
        if wrong:
            failed += 1
            print(f"{key[0]} links={key[1]}: {', '.join(wrong)}")
    print(f"{len(reference) - failed} of {len(reference)} documents identical")
    kernel = native.kernel("walk")
    if kernel is None:
        print(f"walked by the Python walk: {native.status().missing.get('walk', 'switched off')}")
    else:
        print(f"walked by the native walk; {kernel.handed_back()} walks handed back to Python")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
