"""Running ``python -m journeys.parallel.runner`` (what ``python3 tasks.py journeys`` runs) in a folder of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass
from pathlib import Path

from project_root import ROOT
DEADLINE_S = 300


@dataclass
class Run:
    exit_code: int
    output: str
    folder: Path
    wall_s: float

    def junit(self) -> dict[str, dict]:
        """Per JUnit file: its counts and each test case's status."""
        files = {}
        for path in sorted((self.folder / "junit").glob("*.xml")):
            root = ElementTree.parse(path).getroot()
            cases = {(c.get("classname"), c.get("name")): _status(c) for c in root.iter("testcase")}
            files[path.name] = {"counts": {k: root.get(k) for k in ("tests", "failures", "errors", "skipped")},
                                "cases": cases}
        return files

    def allure(self) -> dict[str, str]:
        results = {}
        for path in (self.folder / "allure-results").glob("*-result.json"):
            result = json.loads(path.read_text())
            assert result["fullName"] not in results, f"two Allure results for {result['fullName']}"
            results[result["fullName"]] = result["status"]
        return results

    def transcripts(self) -> set[str]:
        return {p.name for p in (self.folder / "transcripts").glob("*.txt")}

    def explain(self) -> str:
        return f"exit {self.exit_code} after {self.wall_s:.1f} s\n{self.output[-4000:]}"


def run_parallel(folder: Path, *args: str, workers: int | None = None, env: dict | None = None) -> Run:
    folder.mkdir(parents=True, exist_ok=True)
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("E2E_", "JWT_SECRET"))}
    environ.update({"E2E_REPORTS_DIR": str(folder), "E2E_LOCAL_HASH_COST": "1024"}, **(env or {}))
    if workers is not None:
        environ["E2E_WORKERS"] = str(workers)
    started = time.monotonic()
    junit = ["--junit-directory", str(folder / "junit")]   # behave.ini names reports/junit
    done = subprocess.run([sys.executable, "-m", "journeys.parallel.runner", "--no-color", *junit, *args], cwd=ROOT,
                          env=environ, capture_output=True, text=True, timeout=DEADLINE_S)
    return Run(done.returncode, done.stdout + done.stderr, folder, time.monotonic() - started)


def _status(case) -> str:
    for kind in ("skipped", "failure", "error"):
        if case.find(kind) is not None:
            return kind
    return "passed"
