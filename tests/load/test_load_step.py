"""The load mode started from a step: a scenario of a whole company asking at once passes on a
healthy platform and fails at the objectives step, with the figures, when answers are slow.

The scenario lives in a temporary features folder that borrows the project's hooks and steps,
so this test does not depend on which feature file the catalogue keeps it in.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from load_commands import run_command

FEATURE = """@journey @many-people @blocker @slow
Feature: A busy moment
  A whole company may ask at once: every person's golden path must still pass, and the answers
  must still arrive within the objectives.

  Example: Ana's company asks at once and every one gets a complete answer in time
    Given Ana and 29 colleagues have each signed in
    When they all ask a cost question within 1 seconds
    Then every one of them gets a complete answer, kept in their history
    And their answers arrive within the service objectives
"""

ENVIRONMENT = """import importlib.util, pathlib
_spec = importlib.util.spec_from_file_location("project_environment", pathlib.Path.cwd() / "environment.py")
_env = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_env)
before_all, before_scenario, after_step = _env.before_all, _env.before_scenario, _env.after_step
after_scenario, after_all = _env.after_scenario, _env.after_all
"""

STEPS = """import importlib
for name in ("_parameter_types", "load"):
    importlib.import_module("steps." + name)
"""


def _run_scenario(tmp_path: Path, env: dict | None = None) -> tuple[int, list[dict], str]:
    features = tmp_path / "features"
    (features / "steps").mkdir(parents=True)
    (features / "busy_moment.feature").write_text(FEATURE)
    (features / "environment.py").write_text(ENVIRONMENT)
    (features / "steps" / "project_steps.py").write_text(STEPS)
    results = tmp_path / "results.json"
    run = run_command(["-m", "behave", str(features), "--no-color", "-f", "json", "-o", str(results),
                       "--junit-directory", str(tmp_path / "junit")],
                      env={"E2E_REPORTS_DIR": str(tmp_path), **(env or {})})
    steps = json.loads(results.read_text())[0]["elements"][0]["steps"] if results.exists() else []
    return run.exit_code, steps, run.output


def test_a_company_asking_at_once_passes_from_a_step(tmp_path):
    code, steps, output = _run_scenario(tmp_path)
    assert code == 0, output[-3000:]
    assert [s["result"]["status"] for s in steps] == ["passed"] * 4, output[-3000:]


def test_slow_answers_fail_the_objectives_step_with_the_figures(tmp_path):
    code, steps, output = _run_scenario(tmp_path, {"E2E_LOCAL_DEFECTS": "slow-answer"})
    assert code != 0, output[-3000:]
    statuses = [s["result"]["status"] for s in steps]
    assert statuses == ["passed", "passed", "passed", "failed"], output[-3000:]
    message = " ".join(steps[3]["result"]["error_message"])
    assert re.search(r"service-level breach: 30 people asked at once: answer p95 \d+\.\d\d s, objective under 2 s", message), message
    assert "answer s" in message, "the message carries the table\n" + message
