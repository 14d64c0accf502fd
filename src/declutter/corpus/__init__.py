"""Large dumps: read crawls, clean them on every core, learn site templates.

- ``readers`` / ``warc``: JSON Lines, WARC/WET and files as one numbered stream of ``Record``;
- ``process``: what a worker does with a chunk of records;
- ``runner``: ``run_dump``, the ``declutter dump`` command's engine (processes, order,
  checkpoints); ``writers``, ``checkpoint``, ``progress``, ``summary`` serve it;
- ``templates`` / ``counting``: site templates, in memory or in bounded memory.

See ``docs/dump.md``.
"""

from declutter.corpus.readers import Corpus, ReadOptions, expand_inputs
from declutter.corpus.records import Record
from declutter.corpus.runner import DumpError, DumpOptions, TemplateOptions, run_dump
from declutter.corpus.summary import DumpSummary
from declutter.corpus.templates import SiteTemplates, TemplateTable, apply_templates

__all__ = [
    "Corpus",
    "DumpError",
    "DumpOptions",
    "DumpSummary",
    "ReadOptions",
    "Record",
    "SiteTemplates",
    "TemplateOptions",
    "TemplateTable",
    "apply_templates",
    "expand_inputs",
    "run_dump",
]
