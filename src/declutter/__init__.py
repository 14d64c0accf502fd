r"""declutter: strip page chrome from scraped web text and HTML, with a per-line report.

>>> import declutter
>>> page = "Accessibility links\n\nThe river rose two metres overnight, and the town hall shut."
>>> print(declutter.clean_text(page).text)
The river rose two metres overnight, and the town hall shut.
"""

from declutter import native
from declutter._api import Cleaner, clean, clean_html, clean_text
from declutter._config import Config, Options
from declutter._errors import (
    BudgetExceeded,
    ConfigError,
    DeclutterError,
    DecodeError,
    InputError,
    ReportMismatch,
)
from declutter._replay import apply_report
from declutter._result import (
    REPORT_SCHEMA,
    InputFormat,
    Kind,
    KindCount,
    Line,
    Result,
    Stats,
    TextShape,
)
from declutter._version import __version__
from declutter.templates import SiteTemplates

__all__ = [
    "REPORT_SCHEMA",
    "BudgetExceeded",
    "Cleaner",
    "Config",
    "ConfigError",
    "DeclutterError",
    "DecodeError",
    "InputError",
    "InputFormat",
    "Kind",
    "KindCount",
    "Line",
    "Options",
    "ReportMismatch",
    "Result",
    "SiteTemplates",
    "Stats",
    "TextShape",
    "__version__",
    "apply_report",
    "clean",
    "clean_html",
    "clean_text",
    "native",
]
