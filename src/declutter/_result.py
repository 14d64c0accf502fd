"""The data model: ``Kind``, ``Line``, ``Stats`` and ``Result``.

A ``Result`` stores its per-line decisions in columns (one list per field) and builds ``Line``
records only when ``Result.lines`` is read, so that cleaning in bulk does not pay for objects
nobody looks at.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import TYPE_CHECKING, Any

from declutter._version import __version__

if TYPE_CHECKING:
    from declutter.metadata import Metadata
    from declutter.segment.layout import MarkdownLayout

REPORT_SCHEMA = "declutter.report/1"


class Kind(str, Enum):
    """What a line is. Content kinds are kept by default; every other kind is page chrome."""

    CONTENT = "content"
    HEADING = "heading"
    CAPTION = "caption"
    EMPTY = "empty"
    BOILERPLATE = "boilerplate"
    NAVIGATION = "navigation"
    BREADCRUMB = "breadcrumb"
    ACCESSIBILITY = "accessibility"
    TICKER = "ticker"
    CALL_TO_ACTION = "call_to_action"
    MEDIA_PLAYER = "media_player"
    SHARE = "share"
    COOKIE_NOTICE = "cookie_notice"
    NEWSLETTER = "newsletter"
    ADVERT = "advert"
    LEGAL = "legal"
    DISCLAIMER = "disclaimer"
    RELATED = "related"
    METADATA = "metadata"
    COMMENT = "comment"
    DUPLICATE = "duplicate"
    SITE_TEMPLATE = "site_template"
    HIDDEN = "hidden"

    def __str__(self) -> str:
        return self.value


#: Kinds kept when no ``kept_kinds`` option says otherwise.
DEFAULT_KEPT_KINDS: frozenset[Kind] = frozenset({Kind.CONTENT, Kind.HEADING, Kind.CAPTION})


class InputFormat(str, Enum):
    """The format a document was read as."""

    TEXT = "text"
    HTML = "html"

    def __str__(self) -> str:
        return self.value


class TextShape(str, Enum):
    """How a text document's lines were written (``declutter.segment.shape``): one block a
    line, inline elements on lines of their own, or Markdown."""

    PLAIN = "plain"
    FRAGMENTED = "fragmented"
    MARKDOWN = "markdown"

    def __str__(self) -> str:
        return self.value


@dataclass(frozen=True, slots=True)
class Line:
    """The decision on one line of the input.

    ``number`` is 1-based; ``start``/``end`` are character offsets into the normalized input
    (text mode) or into the segmented text (HTML mode). ``context_free_kind`` is the class the
    line had before context revision, ``kind`` the final one.
    """

    number: int
    text: str
    start: int
    end: int
    kept: bool
    kind: Kind
    context_free_kind: Kind
    rule: str
    evidence: str
    score: float
    source: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """The line as a JSON-ready dict, as it appears in a report."""
        return {
            "number": self.number,
            "start": self.start,
            "end": self.end,
            "kept": self.kept,
            "kind": self.kind.value,
            "context_free_kind": self.context_free_kind.value,
            "rule": self.rule,
            "evidence": self.evidence,
            "score": round(self.score, 4),
            "source": self.source,
            "text": self.text,
        }


@dataclass(frozen=True, slots=True)
class KindCount:
    """How many lines and characters of one kind."""

    lines: int = 0
    chars: int = 0


@dataclass(frozen=True, slots=True)
class Stats:
    """Totals for one document: lines and characters in, kept, and removed per kind."""

    lines_total: int
    lines_kept: int
    chars_total: int
    chars_kept: int
    removed: dict[Kind, KindCount] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The stats as a JSON-ready dict."""
        return {
            "lines_total": self.lines_total,
            "lines_kept": self.lines_kept,
            "chars_total": self.chars_total,
            "chars_kept": self.chars_kept,
            "removed": {
                kind.value: {"lines": count.lines, "chars": count.chars}
                for kind, count in sorted(self.removed.items(), key=lambda item: item[0].value)
            },
        }


