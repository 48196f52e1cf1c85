"""``summary.md``, ``outcome.json`` and the exit status of ``tasks.py journeys`` always agree, in a
serial run and a parallel one: all passed, a failure, the environment down before the run, and
down in the middle of it (the rule: environment down anywhere is status 3 everywhere,
``journeys/run/outcome.py``). Seen on the real platform: the summary said ENVIRONMENT DOWN while
``outcome.json`` and the exit status said failed, and the scenarios cut short read "suite defect"."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from project_root import ROOT

pytestmark = pytest.mark.meta
GOLDEN = "features/login_to_answer.feature"
MODES = {"serial": "1", "parallel": "3"}


def journeys_env(tmp_path: Path, workers: str, **settings: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("E2E_", "JWT_SECRET"))}
    # PYTHONUNBUFFERED: the mid-run test reads the run's console to know it is under way; a
    # newcomer's shell does not set it, and behave's lines to a pipe then arrive only at its end
    # (after the run it meant to interrupt had finished).
    env.update(E2E_REPORTS_DIR=str(tmp_path), E2E_LOCAL_HASH_COST="1024", TMPDIR=str(tmp_path),
               E2E_WORKERS=workers, PYTHONUNBUFFERED="1", **settings)
    return env


def tasks_journeys(env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-u", "tasks.py", "journeys", "--no-color", *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8")


def three_verdicts(tmp_path: Path, process: subprocess.Popen, seen: str = "") -> tuple[int, str, dict, str]:
    rest, _ = process.communicate(timeout=150)
    summary = tmp_path / "summary.md"
    headline = summary.read_text().splitlines()[0] if summary.is_file() else "(no summary.md)"
    found = json.loads((tmp_path / "outcome.json").read_text()) if (tmp_path / "outcome.json").is_file() else {}
    return process.returncode, headline, found, seen + rest


def explain(code: int, headline: str, found: dict, output: str) -> str:
    return f"exit {code}; summary: {headline!r}; outcome.json: {found}\n--- output (tail)\n{output[-4000:]}"


@pytest.mark.parametrize("mode", MODES)
def test_all_passed_and_a_failure_agree(tmp_path, mode):
    passed = three_verdicts(tmp_path, tasks_journeys(journeys_env(tmp_path, MODES[mode]),
                                                     "--name", "Sam asks", GOLDEN))
    code, headline, found, _ = passed
    assert code == 0 and headline.endswith(": PASSED") and "exit_code" not in found, explain(*passed)
    failed = three_verdicts(tmp_path, tasks_journeys(
        journeys_env(tmp_path, MODES[mode], E2E_LOCAL_DEFECTS="echo-answer", E2E_WAIT_S="3", E2E_TURN_S="8"),
        "--name", "Sam asks", GOLDEN))
    code, headline, found, _ = failed
    assert code == 1 and headline.endswith(": FAILED") and "exit_code" not in found, explain(*failed)


@pytest.mark.parametrize("mode", MODES)
def test_environment_down_before_the_run_agrees(tmp_path, mode, free_port):
    url = f"http://127.0.0.1:{free_port}"
    down = three_verdicts(tmp_path, tasks_journeys(
        journeys_env(tmp_path, MODES[mode], AUTH_SERVICE_URL=url, BACKEND_URL=url),
        "-D", "target=unreachable", GOLDEN))
    code, headline, found, _ = down
    assert code == 3 and headline.endswith(": ENVIRONMENT DOWN"), explain(*down)
    assert found.get("outcome") == "environment down" and found.get("exit_code") == 3, explain(*down)


@pytest.mark.parametrize("mode", MODES)
def test_environment_down_mid_run_agrees_and_what_it_cut_short_is_not_run(tmp_path, mode, hand_started):
    platform = hand_started()
    env = journeys_env(tmp_path, MODES[mode], AUTH_SERVICE_URL=platform.info["auth_url"],
                       BACKEND_URL=platform.info["backend_url"], E2E_WAIT_S="2", E2E_TURN_S="4")
    process = tasks_journeys(env, "-f", "plain", "-D", "target=handmade", "--tags", "not @local-only", GOLDEN)
    seen, deadline = "", time.monotonic() + 60
    under_way = " ... passed" if mode == "serial" else "behave processes at a time"   # workers echo at their end
    while under_way not in seen:
        assert time.monotonic() < deadline and process.poll() is None, f"the run never got going:\n{seen}"
        seen += process.stdout.readline()
    time.sleep(0 if mode == "serial" else 2.0)   # the workers are signing people in
    os.kill(platform.process.pid, signal.SIGSTOP)
    try:
        down = three_verdicts(tmp_path, process, seen)
    finally:
        os.kill(platform.process.pid, signal.SIGCONT)
    code, headline, found, output = down
    assert code == 3 and headline.endswith(": ENVIRONMENT DOWN"), explain(*down)
    assert found.get("outcome") == "environment down" and found.get("exit_code") == 3, explain(*down)
    summary = (tmp_path / "summary.md").read_text()
    assert "| suite defect |" not in summary, "a scenario the outage cut short read as a suite defect\n" + summary
    junit = "".join(path.read_text() for path in (tmp_path / "junit").glob("*.xml"))
    assert "KeyboardInterrupt" not in junit, junit[-3000:]
    assert "not run: environment down" in junit, "the scenarios left when the run stopped\n" + junit[-3000:]
