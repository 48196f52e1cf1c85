"""Deadlines everywhere: a platform that stops answering, a run that takes too long, a target
that is down before the first scenario. Each gives a precise outcome within seconds, and the
run always finishes, stops the platform and leaves nothing behind."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from processes import alive, children_of
from project_root import ROOT

pytestmark = pytest.mark.meta
GOLDEN = "features/login_to_answer.feature"


def behave_env(tmp_path: Path, **settings: str) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("E2E_", "JWT_SECRET"))}
    env.update(E2E_REPORTS_DIR=str(tmp_path), E2E_LOCAL_HASH_COST="1024", TMPDIR=str(tmp_path),
               **settings)
    return env


def start_behave(tmp_path: Path, env: dict, *args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-u", "-m", "behave", "--no-color", "-f", "plain",
                             "-f", "json", "-o", "-",
                             "-o", str(tmp_path / "results.json"),
                             "--junit-directory", str(tmp_path / "junit"), *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, encoding="utf-8")


def read_until(process: subprocess.Popen, word: str, within_s: float) -> str:
    deadline, seen = time.monotonic() + within_s, ""
    while word not in seen:
        assert time.monotonic() < deadline and process.poll() is None, f"never saw {word!r}:\n{seen}"
        seen += process.stdout.readline()
    return seen


def statuses(tmp_path: Path) -> dict[str, tuple[str, str]]:
    found = {}
    for feature in json.loads((tmp_path / "results.json").read_text() or "[]"):
        for element in feature.get("elements", []):
            messages = []
            for step in element.get("steps", []):
                error = (step.get("result") or {}).get("error_message")
                if error:
                    messages.append(" ".join(error) if isinstance(error, list) else str(error))
            found[element["name"]] = (element.get("status", "?"), " | ".join(messages))
    return found


def nothing_left_behind(tmp_path: Path, platforms: list[int]) -> None:
    gone_by = time.monotonic() + 10
    while [p for p in platforms if alive(p)] and time.monotonic() < gone_by:
        time.sleep(0.05)
    assert not [p for p in platforms if alive(p)], f"platform processes left behind: {platforms}"
    assert not list(tmp_path.glob("golden-path-platform-*")), "the platform's folder was left behind"
    reports = list((tmp_path / "junit").glob("*.xml"))
    assert reports, f"the stopped run wrote no JUnit in {tmp_path / 'junit'}"
    for report in reports:
        ElementTree.parse(report)      # what was written is whole and readable


def test_a_platform_that_stops_answering_mid_run_gives_timeouts_with_evidence(tmp_path):
    env = behave_env(tmp_path, E2E_WAIT_S="2", E2E_TURN_S="4", E2E_LOCAL_PAUSE_MS="400")
    behave = start_behave(tmp_path, env, GOLDEN)
    before = read_until(behave, "When Sam logs in ... passed", 30)   # the question is next...
    time.sleep(0.5)                                 # ...and its run has started (events 400 ms apart)
    platforms = children_of(behave.pid)
    assert platforms, "the reference platform should be a child of the run"
    paused_at = time.monotonic()
    for pid in platforms:
        os.kill(pid, signal.SIGSTOP)
    rest, _ = behave.communicate(timeout=60)
    took = time.monotonic() - paused_at
    output = before + rest
    assert behave.returncode != 0, output
    # the turn's deadline (4 s), then the health check's three probes, each waiting out its 5 s,
    # 2.5 s apart (journeys/run/target.py, HEALTH_PROBES): about 25 s
    assert took < 40, f"the run took {took:.0f} s to finish after the platform was paused"
    results = statuses(tmp_path)
    failed = {name: message for name, (status, message) in results.items() if status == "failed"}
    assert len(failed) == 1, results
    message = next(iter(failed.values()))
    assert "waited for" in message and "got nothing more" in message, message
    assert "Last frames:" in message and "evidence:" in message, message
    assert "ENVIRONMENT DOWN: the target stopped answering during scenario" in output, output
    assert "got no answer after" in output, output      # the health check's own timeout, named
    outcome = json.loads((tmp_path / "outcome.json").read_text())
    assert outcome["outcome"] == "environment down" and outcome["exit_code"] == 3
    assert "Traceback" not in output, output
    nothing_left_behind(tmp_path, platforms)


def test_the_whole_run_deadline_stops_a_run_that_would_take_too_long(tmp_path):
    env = behave_env(tmp_path, E2E_LOCAL_DEFECTS="no-reply", E2E_WAIT_S="60", E2E_TURN_S="60",
                     E2E_RUN_DEADLINE_S="6")
    started = time.monotonic()
    behave = start_behave(tmp_path, env, GOLDEN)
    read_until(behave, "Journeys against", 30)
    platforms = children_of(behave.pid)
    output, _ = behave.communicate(timeout=60)
    took = time.monotonic() - started
    assert behave.returncode != 0, output
    assert took < 20, f"a 6 s run deadline stopped the run only after {took:.0f} s"
    assert "RUN DEADLINE: the run has taken" in output and "E2E_RUN_DEADLINE_S=6" in output, output
    assert "Traceback" not in output, output
    nothing_left_behind(tmp_path, platforms)


def test_a_paused_target_is_environment_down_within_seconds_with_its_own_exit_status(
        tmp_path, hand_started):
    platform = hand_started()
    os.kill(platform.process.pid, signal.SIGSTOP)
    env = behave_env(tmp_path, AUTH_SERVICE_URL=platform.info["auth_url"],
                     BACKEND_URL=platform.info["backend_url"])
    started = time.monotonic()
    done = subprocess.run([sys.executable, "tasks.py", "journeys", "--no-color", "-f", "plain",
                           "-D", "target=paused", GOLDEN], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=60)
    took = time.monotonic() - started
    output = done.stdout + done.stderr
    assert done.returncode == 3, output
    assert took < 20, f"environment down took {took:.0f} s to be reported"
    assert "ENVIRONMENT DOWN" in output and "got no answer after" in output, output
    assert "0 scenarios passed, 0 failed" in output, output     # nothing ran, nothing passed


def test_an_unreachable_target_exits_3_and_a_failing_product_exits_1(tmp_path, free_port):
    url = f"http://127.0.0.1:{free_port}"
    down = subprocess.run([sys.executable, "tasks.py", "journeys", "--no-color", "-f", "plain",
                           "-D", "target=unreachable", GOLDEN], cwd=ROOT, timeout=60,
                          env=behave_env(tmp_path, AUTH_SERVICE_URL=url, BACKEND_URL=url),
                          capture_output=True, text=True)
    assert down.returncode == 3, down.stdout + down.stderr
    broken = subprocess.run([sys.executable, "tasks.py", "journeys", "--no-color", "-f", "plain",
                             "--tags", "@blocker", GOLDEN], cwd=ROOT, timeout=120,
                            env=behave_env(tmp_path, E2E_LOCAL_DEFECTS="echo-answer",
                                           E2E_WAIT_S="3", E2E_TURN_S="8"),
                            capture_output=True, text=True)
    assert broken.returncode == 1, broken.stdout[-3000:] + broken.stderr[-3000:]
    outcome = json.loads((tmp_path / "outcome.json").read_text())   # this run's count, no stop
    assert "exit_code" not in outcome and outcome["scenarios_ran"] >= 1, outcome
