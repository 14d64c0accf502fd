"""declutter as datatrove pipeline blocks (the ``datatrove`` extra).

- ``DeclutterExtractor`` (an extractor, like datatrove's ``Trafilatura``): HTML documents in,
  clean text out, with declutter's HTML mode.
- ``DeclutterFilter`` (a filter that also formats): documents that are already text; it
  removes their chrome lines with declutter's text mode and drops documents left with fewer
  than ``min_chars`` characters.

Both write what ``declutter dump`` writes beside a record's text into ``Document.metadata``:
``format``, ``language``, ``stats`` (lines and characters read, kept and removed per kind),
``declutter`` (version and report schema) and, with ``with_report=True``, ``report`` (the
per-line report). An input metadata key of one of these names is kept as ``input_<name>``.
Both record datatrove stats (``lines_total``, ``lines_kept``, ``chars_total``,
``chars_kept``, and ``removed_<kind>_lines`` / ``removed_<kind>_chars`` per kind of chrome),
so ``merge_stats`` sums up what was removed. Documents that fail or are dropped are counted
by reason and, with an ``exclusion_writer``, written there with their input text and the
reason in ``metadata["filter_reason"]``, as datatrove's filters do.

Time limits: every document is cleaned within declutter's budgets (``max_seconds``,
``max_bytes``: by default those of ``declutter dump``, 30 s and 16 MiB), which stop a slow
document cleanly (stat ``timeout`` or ``too_large``). The extractor also runs in datatrove's
extractor sandbox, a child process killed after ``timeout`` seconds (by default twice
``max_seconds`` plus 30 s), for a document that hangs in C code; ``sandbox=False`` cleans in
the task's own process. The filter cleans in the task's process, with the budgets.

>>> from datatrove.data import Document
>>> page = ("<html><body><nav><a href='/'>Home</a> <a href='/news'>News</a></nav><article>"
...         "<p>The bridge reopened on Friday after two years of repairs, the council said.</p>"
...         "</article></body></html>")
>>> [doc] = DeclutterExtractor(sandbox=False).run([Document(text=page, id="1")])
>>> doc.text
'The bridge reopened on Friday after two years of repairs, the council said.'
>>> doc.metadata["stats"]["removed"]
{'navigation': {'lines': 1, 'chars': 9}}

See ``docs/datatrove.md``.
"""

from __future__ import annotations

import contextlib
import logging
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from declutter._api import Cleaner
from declutter._config import Config
from declutter._errors import BudgetExceeded, DeclutterError, MissingDependency
from declutter._result import REPORT_SCHEMA, Result
from declutter._version import __version__
from declutter.corpus.limits import DUMP_MAX_BYTES, DUMP_MAX_SECONDS
from declutter.segment.document import FormatChoice

try:
    from datatrove.data import Document, DocumentsPipeline
    from datatrove.pipeline.extractors.base import BaseExtractor, ExtractorSandbox
    from datatrove.pipeline.filters.base_filter import BaseFilter
    from datatrove.pipeline.writers.disk_base import DiskWriter
    from datatrove.utils.typeshelper import StatHints
except ImportError as error:  # pragma: no cover - depends on the environment
    raise MissingDependency(
        f"declutter.datatrove needs datatrove ({error}): pip install 'declutter-web[datatrove]'"
    ) from error

if TYPE_CHECKING:
    from typing_extensions import Unpack

    from declutter._config import Options

__all__ = ["DeclutterExtractor", "DeclutterFilter", "cleaned_fields"]

#: The configuration the blocks clean with by default: declutter's defaults with the budgets
#: of ``declutter dump``.
BLOCK_CONFIG = Config(max_bytes=DUMP_MAX_BYTES, max_seconds=DUMP_MAX_SECONDS)
#: The metadata keys the blocks write (an input key of one of these names becomes
#: ``input_<name>``).
FIELDS = ("format", "language", "stats", "declutter", "report")
_WARM_UP_PAGE = (
    "<html><head><title>Warm-up</title></head><body><nav><a href='/'>Home</a></nav>"
    "<p>The council met on Monday and agreed the budget for next year.</p>"
    "<footer>Share this</footer></body></html>"
)
_log = logging.getLogger(__name__)
#: What a document's cleaning gives back across the sandbox's pipe: its text and metadata
#: fields, or the exception it raised.
Cleaned = tuple[str, dict[str, Any]]


