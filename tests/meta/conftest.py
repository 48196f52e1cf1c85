"""Fixtures of the meta-tests; the harness itself is ``tests/harness/journey_runs.py``."""

from __future__ import annotations

import pytest

from journey_runs import HAND_STARTED_ENV, run_journeys
from platform_process import PlatformProcess

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
    folder = tmp_path / "hand-started"
    folder.mkdir()
    process = PlatformProcess(workdir=folder, env=HAND_STARTED_ENV)
    yield process.info
    assert process.stop() == 0
