"""The exceptions declutter raises, all under one root.

::

    DeclutterError                    anything declutter raises on purpose
    ├── ConfigError (ValueError)      an unknown option or a value out of range
    ├── InputError (ValueError)       input that cannot be read as text or HTML
    │   └── DecodeError               bytes that are not valid in the stated encoding
    ├── BudgetExceeded                a document over ``max_bytes`` or ``max_seconds``
    ├── ReportMismatch                a report applied to an input it does not describe
    ├── DataError (ValueError)        a packaged data file that does not follow its format
    │   ├── ModelError                a model file (schema, features, category codes)
    │   ├── LexiconError              a lexicon file (``rules/lexicon/*.toml``)
    │   └── PatternError              a lexicon pattern that does not parse
    ├── DumpError                     a dump that cannot start or resume
    └── MissingDependency (ImportError)  an optional extra a feature needs is not installed

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


class DataError(DeclutterError, ValueError):
    """A packaged data file (model, lexicon) that does not follow its format."""


class ModelError(DataError):
    """A model file that does not follow the ``declutter.model`` schema, or that was trained
    on features or category codes other than those this version computes."""


class LexiconError(DataError):
    """A lexicon data file that does not follow the format."""


class PatternError(DataError):
    """A lexicon pattern that does not parse or cannot be used where it stands."""


class DumpError(DeclutterError):
    """A dump that cannot start: state left by an interrupted run, or a resume that does not
    match it."""


class MissingDependency(DeclutterError, ImportError):
    """An optional package a feature needs is not installed; the message names the extra."""


class PurePythonWarning(RuntimeWarning):
    """The compiled core is not installed: declutter runs its (slower) pure-Python path, with
    the same results (``declutter.native.status()`` says why)."""
