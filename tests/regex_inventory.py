"""Every regular expression declutter compiles, printed as JSON Lines (run as a script).

It hooks the compile functions of ``re`` and ``regex`` (through which ``re.compile``,
``re.search``, ``regex.sub``... all pass) before declutter is imported, imports every module
of the package, loads the lexicon of every language and cleans the fixture pages in both
modes, with markdown, metadata, reports and the command's renderings: whatever is compiled
on the way, at import or on first use, is recorded. ``tests/test_regex_linear.py`` runs it in
a fresh interpreter.
"""

from __future__ import annotations

import contextlib
import gzip
import importlib
import importlib.util
import json
import pkgutil
import re
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import regex

FIXTURES = Path(__file__).parent / "fixtures"
#: Where the compile calls that count come from: declutter's package folder (found without
#: importing it, so that its import-time patterns are recorded too).
PACKAGE = str(Path(importlib.util.find_spec("declutter").submodule_search_locations[0]))
#: The folders of the regular expression engines (their own frames are skipped).
ENGINES = (str(Path(re.__file__).parent), str(Path(regex.__file__).parent))
Seen = dict[tuple[str, str, bool, int], None]


def hook(seen: Seen) -> None:
    """Record every pattern given to ``re``'s and ``regex``'s internal compile function."""
    regex_main = sys.modules[regex.compile.__module__]

    def recorder(module: str, compile_: Callable[..., Any]) -> Callable[..., Any]:
        def compile_and_record(pattern: Any, flags: Any = 0, *args: Any, **kwargs: Any) -> Any:
            compiled = compile_(pattern, flags, *args, **kwargs)
            if not _called_from(PACKAGE):
                return compiled
            source = compiled.pattern
            if isinstance(source, bytes):
                seen[(module, source.decode("latin-1"), True, int(compiled.flags))] = None
            elif isinstance(source, str):
                seen[(module, source, False, int(compiled.flags))] = None
            return compiled

        return compile_and_record

    re._compile = recorder("re", re._compile)  # type: ignore[attr-defined]
    regex_main._compile = recorder("regex", regex_main._compile)


def _called_from(folder: str) -> bool:
    """Whether the code that asked for the pattern (the first frame outside ``re``,
    ``regex`` and this module) lives in ``folder``."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name != __file__ and not name.startswith(ENGINES):
            return name.startswith(folder)
        frame = frame.f_back  # type: ignore[assignment]
    return False


def workload() -> None:
    """Import every module and exercise the paths that compile patterns on first use."""
    import declutter

    for info in pkgutil.walk_packages(declutter.__path__, "declutter."):
        if info.name.endswith("dask"):
            continue  # an optional extra; its patterns (none) need dask installed
        importlib.import_module(info.name)
    from click.testing import CliRunner

    from declutter.cli import cli
    from declutter.rules.lexicon import load_lexicon

    load_lexicon(None)
    pages = [gzip.decompress(path.read_bytes()) for path in sorted(FIXTURES.glob("html/*.gz"))]
    text = (FIXTURES / "seed" / "seed-page.txt").read_text(encoding="utf-8")
    for page in pages[:4]:
        result = declutter.clean_html(page, output="markdown", include_links=True)
        _ = result.markdown, result.metadata, result.report()
        declutter.clean(page)
    result = declutter.clean_text(text)
    declutter.apply_report(text, result.report())
    for data in (b"caf\xe9 \xff\xfe", "Zażółć".encode("cp1250"), b"\xa0\t\t\xa4"):
        declutter.clean_html(data)
        with contextlib.suppress(declutter.DeclutterError):
            declutter.clean_text(data)
    runner = CliRunner()
    runner.invoke(cli, ["explain", "-"], input=text)
    runner.invoke(cli, ["clean", "-", "--output-format", "json"], input=pages[0])


def main() -> None:
    seen: Seen = {}
    hook(seen)
    workload()
    for module, pattern, is_bytes, flags in seen:
        record = {"module": module, "pattern": pattern, "bytes": is_bytes, "flags": flags}
        print(json.dumps(record))


if __name__ == "__main__":
    main()
