"""Stopping a parallel run (SIGTERM from CI, Ctrl-C) stops every worker and every platform."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from processes import hear_ctrl_c
from project_root import ROOT

pytestmark = pytest.mark.meta


def descendants(pid: int) -> set[int]:
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                parents[int(entry.name)] = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except (OSError, ValueError):
                continue
    found, frontier = set(), {pid}
    while frontier:
        frontier = {child for child, parent in parents.items() if parent in frontier} - found
        found |= frontier
    return found


def alive(pid: int) -> bool:
    try:
        return (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_parallel_run_leaves_no_worker_platform_or_folder_behind(tmp_path, signum):
    env = {k: v for k, v in os.environ.items() if not k.startswith("E2E_")}
    env.update(E2E_LOCAL_DEFECTS="no-reply", E2E_WAIT_S="30", E2E_TURN_S="60", E2E_WORKERS="3",
               E2E_REPORTS_DIR=str(tmp_path / "reports"), E2E_LOCAL_HASH_COST="1024", TMPDIR=str(tmp_path))
    run = subprocess.Popen([sys.executable, "-m", "journeys.parallel.runner", "--no-color", "--tags=@error-recovery"],
                           cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                           preexec_fn=hear_ctrl_c)
    deadline = time.monotonic() + 60
    while len(list(tmp_path.glob("golden-path-platform-*"))) < 2:   # the shared one and an own one
        assert time.monotonic() < deadline and run.poll() is None, "the workers did not start"
        time.sleep(0.1)
    time.sleep(1)                                  # every worker is now waiting on an answer
    processes = descendants(run.pid)
    assert len(processes) >= 5, processes          # three workers, an own platform, the shared one
    run.send_signal(signum)
    output, _ = run.communicate(timeout=40)
    assert run.returncode != 0, output
    gone_by = time.monotonic() + 10
    while [p for p in processes if alive(p)] and time.monotonic() < gone_by:
        time.sleep(0.1)
    assert not [p for p in processes if alive(p)], f"processes left behind:\n{output}"
    assert not list(tmp_path.glob("golden-path-platform-*")), "a platform's folder was left behind"
    assert not list(tmp_path.glob("journeys-*")), "the runner's folder was left behind"
    assert "Traceback" not in output, output
