"""The default limits of a dump, in one light module (the CLI shows them in ``--help``).

- ``MAX_RECORD_BYTES``: the largest JSON line (decompressed), WARC record block or file a
  reader takes; a larger one is passed over unread and becomes an error record.
- ``DUMP_MAX_BYTES`` and ``DUMP_MAX_SECONDS``: the budgets per document that dump workers
  clean with, so that one document cannot stall a worker (a larger or slower one fails with
  ``budget.max_bytes`` or ``budget.max_seconds`` as its reason).

>>> MAX_RECORD_BYTES // DUMP_MAX_BYTES
4
"""

from __future__ import annotations

MAX_RECORD_BYTES = 64 << 20
DUMP_MAX_BYTES = 16 << 20
DUMP_MAX_SECONDS = 30.0
