"""``tasks.py journeys`` as a person runs it: bad input is a settings error with its own exit status
(4), never "suite defect" or "environment down"; only this run's results count; JUnit goes to the
run's one reports folder."""

from __future__ import annotations

import os
import re
import subprocess
import sys

import pytest

from project_root import ROOT

pytestmark = pytest.mark.meta
GOLDEN = "features/login_to_answer.feature"


def tasks_journeys(tmp_path, *args: str, **env: str) -> subprocess.CompletedProcess:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("E2E_", "JWT_SECRET"))}
    environ.update(E2E_REPORTS_DIR=str(tmp_path), E2E_LOCAL_HASH_COST="1024", **env)
    return subprocess.run([sys.executable, "tasks.py", "journeys", "--no-color", *args], cwd=ROOT,
                          env=environ, capture_output=True, text=True, encoding="utf-8", timeout=120)


def test_a_mistyped_target_is_a_settings_error_that_suggests_the_nearest(tmp_path):
    done = tasks_journeys(tmp_path, "-D", "target=stagin", GOLDEN)
    output = done.stdout + done.stderr
    assert done.returncode == 4, output
    assert "SETTINGS ERROR: " in output and "Did you mean 'staging'?" in output, output
    assert "SUITE DEFECT" not in output and "ENVIRONMENT DOWN" not in output, output


def test_a_mistyped_defect_switch_is_a_settings_error_not_environment_down(tmp_path):
    done = tasks_journeys(tmp_path, GOLDEN, E2E_LOCAL_DEFECTS="no-replyy")
    output = done.stdout + done.stderr
    assert done.returncode == 4, output
    assert "did you mean 'no-reply'?" in output and "ENVIRONMENT DOWN" not in output, output


def test_a_run_that_matched_no_tag_fails_even_after_a_run_that_passed(tmp_path):
    passed = tasks_journeys(tmp_path, "--tags=@golden-path", "--name", "Sam asks", GOLDEN)
    assert passed.returncode == 0, passed.stdout[-3000:] + passed.stderr[-3000:]
    assert list((tmp_path / "junit").glob("*.xml")), "JUnit belongs in E2E_REPORTS_DIR/junit"
    nothing = tasks_journeys(tmp_path, "--tags=@no-scenario-has-this-tag", GOLDEN)
    assert nothing.returncode == 1, nothing.stdout[-2000:] + nothing.stderr[-2000:]
    assert "No scenario ran in this run" in nothing.stderr, nothing.stderr


def test_the_console_carries_no_noise_and_the_real_duration(tmp_path):
    done = tasks_journeys(tmp_path, "--tags=@golden-path", "--name", "Sam asks", GOLDEN,
                          E2E_LOCAL_DEFECTS="echo-answer", E2E_WAIT_S="3", E2E_TURN_S="8")
    output = done.stdout + done.stderr
    assert done.returncode == 1, output[-3000:]
    assert "product defect: " in output, output[-3000:]
    assert "USING RUNNER" not in output, output[-3000:]
    assert "HTTP Request:" not in output, "httpx's INFO lines are noise beside a failure\n" + output[-3000:]
    took = re.search(r"Took (\d+)min (\d+\.\d+)s", output)
    assert took and int(took[1]) * 60 + float(took[2]) > 0, "the run's real duration\n" + output[-1000:]
