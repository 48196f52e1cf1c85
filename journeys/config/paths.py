"""Where things live: the project, its settings files and this run's reports folder.

The one home for each. Only the standard library, so ``tasks.py`` (outside ``.venv``) can use
it as the library does. Nothing here reads the environment when imported: ``reports_dir`` reads
``E2E_REPORTS_DIR`` each time it is called.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CONFIG_DIR = PROJECT_ROOT / "config"
REPORTS_DIR_ENV = "E2E_REPORTS_DIR"


def reports_dir(environ: dict | None = None) -> Path:
    """The one reports folder of this run: ``E2E_REPORTS_DIR`` (relative to the project), else ``reports``."""
    environ = os.environ if environ is None else environ
    return PROJECT_ROOT / (environ.get(REPORTS_DIR_ENV) or "reports")


def results_dir(environ: dict | None = None) -> Path:
    """Where this run's Allure results go."""
    return reports_dir(environ) / "allure-results"


def history_dir(environ: dict | None = None) -> Path:
    """The last generated report's history (trends), written by ``journeys.report.allure_cli``."""
    return reports_dir(environ) / "allure-history"