def cleaned_fields(result: Result, *, with_report: bool = False) -> dict[str, Any]:
    """The fields ``declutter dump`` writes beside a record's text, for ``result``.

    >>> from declutter import clean_text
    >>> fields = cleaned_fields(clean_text("Share this\\nThe council met on Monday and agreed "
    ...                                    "the budget for next year."))
    >>> list(fields), fields["stats"]["removed"]
    (['format', 'language', 'stats', 'declutter'], {'share': {'lines': 1, 'chars': 10}})
    """
    fields: dict[str, Any] = {
        "format": result.format.value,
        "language": result.language,
        "stats": result.stats.to_dict(),
        "declutter": {"version": __version__, "report_schema": REPORT_SCHEMA},
    }
    if with_report:
        fields["report"] = result.report()
    return fields


def _budget_reason(error: BudgetExceeded) -> str:
    """The stat a budget failure counts under: ``timeout`` (``max_seconds``), else
    ``too_large`` (``max_bytes``)."""
    return "timeout" if str(error).startswith("budget.max_seconds") else "too_large"


class _Blocks:
    """What both blocks share: the cleaner, the metadata they write, their stats."""

    stat_update: Any
    exclusion_writer: DiskWriter | None

    def _setup(
        self, config: Config | None, with_report: bool, overrides: Mapping[str, Any]
    ) -> None:
        self.config = (config or BLOCK_CONFIG).replace(**overrides)
        self.with_report = with_report
        self.cleaner = Cleaner(self.config)

    def _clean(self, text: str, url: str | None, fmt: FormatChoice) -> Cleaned:
        """Clean one document: its text (markdown when the config says so) and fields."""
        result = self.cleaner.clean(text, format=fmt, url=url)
        clean = result.markdown if self.config.output == "markdown" else result.text
        return clean, cleaned_fields(result, with_report=self.with_report)

    def _apply(self, doc: Document, fields: dict[str, Any], text: str | None) -> None:
        """Give ``doc`` its fields and its clean ``text`` (``None``: keep the input text),
        and count what was removed."""
        if text is not None:
            doc.text = text
        metadata = doc.metadata
        for key, value in fields.items():
            if key in metadata:
                metadata[f"input_{key}"] = metadata.pop(key)
            metadata[key] = value
        stats = fields["stats"]
        for name in ("lines_total", "lines_kept", "chars_total", "chars_kept"):
            self.stat_update(name, value=stats[name])
        for kind, count in stats["removed"].items():
            self.stat_update(f"removed_{kind}_lines", value=count["lines"])
            self.stat_update(f"removed_{kind}_chars", value=count["chars"])


class DeclutterExtractor(_Blocks, BaseExtractor):  # type: ignore[misc]
    """A datatrove extractor: HTML in ``Document.text`` becomes the clean text.

    ``config`` and keyword ``overrides`` (any option of ``declutter.Cleaner``) say how to
    clean; the default is ``BLOCK_CONFIG``. ``with_report`` adds the per-line report to the
    metadata. ``timeout`` (seconds) is the sandbox's hard limit per document, by default
    twice ``max_seconds`` plus 30 s; ``sandbox=False`` cleans in the task's process (budgets
    only). The url in ``metadata["url"]`` is passed to the cleaner, as ``declutter dump``
    does. Documents left without text are dropped (stat ``dropped``); documents that fail are
    counted (``timeout``, ``too_large``, ``broken_process``, ``clean_error``). With an
    ``exclusion_writer``, both are written there with their input text and the reason.
    """

    name = "🧹 declutter"

    def __init__(
        self,
        config: Config | None = None,
        *,
        with_report: bool = False,
        timeout: float | None = None,
        sandbox: bool = True,
        exclusion_writer: DiskWriter | None = None,
        **overrides: Unpack[Options],
    ) -> None:
        self._setup(config, with_report, overrides)
        limit = self.config.max_seconds
        super().__init__(timeout if timeout is not None else 2 * (limit or DUMP_MAX_SECONDS) + 30)
        self.sandbox = sandbox
        self.exclusion_writer = exclusion_writer
        self.warned = False

    def extract(self, text: str) -> str:
        """The clean text of one HTML page (datatrove's extractor method).

        >>> DeclutterExtractor().extract("<nav><a href='/'>Home</a></nav><p>It rained all "
        ...                              "day in the town, and the river rose by a metre.</p>")
        'It rained all day in the town, and the river rose by a metre.'
        """
        return self._clean(text, None, "html")[0]

    def clean_document(self, text: str, url: str | None) -> Cleaned | Exception:
        """Clean one page: its text and fields, or the exception cleaning raised (returned,
        so that it crosses the sandbox's pipe)."""
        try:
            return self._clean(text, url, "html")
        except Exception as error:
            return error

    def run(self, data: DocumentsPipeline, rank: int = 0, world_size: int = 1) -> DocumentsPipeline:
        """Clean each document, in the sandbox unless ``sandbox=False``."""
        self.clean_document(_WARM_UP_PAGE, None)  # loaded once here, before the sandbox forks
        with contextlib.ExitStack() as stack:
            writer = stack.enter_context(self.exclusion_writer) if self.exclusion_writer else None
            sandbox = None
            if self.sandbox:
                sandbox = stack.enter_context(
                    ExtractorSandbox(timeout=self.timeout, warmup_text=(_WARM_UP_PAGE, None))
                )
            for doc in data:
                self.stat_update(StatHints.total)
                with self.track_time():
                    reason = self._extract(doc, sandbox)
                if reason is None:
                    self.stat_update(StatHints.forwarded)
                    self.update_doc_stats(doc)
                    yield doc
                    continue
                self.stat_update(reason)
                if writer is not None:
                    doc.metadata["filter_reason"] = reason
                    writer.write(doc, rank)

    def _extract(self, doc: Document, sandbox: ExtractorSandbox | None) -> str | None:
        """Clean ``doc`` in place; ``None``, or why it is not forwarded (its text kept)."""
        url = doc.metadata.get("url")
        url = url if isinstance(url, str) else None
        try:
            if sandbox is None:
                outcome = self.clean_document(doc.text, url)
            else:
                outcome = sandbox.process_document((doc.text, url), self.clean_document)
            if isinstance(outcome, Exception):
                raise outcome
        except BudgetExceeded as error:
            doc.metadata["declutter_error"] = str(error)
            return _budget_reason(error)
        except TimeoutError:
            _log.warning("declutter: document %s timed out after %s s", doc.id, self.timeout)
            return "timeout"
        except EOFError:
            _log.warning("declutter: the sandbox process died on document %s", doc.id)
            return "broken_process"
        except Exception as error:
            doc.metadata["declutter_error"] = (
                str(error)
                if isinstance(error, DeclutterError)
                else f"internal error ({type(error).__name__}: {error})"
            )
            if not self.warned:
                _log.warning(
                    "declutter: %s on document %s", doc.metadata["declutter_error"], doc.id
                )
                self.warned = True
            return "clean_error"
        text, fields = outcome
        self._apply(doc, fields, text or None)
        return None if text else str(StatHints.dropped)


