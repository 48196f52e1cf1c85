"""Getting evidence and run-level outcomes into the places people read.

Allure attachments per step (a no-op when the Allure formatter is not in
use), a plain-text transcript per scenario under ``reports/transcripts`` for
console readers, and the one message that stops a run before any scenario.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

from .errors import SuiteError
from .evidence import Evidence
from .secrets import registry

REPORTS = Path(os.environ.get("E2E_REPORTS_DIR") or Path(__file__).resolve().parent.parent / "reports")
"""Where transcripts go; the meta-tests point each run at its own folder."""

try:
    import allure
except ImportError:  # allure-behave not installed: the console and transcripts still work
    allure = None


def attach(channels: dict[str, str]) -> None:
    if allure is None:
        return
    for name, text in channels.items():
        allure.attach(text, name=name, attachment_type=allure.attachment_type.TEXT)


def save_transcript(scenario, evidence: Evidence) -> Path:
    folder = REPORTS / "transcripts"
    folder.mkdir(parents=True, exist_ok=True)
    slug = re.sub(r"[^a-z0-9]+", "-", f"{scenario.feature.name} {scenario.name}".lower()).strip("-")
    path = folder / f"{slug[:120]}.txt"
    path.write_text(evidence.as_text() or "(nothing crossed the wire)\n")
    return path


def prepare_reports() -> None:
    """Results of earlier runs would mix with this one's: empty them (not the folders)."""
    for folder in ("allure-results", "junit", "transcripts"):
        path = REPORTS / folder
        path.mkdir(parents=True, exist_ok=True)
        for item in path.iterdir():
            if item.is_file():
                item.unlink()


def stop_run(context, error: SuiteError) -> None:
    """One readable message, no traceback, and no scenario runs."""
    banner = error.category.upper()
    print(f"\n{banner}: {registry.mask(error.detail)}\n", file=sys.stderr, flush=True)
    context.run_stopped_by = error
    context.abort(reason=banner)
