"""Running behave as a person would, against the reference platform with a switch on.

A module of its own (not conftest.py): test files import it by this unique name, since every
test folder has a conftest.py and ``from journey_runs import`` finds whichever came first.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path


from project_root import ROOT
RUN_DEADLINE_S = 180


@dataclass
class ScenarioResult:
    feature: str
    name: str
    status: str
    message: str


@dataclass
class JourneyRun:
    exit_code: int
    console: str
    scenarios: list[ScenarioResult]

    def named(self, name: str) -> ScenarioResult:
        """The one scenario of that name (an Outline's example is named by its title, behave.ini)."""
        found = [s for s in self.scenarios if s.name == name]
        if len(found) != 1:
            raise AssertionError(f"expected one scenario named {name!r}, found {len(found)}; "
                                 f"ran: {[s.name for s in self.scenarios]}")
        return found[0]

    def failed(self) -> list[ScenarioResult]:
        return [s for s in self.scenarios if s.status == "failed"]

    def explain(self) -> str:
        lines = [f"{s.status:8} {s.name}: {s.message[:300]}" for s in self.scenarios]
        return f"exit {self.exit_code}\n" + "\n".join(lines) + "\n--- console tail ---\n" + self.console[-3000:]


def run_journeys(tmp_path: Path, *paths: str, env: dict | None = None, tags: str | None = None,
                 userdata: dict | None = None, name: str | None = None) -> JourneyRun:
    """One behave run in its own report folder; fast settings so failing runs finish quickly."""
    result_file = tmp_path / "results.json"
    command = [sys.executable, "-m", "behave", *paths, "--no-color", "-f", "plain",
               "-f", "json", "-o", str(tmp_path / "console.txt"), "-o", str(result_file),
               "--junit-directory", str(tmp_path / "junit")]
    if tags:
        command += ["--tags", tags]
    if name:
        command += ["--name", name]
    for key, value in (userdata or {}).items():
        command += ["-D", f"{key}={value}"]
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("E2E_", "JWT_SECRET"))}
    environ.update({"E2E_REPORTS_DIR": str(tmp_path), "E2E_LOCAL_HASH_COST": "1024",
                    "E2E_WAIT_S": "3", "E2E_TURN_S": "8"}, **(env or {}))
    completed = subprocess.run(command, cwd=ROOT, env=environ, capture_output=True, text=True,
                               timeout=RUN_DEADLINE_S)
    console = completed.stdout + completed.stderr
    console_file = tmp_path / "console.txt"
    if console_file.exists():
        console += console_file.read_text()
    return JourneyRun(completed.returncode, console, _scenarios(result_file))


def _scenarios(result_file: Path) -> list[ScenarioResult]:
    if not result_file.exists() or not result_file.read_text().strip():
        return []
    results = []
    for feature in json.loads(result_file.read_text()):
        for element in feature.get("elements", []):
            if element.get("type") == "background":
                continue
            messages = [" ".join(s["result"].get("error_message") or [])
                        if isinstance(s["result"].get("error_message"), list)
                        else str(s["result"].get("error_message") or "")
                        for s in element.get("steps", []) if s.get("result")]
            results.append(ScenarioResult(feature["name"], element["name"], element.get("status", "?"),
                                          " | ".join(m for m in messages if m)))
    return results


HAND_STARTED_SECRET = "hand-started-secret-0123456789"
HAND_STARTED_ENV = {"REFPLATFORM_JWT_SECRET": HAND_STARTED_SECRET,
                    "REFPLATFORM_BYPASS_KEY": "hand-started-bypass-key"}
