"""What a benchmark ran on: date, commit, machine load and library versions, for its JSON.

The figures of a shared 2-core machine mean little without the load they were measured under,
so ``quality.py`` and ``speed.py`` record a ``Snapshot`` at the start of a run and the load
again at its end (``finish``); ``report_page.py`` prints both next to the tables.
"""

from __future__ import annotations

import datetime
import os
import platform
import subprocess
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Distribution names of declutter and of the peers whose version changes the figures.
DISTRIBUTIONS = (
    "declutter-web",
    "trafilatura",
    "readability-lxml",
    "resiliparse",
    "justext",
    "html-text",
    "inscriptis",
    "datatrove",
    "selectolax",
)


def load_average() -> list[float]:
    """The 1, 5 and 15 minute load averages (empty where the OS has none)."""
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


def _git(*args: str) -> str:
    done = subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True, check=False)
    return done.stdout.strip() if done.returncode == 0 else ""


def commit() -> str:
    """The short commit of the repository (``unknown`` outside a git checkout)."""
    return _git("rev-parse", "--short", "HEAD") or "unknown"


def uncommitted_sources() -> list[str]:
    """Files under ``src/`` that differ from the commit: the run measured them as they were."""
    return sorted(filter(None, _git("diff", "--name-only", "HEAD", "--", "src").splitlines()))


def versions() -> dict[str, str]:
    """Installed versions of declutter and the peers (absent ones are left out)."""
    found = {}
    for name in DISTRIBUTIONS:
        try:
            found[name] = metadata.version(name)
        except metadata.PackageNotFoundError:
            continue
    return found


def snapshot() -> dict[str, object]:
    """The environment at the start of a run."""
    return {
        "started": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit(),
        "uncommitted_sources": uncommitted_sources(),
        "cpus": os.cpu_count() or 0,
        "python": platform.python_version(),
        "load_start": load_average(),
        "versions": versions(),
        "declutter_native": native_status(),
    }


def native_status() -> str:
    """Whether declutter runs its compiled core here, and if not, why."""
    try:
        from declutter import native
    except ImportError as exc:
        return f"declutter not importable: {exc}"
    return native.status().reason


def finish(environment: dict[str, object]) -> dict[str, object]:
    """``environment`` with the load average at the end of the run added."""
    return {**environment, "load_end": load_average()}
