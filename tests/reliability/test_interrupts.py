"""Stopping a run (SIGTERM from CI, Ctrl-C from a person) leaves nothing behind."""

import os
import re
import signal
import socket
import subprocess
import sys
import time
import xml.etree.ElementTree as ElementTree

import pytest

from processes import alive, children_of, hear_ctrl_c
from project_root import ROOT

pytestmark = pytest.mark.meta


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_stopped_run_stops_the_platform_and_keeps_its_results_readable(tmp_path, signum):
    env = {k: v for k, v in os.environ.items() if not k.startswith("E2E_")}
    env.update(E2E_LOCAL_DEFECTS="no-reply", E2E_WAIT_S="30", E2E_REPORTS_DIR=str(tmp_path),
               E2E_LOCAL_HASH_COST="1024", TMPDIR=str(tmp_path))
    behave = subprocess.Popen([sys.executable, "-u", "-m", "behave", "--no-color", "-f", "plain",
                               "--junit-directory", str(tmp_path / "junit"),
                               "features/login_to_answer.feature"],
                              cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, encoding="utf-8",
                              preexec_fn=hear_ctrl_c)
    deadline = time.monotonic() + 30
    line, seen = "", ""
    while "When Sam logs in ... passed" not in line:   # next, a question that gets no reply
        assert time.monotonic() < deadline and behave.poll() is None, "the run did not reach a question"
        line = behave.stdout.readline()
        seen += line
    ports = [int(p) for p in re.findall(r"http://127\.0\.0\.1:(\d+)", seen)]
    assert len(ports) == 2, seen
    platforms = children_of(behave.pid)
    assert platforms, "the reference platform should be a child of the run"
    behave.send_signal(signum)
    output, _ = behave.communicate(timeout=20)
    assert behave.returncode != 0, output
    gone_by = time.monotonic() + 10   # LocalPlatform.stop waits for the platform, within its deadline
    while [p for p in platforms if alive(p)] and time.monotonic() < gone_by:
        time.sleep(0.05)
    assert not [p for p in platforms if alive(p)], f"platform processes left behind: {platforms}"
    assert not list(tmp_path.glob("golden-path-platform-*")), "the platform's temporary folder was left behind"
    for port in ports:                  # no port left behind: nothing listens on them any more
        with pytest.raises(ConnectionRefusedError), socket.create_connection(("127.0.0.1", port), 2):
            pass
    assert "Traceback" not in output, output
    reports = list((tmp_path / "junit").glob("*.xml"))
    assert reports, f"the stopped run wrote no JUnit in {tmp_path / 'junit'}"
    for report in reports:
        ElementTree.parse(report)   # what was written so far is whole