class Decisions:
    """Column store of the per-line decisions of one document.

    The decision cascade (``declutter.decide.cascade``) writes through these methods only:
    ``set`` for one line, ``set_scored`` for the model's verdict on many. A line's ``kept`` flag
    follows its kind (``kept_kinds``) unless a step says otherwise (a blank line kept as a
    paragraph separator). Lines decided in bulk share one evidence function that formats their
    evidence only when it is read; lines decided one by one keep a template and its arguments.

    >>> decisions = Decisions(2, frozenset({Kind.CONTENT}))
    >>> decisions.set(0, Kind.SHARE, "lexicon.share", "line reads %r", "share", context_free=True)
    >>> decisions.kept, decisions.kinds[0].value, decisions.evidence(0), decisions.evidence(1)
    ([False, False], 'share', "line reads 'share'", 'blank line')
    """

    __slots__ = (
        "_explicit",
        "context_free_kinds",
        "default_evidence",
        "kept",
        "kept_kinds",
        "kinds",
        "rules",
        "scores",
        "sources",
    )

    def __init__(self, count: int, kept_kinds: frozenset[Kind] = DEFAULT_KEPT_KINDS) -> None:
        self.kept_kinds = kept_kinds
        self.kept: list[bool] = [False] * count
        self.kinds: list[Kind] = [Kind.EMPTY] * count
        self.context_free_kinds: list[Kind] = [Kind.EMPTY] * count
        self.rules: list[str] = ["blank_line"] * count
        self.scores: list[float] = [0.0] * count
        self.sources: Sequence[str | None] | None = None
        self.default_evidence: Callable[[int], str] = _blank_evidence
        self._explicit: dict[int, tuple[str, tuple[Any, ...]]] = {}

    def set(
        self,
        index: int,
        kind: Kind,
        rule: str,
        template: str,
        *args: Any,
        score: float | None = None,
        kept: bool | None = None,
        context_free: bool = False,
    ) -> None:
        """Decide line ``index``: its ``kind``, the ``rule`` that decided and its evidence,
        ``template % args``.

        ``score`` replaces the line's score (``None``: it stays); ``kept`` overrides the
        flag that the kind gives; with ``context_free`` the kind is also the line's
        context-free kind.
        """
        self.kinds[index] = kind
        self.rules[index] = rule
        self._explicit[index] = (template, args)
        if score is not None:
            self.scores[index] = score
        self.kept[index] = kind in self.kept_kinds if kept is None else kept
        if context_free:
            self.context_free_kinds[index] = kind

    def set_scored(
        self,
        rows: Sequence[int],
        kinds: Sequence[Kind],
        context_free_kinds: Sequence[Kind],
        scores: Sequence[float],
        rule: str,
        explain: Callable[[int], str],
    ) -> None:
        """Decide the lines ``rows`` from the model's scores, all by ``rule``; ``explain(index)``
        gives the evidence of each when it is read."""
        kept_kinds = self.kept_kinds
        all_kept, all_kinds, all_free = self.kept, self.kinds, self.context_free_kinds
        all_rules, all_scores = self.rules, self.scores
        for index, kind, free, score in zip(rows, kinds, context_free_kinds, scores, strict=True):
            all_kinds[index] = kind
            all_kept[index] = kind in kept_kinds
            all_free[index] = free
            all_rules[index] = rule
            all_scores[index] = score
        self.default_evidence = explain

    def evidence(self, index: int) -> str:
        """The evidence of line ``index`` in words."""
        explicit = self._explicit.get(index)
        if explicit is None:
            return self.default_evidence(index)
        template, args = explicit
        return template % args if args else template

    def copy(self) -> Decisions:
        """An independent copy (the evidence function is shared: it only reads)."""
        new = Decisions(0, self.kept_kinds)
        new.kept, new.kinds, new.rules = [*self.kept], [*self.kinds], [*self.rules]
        new.context_free_kinds, new.scores = [*self.context_free_kinds], [*self.scores]
        new.sources, new.default_evidence = self.sources, self.default_evidence
        new._explicit = dict(self._explicit)
        return new


def _blank_evidence(index: int) -> str:
    return "blank line"


