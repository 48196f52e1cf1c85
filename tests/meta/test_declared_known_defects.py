"""A target's declared known defects (E2E_KNOWN_DEFECTS), end to end through ``python3 tasks.py
journeys``: the reference platform echoes every question (``echo-answer``), the target declares
those failures as known defects, and each report says so while the run still fails; the gate on
new failures (E2E_GATE=new-failures) passes the run only when no failure is new.

Not the contract's section-7 defects of the reference platform: that is ``test_known_defects.py``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from project_root import ROOT

pytestmark = pytest.mark.meta
GOLDEN = "features/login_to_answer.feature"
TRACKER = "https://tracker.example.com/"
PLACEHOLDER = {"id": "NETRA-1", "link": TRACKER + "NETRA-1", "scenarios": ["*"],
               "message": "the answer is a placeholder"}
NO_TOOLS = {"id": "NETRA-3", "link": TRACKER + "NETRA-3",
            "scenarios": ["From logging in to an AI answer: Sam watches every step*"],
            "message": "did not see every step"}
WRONG_PRICE = {"id": "NETRA-4", "link": TRACKER + "NETRA-4", "scenarios": ["the quoted cost is the price list's"],
               "message_regex": r"the price list gives \$[0-9.]+"}
HISTORY = {"id": "NETRA-9", "link": TRACKER + "NETRA-9", "scenarios": ["the conversation stays in Sam's history"],
           "message": "history"}
EVERY_FAILURE = [PLACEHOLDER, NO_TOOLS, WRONG_PRICE, HISTORY]
FAILURES = 8    # login_to_answer.feature with echo-answer: every scenario but the history's


def tasks_journeys(folder: Path, declared: list[dict], **env: str) -> tuple[int, str]:
    folder.mkdir(parents=True, exist_ok=True)
    declaration = folder / "netra.known-defects.json"
    declaration.write_text(json.dumps(declared))
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("E2E_", "JWT_SECRET"))}
    environ.update(E2E_REPORTS_DIR=str(folder), E2E_LOCAL_HASH_COST="1024", E2E_LOCAL_DEFECTS="echo-answer",
                   E2E_KNOWN_DEFECTS=str(declaration), **env)
    done = subprocess.run([sys.executable, "tasks.py", "journeys", "--no-color", GOLDEN], cwd=ROOT,
                          env=environ, capture_output=True, text=True, encoding="utf-8", timeout=180)
    return done.returncode, done.stdout + done.stderr


def junit_failures(folder: Path) -> dict[str, tuple[str | None, str]]:
    """Each failed scenario: its known-defect property, and its failure message."""
    failed = {}
    for path in (folder / "junit").glob("*.xml"):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            failure = case.find("failure")
            if failure is not None:
                known = {p.get("name"): p.get("value") for p in case.iter("property")}.get("known-defect")
                failed[case.get("name")] = (known, failure.get("message", ""))
    return failed


def allure_categories(folder: Path) -> dict[str, list[str]]:
    """Each failed result's categories, as Allure matches categories.json against its message."""
    results = folder / "allure-results"
    rules = json.loads((results / "categories.json").read_text())
    found = {}
    for path in results.glob("*-result.json"):
        result = json.loads(path.read_text())
        if result["status"] in ("failed", "broken"):
            message = result["statusDetails"]["message"]
            found[result["name"]] = [c["name"] for c in rules if result["status"] in c["matchedStatuses"]
                                     and re.fullmatch(c["messageRegex"], message)]
    return found


def test_declared_failures_are_known_in_every_report_and_the_run_still_fails(tmp_path):
    code, output = tasks_journeys(tmp_path, EVERY_FAILURE)
    assert code == 1, f"known defects are still failures: expected exit 1, got {code}\n{output[-3000:]}"
    failed = junit_failures(tmp_path)
    assert len(failed) == FAILURES, output[-3000:]
    for name, (known, message) in failed.items():
        assert known in ("NETRA-1", "NETRA-3", "NETRA-4"), (name, known, message)
        assert message.startswith(f"known defect {known} ({TRACKER}{known}): "), (name, message)
    assert failed["the quoted cost is the price list's"][0] == "NETRA-4"
    categories = allure_categories(tmp_path)
    assert len(categories) == FAILURES and all(c == ["Known defects"] for c in categories.values()), categories
    summary = (tmp_path / "summary.md").read_text()
    assert summary.splitlines()[0].endswith(": FAILED"), summary
    assert f"0 new, {FAILURES} known defects" in summary, summary
    assert "**NETRA-9 did not fail: fixed?**" in summary, summary
    assert "NETRA-9 did not fail: fixed?" in output and "KNOWN DEFECT NETRA-4" in output, output[-3000:]
    found = json.loads((tmp_path / "outcome.json").read_text())
    assert (found["new_failures"], found["known_failures"]) == (0, FAILURES), found


def test_the_new_failures_gate_passes_a_serial_run_whose_failures_are_all_known(tmp_path):
    code, output = tasks_journeys(tmp_path, EVERY_FAILURE, E2E_GATE="new-failures", E2E_WORKERS="1")
    assert code == 0, f"every failure is declared: expected exit 0, got {code}\n{output[-3000:]}"
    assert "is a declared known defect, and E2E_GATE is new-failures: exit 0" in output, output[-3000:]
    failed = junit_failures(tmp_path)
    assert len(failed) == FAILURES and all(known for known, _ in failed.values()), failed
    assert "known defect NETRA-1 (" in (tmp_path / "summary.md").read_text()


def test_an_undeclared_failure_is_new_and_fails_the_gated_run(tmp_path):
    code, output = tasks_journeys(tmp_path, [PLACEHOLDER, NO_TOOLS, HISTORY], E2E_GATE="new-failures")
    assert code == 1, f"a new failure must fail the gated run, got {code}\n{output[-3000:]}"
    known, message = junit_failures(tmp_path)["the quoted cost is the price list's"]
    assert known is None and message.startswith("product defect:"), message
    assert allure_categories(tmp_path)["the quoted cost is the price list's"] == ["Product defects"]
    summary = (tmp_path / "summary.md").read_text()
    new_part = summary.split("New failures:", 1)[1].split("Known defects that failed:", 1)[0]
    assert "the quoted cost is the price list's" in new_part, summary
    found = json.loads((tmp_path / "outcome.json").read_text())
    assert (found["new_failures"], found["known_failures"]) == (1, FAILURES - 1), found
