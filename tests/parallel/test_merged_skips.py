"""A parallel run's merged reports keep each skip's reason and each step's real status.

Seen against the real platform: five of six ``@local-only`` skips and the health skip lost their
reason in the merged reports, and steps that passed were shown as skipped. Here a platform
speaking the real platform's dialect, started by hand, is a named target (so every
``@local-only`` scenario is skipped, by whichever worker took it, and the health journey skips
after its first steps passed), run by four workers; the merged JUnit and Allure results are read.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree

import pytest
from dotenv import dotenv_values

from journey_runs import HAND_STARTED_ENV
from parallel_runs import run_parallel
from platform_process import PlatformProcess
from project_root import ROOT

pytestmark = pytest.mark.meta
FEATURES = ("features/login_to_answer.feature", "features/agent_tools.feature",
            "features/error_recovery.feature", "features/platform_health.feature")
LOCAL_ONLY = "needs the reference platform; target is 'netra-by-hand'"
HEALTH = "both services report that they are healthy"


@pytest.fixture
def netra_by_hand(tmp_path):
    folder = tmp_path / "platform"
    folder.mkdir()
    process = PlatformProcess("--dialect", "netra", workdir=folder, env=HAND_STARTED_ENV)
    yield process.info
    process.stop()


def local_only_scenarios() -> set[str]:
    """Every scenario of FEATURES under a ``@local-only`` tag (its own, its Rule's or its feature's)."""
    from behave.parser import parse_file
    found = set()
    for path in FEATURES:
        for scenario in parse_file(str(ROOT / path)).walk_scenarios():
            if "local-only" in scenario.effective_tags:
                found.add(scenario.name.split(" -- @")[0])
    return found


def test_merged_reports_keep_each_skip_reason_and_each_steps_status(tmp_path, netra_by_hand):
    declared = {k: v for k, v in dotenv_values(ROOT / "config" / "netra.env.example").items()
                if not k.endswith("_URL") and k != "E2E_REMOTE"}
    run = run_parallel(tmp_path / "run", "-D", "target=netra-by-hand", *FEATURES, workers=4,
                       env={**declared, "AUTH_SERVICE_URL": netra_by_hand["auth_url"],
                            "BACKEND_URL": netra_by_hand["backend_url"], "E2E_WAIT_S": "3", "E2E_TURN_S": "8"})
    assert run.exit_code == 0, run.explain()
    skips = {}
    for path in (run.folder / "junit").glob("*.xml"):
        for case in ElementTree.parse(path).getroot().iter("testcase"):
            if case.find("skipped") is not None:
                skips[case.get("name")] = case.find("skipped").get("message") or "(no reason)"
    expected = local_only_scenarios()
    assert len(expected) >= 6, f"expected the features to hold six or more @local-only scenarios: {expected}"
    lost = {name: skips.get(name, "(not skipped)") for name in expected if skips.get(name) != LOCAL_ONLY}
    assert not lost, f"@local-only skips without their reason in the merged JUnit: {lost}\n{run.explain()}"
    assert "names no check" in skips.get(HEALTH, ""), f"the health skip's reason in JUnit: {skips.get(HEALTH)}"
    results = {}
    for path in (run.folder / "allure-results").glob("*-result.json"):
        result = json.loads(path.read_text())
        assert result["name"] not in results, f"two Allure results for {result['name']}"
        results[result["name"]] = result
    for name in expected:
        said = (results[name].get("statusDetails") or {}).get("message")
        assert results[name]["status"] == "skipped" and said == LOCAL_ONLY, \
            f"Allure result of {name!r}: {results[name]['status']}, reason {said!r}"
    health = results[HEALTH]
    steps = [(step["name"], step["status"]) for step in health.get("steps", [])]
    assert "names no check" in (health.get("statusDetails") or {}).get("message", ""), health.get("statusDetails")
    assert [status for _, status in steps[:-1]] == ["passed"] * (len(steps) - 1) and steps[-1][1] == "skipped", \
        f"the health journey's steps before its skip passed; the merged Allure result shows {steps}"
    passed = [r for r in results.values() if r["status"] == "passed"]
    assert passed and all(s["status"] == "passed" for r in passed for s in r.get("steps", [])), \
        "a passed scenario shown with a step that did not pass"
