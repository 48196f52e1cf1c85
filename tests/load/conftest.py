"""Fixtures of the load tests (helpers in ``load_commands.py``, importable by the tests)."""

from __future__ import annotations

import pytest

from load_commands import CommandRun, run_command


@pytest.fixture
def load_mode():
    """``load_mode(people, ramp_s, env={...}, engine=..., workers=...)`` runs ``python -m journeys.load``."""
    def run(people: int, ramp_s: float = 1.0, env: dict | None = None, engine: str = "suite",
            workers: int = 0) -> CommandRun:
        args = ["-m", "journeys.load", "--people", str(people), "--ramp-s", str(ramp_s), "--quiet",
                "--engine", engine, "--workers", str(workers)]
        return run_command(args, env)
    return run
