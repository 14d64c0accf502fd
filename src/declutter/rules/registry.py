"""The registry of named rules: every ``Line.rule`` is a key of ``RULES``.

>>> RULES["lexicon.call_to_action"].kind
<Kind.CALL_TO_ACTION: 'call_to_action'>
>>> all(name == rule.name for name, rule in RULES.items())
True
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from declutter._result import Kind


@dataclass(frozen=True)
class Rule:
    """A named decision-maker: a lexicon family, a pattern, a model or a context rule.

    ``kind`` is the kind the rule gives; ``kinds`` every kind it can give (a model gives
    content or boilerplate, the DOM rule the kind its landmark or class names).
    """

    name: str
    kind: Kind
    description: str
    kinds: frozenset[Kind] = frozenset()

    def __post_init__(self) -> None:
        object.__setattr__(self, "kinds", self.kinds | {self.kind})


@dataclass(frozen=True)
class LexiconFamily:
    """A family of chrome wording kept as data per language (``rules/lexicon/<lang>.toml``).

    Whole-line entries match a line that says nothing else; phrase entries match inside lines of
    at most ``max_words`` words.
    """

    name: str
    kind: Kind
    max_words: int
    description: str


LEXICON_FAMILIES: Mapping[str, LexiconFamily] = MappingProxyType(
    {
        family.name: family
        for family in (
            LexiconFamily(
                "accessibility", Kind.ACCESSIBILITY, 12, "skip links and accessibility menus"
            ),
            LexiconFamily("ticker", Kind.TICKER, 8, "breaking-news and live tickers"),
            LexiconFamily(
                "call_to_action",
                Kind.CALL_TO_ACTION,
                10,
                "load more, read more, show comments, back to top",
            ),
            LexiconFamily(
                "media_player", Kind.MEDIA_PLAYER, 14, "audio and video players and their messages"
            ),
            LexiconFamily("share", Kind.SHARE, 14, "share and follow buttons, social counters"),
            LexiconFamily("cookie_notice", Kind.COOKIE_NOTICE, 90, "cookie and consent notices"),
            LexiconFamily("newsletter", Kind.NEWSLETTER, 45, "newsletter and e-mail sign-ups"),
            LexiconFamily("advert", Kind.ADVERT, 12, "advertisements and sponsored content"),
            LexiconFamily("legal", Kind.LEGAL, 40, "copyright lines and legal footers"),
            LexiconFamily(
                "disclaimer", Kind.DISCLAIMER, 60, "'views expressed ... do not reflect' notes"
            ),
            LexiconFamily("navigation", Kind.NAVIGATION, 8, "menus, log-in links, search boxes"),
            LexiconFamily("breadcrumb", Kind.BREADCRUMB, 16, "breadcrumb trails"),
            LexiconFamily(
                "related", Kind.RELATED, 10, "'Related', 'More from', 'Most read' block titles"
            ),
            LexiconFamily(
                "metadata", Kind.METADATA, 14, "reading times, update stamps, comment counts"
            ),
            LexiconFamily(
                "comment", Kind.COMMENT, 12, "comment-thread furniture: 'X says:', 'Reply', votes"
            ),
        )
    }
)


#: Lexicon families that end an article when they follow its text ("Load more", "Related",
#: newsletter boxes, comment threads).
END_MARKER_FAMILIES: frozenset[str] = frozenset(
    {"call_to_action", "related", "newsletter", "comment"}
)


_SCORED = frozenset({Kind.CONTENT, Kind.BOILERPLATE})
#: The kinds of lines the DOM rule removes, by the landmark or class hit that names them.
DOM_CHROME_KINDS: frozenset[Kind] = frozenset(
    {Kind.NAVIGATION, Kind.BREADCRUMB, Kind.BOILERPLATE, Kind.SHARE, Kind.RELATED,
     Kind.ADVERT, Kind.COOKIE_NOTICE, Kind.NEWSLETTER}
)  # fmt: skip


def _rules() -> dict[str, Rule]:
    rules = [
        Rule(
            "model.line",
            Kind.CONTENT,
            "context-free content score of the line's features",
            _SCORED,
        ),
        Rule(
            "model.context",
            Kind.CONTENT,
            "content score revised with neighbours and layout",
            _SCORED,
        ),
    ]
    rules += [
        Rule(f"lexicon.{family.name}", family.kind, family.description)
        for family in LEXICON_FAMILIES.values()
    ]
    rules += [
        Rule("pattern.timecode", Kind.MEDIA_PLAYER, "a line of media time codes (0:00 / 3:45)"),
        Rule("pattern.symbols", Kind.BOILERPLATE, "a line with no letters or digits"),
        Rule(
            "context.after_end_marker",
            Kind.BOILERPLATE,
            "after an end-of-article marker (load more, related, comments) past the main text",
        ),
        Rule(
            "context.main_block",
            Kind.CONTENT,
            "prose of the page's main block given back after context revision erased it",
        ),
        Rule(
            "context.prose_fallback",
            Kind.CONTENT,
            "sentences kept because no line of the document reached the threshold",
        ),
        Rule("html.hidden", Kind.HIDDEN, "an element the browser does not show"),
        Rule(
            "html.dom",
            Kind.BOILERPLATE,
            "DOM evidence: a chrome landmark or class outside the main content",
            DOM_CHROME_KINDS,
        ),
        Rule("html.comments", Kind.COMMENT, "user comments under an article (include_comments)"),
        Rule("html.code", Kind.CONTENT, "a code block kept whole with the text around it"),
        Rule("html.heading", Kind.HEADING, "an h2-h6 heading introducing kept text"),
        Rule("html.jsonld", Kind.CONTENT, "a line the page's JSON-LD articleBody contains"),
        Rule("html.caption", Kind.CAPTION, "a kept line of a figure or table caption"),
        Rule(
            "markdown.links",
            Kind.NAVIGATION,
            "Markdown input: a block that is mostly short links (link density over 0.5)",
        ),
        Rule(
            "markdown.heading",
            Kind.HEADING,
            "Markdown input: a # or underlined heading, kept or introducing kept text",
        ),
        Rule(
            "context.heading",
            Kind.HEADING,
            "a kept line that looks like a heading (HTML: h1-h6; text: short, capitalised, "
            "no end punctuation) right before kept text (text: prose)",
        ),
        Rule("duplicate.exact", Kind.DUPLICATE, "a repeat of an earlier kept line"),
        Rule("duplicate.near", Kind.DUPLICATE, "a near-repeat of an earlier kept line"),
        Rule(
            "caption.printed_twice",
            Kind.CAPTION,
            "a kept line the next line repeats: an image caption printed twice (first copy)",
        ),
        Rule("caption.credit", Kind.CAPTION, "a kept photo credit ('Photo: ...', '... (AFP)')"),
        Rule("blank_line", Kind.EMPTY, "a line with no visible characters"),
        Rule("site_template", Kind.SITE_TEMPLATE, "a line repeated on many pages of one site"),
        Rule(
            "metadata.headline",
            Kind.HEADING,
            "the page's headline line, kept (headline='keep') or removed (headline='drop')",
            kinds=frozenset({Kind.METADATA}),
        ),
    ]
    return {rule.name: rule for rule in rules}


RULES: Mapping[str, Rule] = MappingProxyType(_rules())
