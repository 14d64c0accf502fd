"""The DOM revision of HTML mode: a step of the decision cascade (``decide.cascade``).

In order, on the decisions the models, the rules and the context revision made for the
visible lines:

1. ``html.hidden``: lines of hidden elements and the summary lines of scripts, styles and the
   like are removed, the evidence names the reason (``style="display:none" on div.modal``);
2. ``html.dom``: lines kept by any step, or removed by the models or a ``context.*`` rule,
   inside a chrome landmark
   (``header``, ``nav``, ``aside``, ``footer``, or their ARIA roles) or an element whose class,
   id, role or aria-label names chrome (nav, menu, breadcrumb, footer, sidebar, share, social,
   related, promo, cookie, newsletter, ad), outside the main content, are removed with that
   evidence (``inside <nav> (body>header>nav)``). Link lists elsewhere are left to the
   models, which see each line's link density and that of its containers: a hard link-density
   cut removed the items of listing and collection pages;
3. ``html.comments``: with ``include_comments=False``, lines inside comment blocks (class
   hit ``comment``) that follow the article, kept, or removed by the models or a ``context.*``
   rule, are removed as ``comment``; with ``include_comments=True`` they are exempt from
   ``html.dom``, and those of at least ``COMMENT_MIN_WORDS`` words are kept as ``comment``
   (``keep_comments``);
4. ``html.code``: a ``pre`` block is kept whole when it sits in the main content or next to
   kept text; ``html.heading``: an ``h2``-``h6`` the model removed is kept before kept text;
   ``html.jsonld``: lines the model removed that the page's JSON-LD ``articleBody`` contains
   word for word are kept;
5. ``html.caption``: kept content lines of a ``figcaption`` or table ``caption`` are captions
   (kept by default; ``--drop caption`` removes them).

The main content is ``<main>`` (or ``role="main"``, ``itemprop="articleBody"``) and the
``<article>`` holding the most visible text, with the articles nested in it. Guards keep the
markup from lying: a chrome element holding more than ``WRAPPER_SHARE`` of the kept text is a
page wrapper and is ignored, and comments are removed only after at least
``COMMENTS_AFTER_CHARS`` characters of kept non-comment text.
"""

from __future__ import annotations

from declutter._config import Config
from declutter._result import Decisions, Kind
from declutter.decide.page import Page
from declutter.segment.dom import BlockKind, ClassHit, HtmlDocument

#: A chrome element with more than this share of the kept characters wraps the page.
WRAPPER_SHARE = 0.5
#: Kept non-comment characters needed before comment blocks count as comments on an article.
COMMENTS_AFTER_CHARS = 400
#: ``include_comments=True``: a comment-block line needs this many words to be kept as a comment.
COMMENT_MIN_WORDS = 4
#: Headings from this level on are kept before kept text (h1 is the page title).
HEADING_MIN_LEVEL = 2
#: JSON-LD articleBody lines shorter than this are not restored (too likely to match anywhere).
JSONLD_MIN_CHARS = 40

_CHROME_KINDS = {
    "nav": Kind.NAVIGATION, "menu": Kind.NAVIGATION, "header": Kind.NAVIGATION,
    "breadcrumb": Kind.BREADCRUMB, "footer": Kind.BOILERPLATE, "aside": Kind.BOILERPLATE,
    "sidebar": Kind.BOILERPLATE, "share": Kind.SHARE, "social": Kind.SHARE,
    "related": Kind.RELATED, "promo": Kind.ADVERT, "ad": Kind.ADVERT,
    "cookie": Kind.COOKIE_NOTICE, "newsletter": Kind.NEWSLETTER,
}  # fmt: skip
_COMMENT = int(ClassHit.COMMENT)
#: Rules of the text model: its removals may be explained better by the DOM.
_MODEL_RULES = ("model.", "context.")


def main_lines(doc: HtmlDocument) -> list[bool]:
    """Per line: inside ``<main>`` or in the article with the most visible text."""
    chars: dict[int, int] = {}
    for line, article, hidden in zip(doc.lines, doc.article, doc.hidden, strict=True):
        if article >= 0 and not hidden:
            chars[article] = chars.get(article, 0) + len(line)
    if not chars:
        return list(doc.in_main)
    parents = doc.article_parent
    # The winner's text includes that of the articles nested in it.
    totals = dict.fromkeys(chars, 0)
    for article, size in chars.items():
        node = article
        while node >= 0:
            if node in totals:
                totals[node] += size
            node = parents[node] if node < len(parents) else -1
    best = max(totals, key=totals.__getitem__)
    inside: dict[int, bool] = {}
    for article in set(doc.article):
        node = article
        while node >= 0 and node != best:
            node = parents[node] if node < len(parents) else -1
        inside[article] = node == best
    return [main or inside[article] for main, article in zip(doc.in_main, doc.article, strict=True)]


