"""Renderings of a ``Result``: markdown (``markdown``), the JSON Lines report (``jsonl``, schema
``declutter.report/1``, described in ``docs/cli.md``) and the ``explain`` listing (``explain``).

To replay a report on its input, use ``declutter.apply_report``.
"""
