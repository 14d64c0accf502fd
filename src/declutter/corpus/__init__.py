"""Large dumps: read crawls, clean them on every core, learn site templates.

- ``readers``: JSON Lines, WARC/WET, Parquet and files as one numbered stream of ``Record``
  (one module per input format; ``readers.warc_frames`` finds WARC records again after a
  broken one);
- ``locations``: local paths, fsspec URLs and ``-``; ``limits``: the default size caps and
  budgets;
- ``process``: what a worker does with a chunk of records; ``pool``: the workers, replaced
  when one dies or hangs;
- ``runner``: ``run_dump``, the engine of ``declutter dump`` (processes, order, checkpoints);
  ``writers``, ``parquet``, ``checkpoint``, ``progress`` and ``summary`` serve it;
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