def revise_with_dom(page: Page) -> None:
    """The DOM revision of an HTML page (nothing in text mode)."""
    if page.dom is not None:
        apply_dom_rules(page.dom, page.decisions, page.config)


def apply_dom_rules(doc: HtmlDocument, decisions: Decisions, config: Config) -> None:
    """Revise ``decisions`` (made on the visible lines) with the DOM evidence of ``doc``."""
    lines = doc.lines
    kept = decisions.kept
    rules = decisions.rules
    main = main_lines(doc)
    sizes = [len(line) for line in lines]
    total = sum(size for size, keep in zip(sizes, kept, strict=True) if keep)
    wrappers = _wrappers(doc, kept, sizes, main, total)
    for index, reason in enumerate(doc.hidden):
        if reason:
            decisions.set(
                index, Kind.HIDDEN, "html.hidden", "%s", reason, score=0.0, context_free=True
            )
            continue
        if main[index] or not (kept[index] or rules[index].startswith(_MODEL_RULES)):
            continue
        trigger = doc.chrome[index]
        if trigger >= 0 and trigger not in wrappers:
            kind = _CHROME_KINDS.get(doc.chrome_hits[trigger], Kind.BOILERPLATE)
            if not (config.include_comments and doc.class_hits[index] & _COMMENT):
                decisions.set(index, kind, "html.dom", "%s", doc.chrome_reasons[trigger])
    if config.include_comments:
        keep_comments(doc, decisions, sizes)
    else:
        _remove_comments(doc, decisions, sizes)
    _keep_code(doc, decisions, main)
    _keep_headings(doc, decisions)
    _keep_article_body(doc, decisions)
    _mark_captions(doc, decisions)


def _wrappers(
    doc: HtmlDocument, kept: list[bool], sizes: list[int], main: list[bool], total: int
) -> set[int]:
    """Chrome triggers that hold more than ``WRAPPER_SHARE`` of the kept text."""
    held: dict[int, int] = {}
    for trigger, keep, size, inside in zip(doc.chrome, kept, sizes, main, strict=True):
        if trigger >= 0 and keep and not inside:
            held[trigger] = held.get(trigger, 0) + size
    return {trigger for trigger, size in held.items() if size > WRAPPER_SHARE * total}


def _remove_comments(doc: HtmlDocument, decisions: Decisions, sizes: list[int]) -> None:
    kept = decisions.kept
    first, before = _first_comment(doc, kept, sizes)
    if first < 0 or before < COMMENTS_AFTER_CHARS:
        return
    rules = decisions.rules
    for index in range(first, len(sizes)):
        if doc.class_hits[index] & _COMMENT and (
            kept[index] or rules[index].startswith(_MODEL_RULES)
        ):
            decisions.set(
                index, Kind.COMMENT, "html.comments",
                "inside a comment block (%s), after %s characters of article text; "
                "include_comments=False", doc.sources[index], f"{before:,}",
            )  # fmt: skip


def _first_comment(doc: HtmlDocument, kept: list[bool], sizes: list[int]) -> tuple[int, int]:
    """The first visible line of a comment block and the kept characters before it
    (``(-1, chars)`` when there is none)."""
    before = 0
    for index, hits in enumerate(doc.class_hits):
        if hits & _COMMENT and not doc.hidden[index]:
            return index, before
        if kept[index]:
            before += sizes[index]
    return -1, before


def keep_comments(doc: HtmlDocument, decisions: Decisions, sizes: list[int]) -> None:
    """``include_comments=True``: the comments under an article are delivered, kind ``comment``
    and kept. A line of a comment block after at least ``COMMENTS_AFTER_CHARS`` characters of
    kept article text, decided by the models or a ``context.*`` rule, with at least
    ``COMMENT_MIN_WORDS`` words, is kept as a comment; comment furniture the lexicon names
    ("Reply", "12 likes", "Alex says:") and shorter lines (names, dates) stay as decided.
    (The compiled cascade runs this function: the option is rare and the step is short.)
    """
    kept, rules = decisions.kept, decisions.rules
    first, before = _first_comment(doc, kept, sizes)
    if first < 0 or before < COMMENTS_AFTER_CHARS:
        return
    for index in range(first, len(sizes)):
        if (
            doc.class_hits[index] & _COMMENT
            and not doc.hidden[index]
            and rules[index].startswith(_MODEL_RULES)
            and len(doc.lines[index].split()) >= COMMENT_MIN_WORDS
        ):
            decisions.set(
                index, Kind.COMMENT, "html.comments",
                "inside a comment block (%s), after %s characters of article text; "
                "include_comments=True", doc.sources[index], f"{before:,}", kept=True,
            )  # fmt: skip


