"""Large dumps: read crawls, clean them on every core, learn site templates.

- ``readers``: JSON Lines, WARC/WET and files as one numbered stream of ``Record`` (one module
  per input format);
- ``process``: what a worker does with a chunk of records;
- ``runner``: ``run_dump``, the engine of ``declutter dump`` (processes, order, checkpoints);
  ``writers``, ``checkpoint``, ``progress`` and ``summary`` serve it;
- ``counting``: site-template counts in bounded memory (``declutter.templates`` holds the
  templates themselves).

This package imports only the light modules; ``declutter.corpus.runner`` has the dump itself.
See ``docs/dump.md``.
"""

from declutter.corpus.readers import Corpus, ReadOptions, expand_inputs
from declutter.corpus.records import Record
from declutter.templates import SiteTemplates, TemplateTable, apply_templates

__all__ = [
    "Corpus",
    "ReadOptions",
    "Record",
    "SiteTemplates",
    "TemplateTable",
    "apply_templates",
    "expand_inputs",
]
