"""The summary of a dump: records in and out, bytes, lines removed per kind, failures.

>>> from pathlib import Path
>>> from declutter.corpus.process import Tally
>>> tally = Tally(records=10, written=9, failed=1, payload_bytes=5_000_000, lines_total=400,
...               lines_kept=150)
>>> tally.removed.update({"navigation": 200, "site_template": 50})
>>> summary = DumpSummary(tally, {"request record": 10}, 1, 2_000_000, 300_000, 2.0, 2, 0,
...                       None, None, 0.05, Path("out.jsonl.gz"), Path("out.errors.jsonl"))
>>> print("\\n".join(summary.lines()))  # doctest: +NORMALIZE_WHITESPACE
declutter dump: 10 records read = 9 written + 1 failed (10.00%, over the limit of 5.00%)
  skipped     10 WARC records: 10 request record
  input       1 file, 2.0 MB (5.0 MB of documents); 2.5 MB/s of documents, 5.0 docs/s in 0:00:02
    with 2 jobs
  output      0.3 MB to out.jsonl.gz; failures listed in out.errors.jsonl
  lines       400 read, 150 kept (38%); removed: navigation 200, site_template 50
>>> summary.ok
False
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from declutter.corpus.process import Tally


@dataclass
class DumpSummary:
    """What a dump did (see ``lines`` and ``to_dict``)."""

    tally: Tally
    skipped: dict[str, int]
    input_files: int
    input_bytes: int
    output_bytes: int
    seconds: float
    jobs: int
    resumed_from: int
    template_hosts: int | None
    template_lines: int | None
    max_failure_rate: float
    output: Path | str
    errors: Path | str

    @property
    def failure_rate(self) -> float:
        """Failed records over records read (0 when nothing was read)."""
        return self.tally.failed / self.tally.records if self.tally.records else 0.0

    @property
    def ok(self) -> bool:
        """Whether the failure rate is within ``max_failure_rate`` and every input was read
        to its end (no ``damaged`` record: no cut, no skipped stretch)."""
        return self.failure_rate <= self.max_failure_rate and not self.tally.damaged

    def lines(self) -> list[str]:
        """The summary in a few lines of text."""
        t = self.tally
        limit = "within" if self.failure_rate <= self.max_failure_rate else "over"
        rows = [
            f"declutter dump: {t.records:,} records read = {t.written:,} written + "
            f"{t.failed:,} failed ({self.failure_rate:.2%}, {limit} the limit of "
            f"{self.max_failure_rate:.2%})"
        ]
        if t.damaged:
            rows.append(
                f"  damaged     {t.damaged:,} stretch{'es' if t.damaged != 1 else ''} of input "
                "could not be read as records (cut or corrupt; stage 'input' in the errors file)"
            )
        if self.resumed_from:
            rows.append(f"  resumed     at record {self.resumed_from:,}")
        if self.skipped:
            reasons = ", ".join(f"{n:,} {why}" for why, n in sorted(self.skipped.items()))
            rows.append(f"  skipped     {sum(self.skipped.values()):,} WARC records: {reasons}")
        seconds = max(self.seconds, 1e-9)
        files = f"{self.input_files:,} file" + ("s" if self.input_files != 1 else "")
        whole = int(self.seconds + 0.5)
        took = f"{whole // 3600}:{whole % 3600 // 60:02d}:{whole % 60:02d}"
        jobs = f"{self.jobs} job" + ("s" if self.jobs != 1 else "")
        rows.append(
            f"  input       {files}, {self.input_bytes / 1e6:,.1f} MB "
            f"({t.payload_bytes / 1e6:,.1f} MB of documents); "
            f"{t.payload_bytes / 1e6 / seconds:,.1f} MB/s of documents, "
            f"{t.records / seconds:,.1f} docs/s in {took} with {jobs}"
        )
        rows.append(
            f"  output      {self.output_bytes / 1e6:,.1f} MB to {self.output}; "
            f"failures listed in {self.errors}"
        )
        share = t.lines_kept / t.lines_total if t.lines_total else 0.0
        removed = ", ".join(f"{kind} {n:,}" for kind, n in self.tally.removed.most_common())
        rows.append(
            f"  lines       {t.lines_total:,} read, {t.lines_kept:,} kept ({share:.0%})"
            + (f"; removed: {removed}" if removed else "")
        )
        if self.template_hosts is not None:
            rows.append(
                f"  templates   {self.template_lines or 0:,} template lines on "
                f"{self.template_hosts:,} hosts"
            )
        return rows

    def to_dict(self) -> dict[str, Any]:
        """The summary as a JSON-ready dict."""
        return {
            "records": self.tally.records,
            "written": self.tally.written,
            "failed": self.tally.failed,
            "damaged": self.tally.damaged,
            "failure_rate": self.failure_rate,
            "max_failure_rate": self.max_failure_rate,
            "ok": self.ok,
            "skipped": dict(sorted(self.skipped.items())),
            "input_files": self.input_files,
            "input_bytes": self.input_bytes,
            "payload_bytes": self.tally.payload_bytes,
            "output_bytes": self.output_bytes,
            "seconds": round(self.seconds, 3),
            "jobs": self.jobs,
            "resumed_from": self.resumed_from,
            "lines_total": self.tally.lines_total,
            "lines_kept": self.tally.lines_kept,
            "removed": dict(self.tally.removed.most_common()),
            "template_hosts": self.template_hosts,
            "template_lines": self.template_lines,
            "output": str(self.output),
            "errors": str(self.errors),
        }
