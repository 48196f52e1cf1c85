"""Fixtures of the meta-tests; the harness itself is ``journey_runs.py``."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from journey_runs import HAND_STARTED_SECRET, ROOT, run_journeys

DIALECTS = ["contract", pytest.param("netra", marks=pytest.mark.dialect)]


@pytest.fixture(params=DIALECTS)
def meta_dialect(request) -> str:
    """Every meta-test runs against the platform speaking the contract, and again (marker
    ``dialect``, run by .ci/run) speaking the real platform's dialect with the target accepting
    it (E2E_LOCAL_DIALECT=netra implies the netra declarations): each defect must be caught
    under both. A test that cannot apply under a dialect skips saying why."""
    return request.param


@pytest.fixture
def journeys(tmp_path, meta_dialect):
    """Run behave against the reference platform in its own report folder; see ``run_journeys``."""
    def run(*paths, env=None, **kwargs):
        if meta_dialect != "contract":
            env = {"E2E_LOCAL_DIALECT": meta_dialect, **(env or {})}
        return run_journeys(tmp_path, *paths, env=env, **kwargs)
    return run


@pytest.fixture
def hand_started_platform(tmp_path, meta_dialect):
    """``python -m reference_platform`` as a person starts it: the suite is not told its secret
    (it is ``HAND_STARTED_SECRET``, for tests that give it to the suite on purpose)."""
    if meta_dialect != "contract":
        pytest.skip("a hand-started platform is a named target, where E2E_LOCAL_DIALECT does not "
                    "apply; test_dialects.py starts one speaking netra")
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
