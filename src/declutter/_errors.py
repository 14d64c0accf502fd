"""The exceptions declutter raises, all under one root.

::

    DeclutterError                 anything declutter raises on purpose
    ├── ConfigError (ValueError)   an unknown option or a value out of range
    ├── InputError (ValueError)    input that cannot be read as text or HTML
    │   └── DecodeError            bytes that are not valid in the stated encoding
    ├── BudgetExceeded             a document over ``max_bytes`` or ``max_seconds``
    └── ReportMismatch             a report applied to an input it does not describe

Library calls never turn an error into ``None``: they return a ``Result`` or raise one of these.
"""

from __future__ import annotations


class DeclutterError(Exception):
    """Root of every exception declutter raises on purpose."""


class ConfigError(DeclutterError, ValueError):
    """An unknown option name or an option value out of range."""


class InputError(DeclutterError, ValueError):
    """Input that cannot be read as text or HTML (binary data, wrong type)."""


class DecodeError(InputError):
    """Bytes that are not valid in the stated or detected encoding."""


class BudgetExceeded(DeclutterError):
    """A document larger than ``max_bytes`` or slower than ``max_seconds``."""


class ReportMismatch(DeclutterError):
    """A report applied to an input whose lines it does not describe."""