def _keep_code(doc: HtmlDocument, decisions: Decisions, main: list[bool]) -> None:
    """Keep each ``pre`` block whole when it is in the main content or next to kept text."""
    if Kind.CONTENT not in decisions.kept_kinds:
        return
    kinds = doc.block_kind
    kept = decisions.kept
    count = len(kinds)
    index = 0
    while index < count:
        if kinds[index] is not BlockKind.PRE or doc.hidden[index]:
            index += 1
            continue
        block = doc.block_id[index]
        end = index
        while (
            end + 1 < count and kinds[end + 1] is BlockKind.PRE and doc.block_id[end + 1] == block
        ):
            end += 1
        rules = decisions.rules
        chrome = any(rules[i] == "html.dom" for i in range(index, end + 1))
        before = _neighbour(kinds, kept, doc.hidden, index, -1)
        after = _neighbour(kinds, kept, doc.hidden, end, 1)
        if not chrome and (main[index] or before or after):
            why = "in the main content" if main[index] else "next to kept text"
            for line in range(index, end + 1):
                if not kept[line]:
                    decisions.set(
                        line, Kind.CONTENT, "html.code",
                        "line of a code block (lines %d-%d) %s", index + 1, end + 1, why,
                    )  # fmt: skip
        index = end + 1


def _keep_headings(doc: HtmlDocument, decisions: Decisions) -> None:
    """Keep ``h2``-``h6`` lines the model removed when the next visible line is kept (the
    ``h1`` is the page title, which extraction gold usually leaves out)."""
    if Kind.HEADING not in decisions.kept_kinds:
        return
    kept = decisions.kept
    rules = decisions.rules
    kinds = doc.block_kind
    following = -1  # the next visible line, if kept
    for index in range(len(kinds) - 1, -1, -1):
        if doc.hidden[index] or not doc.lines[index].strip():
            continue
        level = kinds[index].heading_level
        if (
            level >= HEADING_MIN_LEVEL
            and not kept[index]
            and following >= 0
            and rules[index].startswith(_MODEL_RULES)
        ):
            decisions.set(
                index, Kind.HEADING, "html.heading", "<h%d> heading before kept line %d",
                level, following + 1,
            )  # fmt: skip
        following = index if kept[index] else -1


def _neighbour(
    kinds: list[BlockKind], kept: list[bool], hidden: list[str], index: int, step: int
) -> bool:
    """Whether the nearest visible non-code line before (``step`` -1) or after is kept."""
    index += step
    while 0 <= index < len(kinds):
        if not hidden[index] and kinds[index] is not BlockKind.PRE:
            return kept[index]
        index += step
    return False


def _keep_article_body(doc: HtmlDocument, decisions: Decisions) -> None:
    """Keep the lines that the page's JSON-LD ``articleBody`` contains, if the model removed
    them on its own (not a rule, not the DOM)."""
    if not doc.hints.article_body or Kind.CONTENT not in decisions.kept_kinds:
        return
    kept = decisions.kept
    rules = decisions.rules
    for index, inside in enumerate(doc.in_article_body(JSONLD_MIN_CHARS)):
        if inside and not kept[index] and rules[index].startswith(_MODEL_RULES):
            decisions.set(
                index, Kind.CONTENT, "html.jsonld",
                "the page's JSON-LD articleBody holds this line (%d chars)", len(doc.lines[index]),
            )  # fmt: skip


def _mark_captions(doc: HtmlDocument, decisions: Decisions) -> None:
    """Kept content lines of a ``figcaption`` or table ``caption`` are captions."""
    kinds = decisions.kinds
    for index, block in enumerate(doc.block_kind):
        if block is BlockKind.CAPTION and kinds[index] is Kind.CONTENT and decisions.kept[index]:
            decisions.set(
                index, Kind.CAPTION, "html.caption", "a line of a figure or table caption (%s)",
                doc.sources[index],
            )  # fmt: skip