class Result:
    """The outcome of cleaning one document.

    >>> from declutter import clean_text
    >>> result = clean_text("Skip to content\\n\\nThe committee met on Tuesday and agreed on it.")
    >>> result.text
    'The committee met on Tuesday and agreed on it.'
    >>> result.lines[0].kind, result.lines[0].rule
    (<Kind.ACCESSIBILITY: 'accessibility'>, 'lexicon.accessibility')
    """

    __slots__ = (
        "_decisions",
        "_lines",
        "_metadata",
        "_metadata_source",
        "_stats",
        "_text",
        "format",
        "format_reason",
        "language",
        "layout",
        "line_texts",
        "shape",
        "shape_reason",
        "starts",
    )

    def __init__(
        self,
        *,
        line_texts: Sequence[str],
        starts: Sequence[int],
        decisions: Decisions,
        input_format: InputFormat,
        format_reason: str,
        language: str,
        layout: MarkdownLayout | None = None,
        metadata_source: Callable[[], Metadata] | None = None,
        shape: TextShape | None = None,
        shape_reason: str | None = None,
    ) -> None:
        self.line_texts = line_texts
        #: Text mode: the text's shape (plain, fragmented, Markdown) and the evidence that
        #: decided it (``declutter.segment.shape``); ``None`` in HTML mode.
        self.shape = shape
        self.shape_reason = shape_reason
        self.starts = starts
        self._decisions = decisions
        self.format = input_format
        self.format_reason = format_reason
        self.language = language
        #: HTML mode: the block kind of each line, for ``markdown``.
        self.layout = layout
        self._text: str | None = None
        self._lines: tuple[Line, ...] | None = None
        self._stats: Stats | None = None
        self._metadata_source = metadata_source
        self._metadata: Metadata | None = None

    @property
    def metadata(self) -> Metadata:
        """Title, authors, publish date, site name, language, canonical URL and description,
        each with its source in ``metadata.sources``; computed on first access (it costs
        nothing until then; HTML pages are parsed again for their head and bylines).

        >>> from declutter import clean_html
        >>> page = "<title>Budget agreed | City News</title><h1>Budget agreed</h1>"
        >>> meta = clean_html(page + "<p>The council met.</p>").metadata
        >>> meta.title, meta.sources["title"]
        ('Budget agreed', 'h1')
        """
        if self._metadata is None:
            if self._metadata_source is None:
                from declutter.metadata import text_metadata

                self._metadata = text_metadata(tuple(self.line_texts), self.language)
            else:
                self._metadata = self._metadata_source()
        return self._metadata

    @property
    def text(self) -> str:
        """The kept lines joined with newlines, without invisible characters (soft hyphens,
        zero-width spaces: ``declutter.render.invisible``); ``lines`` keep them."""
        if self._text is None:
            from declutter.render.invisible import without_invisible

            kept = self._decisions.kept
            self._text = without_invisible(
                "\n".join([line for line, keep in zip(self.line_texts, kept, strict=True) if keep])
            )
        return self._text

    @property
    def markdown(self) -> str:
        """The kept lines as markdown: headings, lists, tables, code fences and quotes in HTML
        mode, paragraphs in text mode (see ``declutter.render.markdown``); Markdown input
        gives its kept lines as they were (``text``)."""
        if self.shape is TextShape.MARKDOWN:
            return self.text
        from declutter.render.invisible import without_invisible
        from declutter.render.markdown import render_lines

        return without_invisible(render_lines(self.line_texts, self._decisions.kept, self.layout))

    @property
    def lines(self) -> tuple[Line, ...]:
        """One ``Line`` per input line, in input order, blank lines included."""
        if self._lines is None:
            self._lines = tuple(self._build_lines())
        return self._lines

    def _build_lines(self) -> list[Line]:
        d = self._decisions
        sources = d.sources
        lines = []
        for i, (text, start) in enumerate(zip(self.line_texts, self.starts, strict=True)):
            lines.append(
                Line(
                    number=i + 1,
                    text=text,
                    start=start,
                    end=start + len(text),
                    kept=d.kept[i],
                    kind=d.kinds[i],
                    context_free_kind=d.context_free_kinds[i],
                    rule=d.rules[i],
                    evidence=d.evidence(i),
                    score=d.scores[i],
                    source=sources[i] if sources is not None else None,
                )
            )
        return lines

    @property
    def kept_flags(self) -> tuple[bool, ...]:
        """The kept flag of every line, in order (what a report replays)."""
        return tuple(self._decisions.kept)

    @property
    def stats(self) -> Stats:
        """Lines and characters in, kept, and removed per kind."""
        if self._stats is None:
            self._stats = self._build_stats()
        return self._stats

    def _build_stats(self) -> Stats:
        d = self._decisions
        removed_lines: dict[Kind, int] = {}
        removed_chars: dict[Kind, int] = {}
        lines_kept = chars_kept = chars_total = 0
        for text, keep, kind in zip(self.line_texts, d.kept, d.kinds, strict=True):
            size = len(text)
            chars_total += size
            if keep:
                lines_kept += 1
                chars_kept += size
            else:
                removed_lines[kind] = removed_lines.get(kind, 0) + 1
                removed_chars[kind] = removed_chars.get(kind, 0) + size
        return Stats(
            lines_total=len(self.line_texts),
            lines_kept=lines_kept,
            chars_total=chars_total,
            chars_kept=chars_kept,
            removed={k: KindCount(removed_lines[k], removed_chars[k]) for k in removed_lines},
        )

    def report(self, *, include_text: bool = True) -> dict[str, Any]:
        """A JSON-ready report with a versioned schema (``declutter.report/1``).

        >>> from declutter import clean_text
        >>> report = clean_text("Load more").report()
        >>> report["schema"], report["lines"][0]["kept"], report["lines"][0]["rule"]
        ('declutter.report/1', False, 'lexicon.call_to_action')
        """
        lines = []
        for line in self.lines:
            record = line.to_dict()
            if not include_text:
                del record["text"]
            lines.append(record)
        return {
            "schema": REPORT_SCHEMA,
            "declutter_version": __version__,
            "format": self.format.value,
            "format_reason": self.format_reason,
            "shape": None if self.shape is None else self.shape.value,
            "shape_reason": self.shape_reason,
            "language": self.language,
            "stats": self.stats.to_dict(),
            "lines": lines,
        }

    def to_html(self, *, title: str = "declutter report") -> str:
        """The report as one self-contained HTML page (see ``declutter.render.html_report``).

        >>> from declutter import clean_text
        >>> clean_text("Load more").to_html().startswith("<!DOCTYPE html>")
        True
        """
        from declutter.render.html_report import report_page

        return report_page(self.report(), title=title)

    def with_changes(self, changes: Mapping[int, tuple[bool, Kind, str, str]]) -> Result:
        """A copy in which each line ``index`` (0-based) of ``changes`` gets a new ``(kept,
        kind, rule, evidence)``; scores, context-free kinds and sources stay as they were.

        Used to revise a document after cleaning, e.g. by site templates learned on many pages.

        >>> from declutter import clean_text
        >>> result = clean_text("The committee met on Tuesday and agreed a budget.")
        >>> revised = result.with_changes(
        ...     {0: (False, Kind.SITE_TEMPLATE, "site_template", "seen on 9 of 9 pages of a.org")})
        >>> revised.text, revised.lines[0].evidence, result.text != revised.text
        ('', 'seen on 9 of 9 pages of a.org', True)
        """
        new = self._decisions.copy()
        for index, (kept, kind, rule, evidence) in changes.items():
            new.set(index, kind, rule, "%s", evidence, kept=kept)
        return Result(
            line_texts=self.line_texts,
            starts=self.starts,
            decisions=new,
            input_format=self.format,
            format_reason=self.format_reason,
            language=self.language,
            layout=self.layout,
            metadata_source=self._metadata_source,
            shape=self.shape,
            shape_reason=self.shape_reason,
        )

    def __repr__(self) -> str:
        stats = self.stats
        return (
            f"<Result {self.format.value} lines={stats.lines_total} kept={stats.lines_kept} "
            f"chars={stats.chars_total} kept_chars={stats.chars_kept}>"
        )
