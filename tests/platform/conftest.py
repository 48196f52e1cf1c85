"""Fixtures for the reference platform's tests: real subprocesses on loopback."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
if str(ROOT) not in sys.path:          # so the tests can read reference_platform's names
    sys.path.insert(0, str(ROOT))

from refplatform_harness import RunningPlatform  # noqa: E402


@pytest.fixture(scope="module")
def platform() -> Iterator[RunningPlatform]:
    """One clean platform (no defect, default shape) shared by a test module."""
    running = RunningPlatform()
    yield running
    running.stop()


@pytest.fixture
def start_platform() -> Iterator[Callable[..., RunningPlatform]]:
    """Start platforms with chosen flags; each is stopped after the test."""
    started: list[RunningPlatform] = []

    def start(*args: str, **kwargs) -> RunningPlatform:
        running = RunningPlatform(*args, **kwargs)
        started.append(running)
        return running

    yield start
    for running in started:
        running.stop()
