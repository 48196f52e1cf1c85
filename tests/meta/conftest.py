"""Fixtures of the meta-tests; the harness itself is ``journey_runs.py``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from journey_runs import HAND_STARTED_SECRET, ROOT


@pytest.fixture
def hand_started_platform(tmp_path):
    """``python -m reference_platform`` as a person starts it: the suite is not told its secret
    (it is ``HAND_STARTED_SECRET``, for tests that give it to the suite on purpose)."""
    ready = tmp_path / "ready.json"
    env = dict(os.environ, REFPLATFORM_JWT_SECRET=HAND_STARTED_SECRET,
               REFPLATFORM_BYPASS_KEY="hand-started-bypass-key")
    process = subprocess.Popen([sys.executable, "-m", "reference_platform", "--ready-file", str(ready),
                                "--hash-cost", "1024"], cwd=ROOT, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 20
    while not ready.exists():
        assert process.poll() is None and time.monotonic() < deadline, "the platform did not start"
        time.sleep(0.05)
    yield json.loads(ready.read_text())
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
