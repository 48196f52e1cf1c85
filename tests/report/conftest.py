"""Report tests run behave as a person would, with the project's own formatters (behave.ini).

``reported_run`` runs behave with its configured formats (the masked console and
Allure results) and JUnit into a folder of its own, and hands back the exit
code, the console and readers for what landed in that folder.

Two kinds of test here are opt-in, because they install tools or take long:

- ``report_tools``: needs Allure's command line, 3 and 2 (installed into
  ``.tools/allure3`` and ``.tools/allure`` with npm on first use; 2 needs Java)
  and Debian's ``chromium`` (installed with apt-get on first use):
  ``E2E_REPORT_TOOLS=1 python3 tasks.py tests tests/report``.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from project_root import ROOT
RUN_DEADLINE_S = 300
FAST = {"E2E_LOCAL_HASH_COST": "1024", "E2E_WAIT_S": "3", "E2E_TURN_S": "8",
        "E2E_SLO_TURNS": "3", "E2E_PEOPLE": "3"}


def pytest_configure(config):
    config.addinivalue_line("markers", "report_tools: needs Allure's command line and Chromium "
                                       "(installed on first use); run with E2E_REPORT_TOOLS=1")


def pytest_collection_modifyitems(config, items):
    if os.environ.get("E2E_REPORT_TOOLS") == "1":
        return
    skip = pytest.mark.skip(reason="installs Allure and Chromium on first use and takes a while; "
                                   "run with E2E_REPORT_TOOLS=1 (see tests/report/conftest.py)")
    for item in items:
        if "report_tools" in item.keywords:
            item.add_marker(skip)


@dataclass
class ReportedRun:
    exit_code: int
    console: str
    reports: Path
    junit: Path
    results: list[dict] = field(default_factory=list)

    @property
    def allure(self) -> Path:
        return self.reports / "allure-results"

    def named(self, name: str) -> dict:
        for result in self.results:
            if result["name"] == name:
                return result
        raise AssertionError(f"no result named {name!r}; have {[r['name'] for r in self.results]}")

    def attachment(self, attachment: dict) -> str:
        return (self.allure / attachment["source"]).read_text()

    def explain(self) -> str:
        lines = [f"{r.get('status', '?'):8} {r['name']}: "
                 f"{(r.get('statusDetails') or {}).get('message', '')[:200]}" for r in self.results]
        return f"exit {self.exit_code}\n" + "\n".join(lines) + "\n--- console tail ---\n" + self.console[-3000:]


def reported_run(reports: Path, *paths: str, env: dict | None = None, tags: str | None = None,
                 userdata: dict | None = None) -> ReportedRun:
    junit = reports / "junit"
    command = [sys.executable, "-m", "behave", *paths, "--no-color", "--junit-directory", str(junit)]
    if tags:
        command += ["--tags", tags]
    for key, value in (userdata or {}).items():
        command += ["-D", f"{key}={value}"]
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("E2E_", "JWT_SECRET", "GITHUB_", "GITLAB_", "JENKINS_", "CI"))}
    environ.update({"E2E_REPORTS_DIR": str(reports), **FAST, **(env or {})})
    done = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True,
                          timeout=RUN_DEADLINE_S)
    results = [json.loads(p.read_text()) for p in sorted((reports / "allure-results").glob("*-result.json"))]
    return ReportedRun(done.returncode, done.stdout + done.stderr, reports, junit, results)


@pytest.fixture
def report_run(tmp_path):
    """``report_run(*feature_paths, env=..., tags=..., userdata=..., folder="reports")``."""
    def run(*paths, folder: str = "reports", **kwargs):
        return reported_run(tmp_path / folder, *paths, **kwargs)
    return run