class DeclutterFilter(_Blocks, BaseFilter):  # type: ignore[misc]
    """A datatrove filter and formatter for text documents: removes chrome lines with
    declutter's text mode, and drops documents left with fewer than ``min_chars`` characters
    of clean text (by default: documents left empty).

    ``config``, ``overrides`` and ``with_report`` as for ``DeclutterExtractor``. Dropped
    documents count under ``dropped_too_little_text``, ``dropped_timeout``,
    ``dropped_too_large`` or ``dropped_clean_error``; the ``exclusion_writer`` gets them with
    their input text (the clean text of a document with too little is in its ``stats``
    only). Cleaning runs in the task's process, within the ``max_seconds`` and ``max_bytes``
    budgets.

    >>> from datatrove.data import Document
    >>> block = DeclutterFilter(min_chars=20)
    >>> docs = [Document(text="Skip to content\\nThe council met on Monday and agreed the "
    ...                  "budget.", id="a"), Document(text="Home\\nShare this", id="b")]
    >>> [(doc.id, doc.text) for doc in block.run(docs)]
    [('a', 'The council met on Monday and agreed the budget.')]
    >>> block.stats["dropped_too_little_text"].total
    1
    """

    name = "🧹 declutter (text)"

    def __init__(
        self,
        config: Config | None = None,
        *,
        min_chars: int = 1,
        with_report: bool = False,
        exclusion_writer: DiskWriter | None = None,
        **overrides: Unpack[Options],
    ) -> None:
        self._setup(config, with_report, overrides)
        super().__init__(exclusion_writer)
        self.min_chars = min_chars

    def filter(self, doc: Document) -> bool | tuple[bool, str]:
        """Clean ``doc`` in place; keep it if at least ``min_chars`` characters are left."""
        url = doc.metadata.get("url")
        try:
            cleaned = self._clean(doc.text, url if isinstance(url, str) else None, "text")
        except BudgetExceeded as error:
            doc.metadata["declutter_error"] = str(error)
            return False, _budget_reason(error)
        except Exception as error:
            doc.metadata["declutter_error"] = (
                str(error)
                if isinstance(error, DeclutterError)
                else f"internal error ({type(error).__name__}: {error})"
            )
            return False, "clean_error"
        text, fields = cleaned
        if len(text) < self.min_chars:
            self._apply(doc, fields, None)
            return False, "too_little_text"
        self._apply(doc, fields, text)
        return True
