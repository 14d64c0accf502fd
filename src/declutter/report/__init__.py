"""Renderings of a ``Result``: the JSON Lines report and the ``explain`` listing.

The JSON Lines format (schema ``declutter.report/1``) is described in ``jsonl`` and in
``docs/cli.md``. To replay a report on its input, use ``declutter.apply_report``.
"""

from declutter.report.jsonl import iter_report, read_report, report_records, write_report

__all__ = ["iter_report", "read_report", "report_records", "write_report"]
