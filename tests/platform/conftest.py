"""Fixtures for the reference platform's tests: real subprocesses on loopback.

Platforms started for one test are asked to stop at its end but reaped once at
the end of the session, so their shutdowns overlap the next tests; the reaper
then checks that every one of them stopped cleanly (exit 0, no traceback).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from refplatform_harness import RunningPlatform


@pytest.fixture(scope="session")
def reaper() -> Iterator[list[RunningPlatform]]:
    stopping: list[RunningPlatform] = []
    yield stopping
    unclean = []
    for running in stopping:
        code = running.wait_stopped()
        if code != 0 or "Traceback" in running.stderr():
            unclean.append(f"exit {code}: {running.stderr()[-800:]}")
        running.remove_workdir()
    assert not unclean, f"{len(unclean)} platform(s) did not stop cleanly:\n" + "\n".join(unclean)


@pytest.fixture(scope="module")
def platform(reaper) -> Iterator[RunningPlatform]:
    """One clean platform (no defect, default shape) shared by a test module."""
    running = RunningPlatform()
    yield running
    running.request_stop()
    reaper.append(running)


@pytest.fixture
def start_platform(reaper) -> Iterator[Callable[..., RunningPlatform]]:
    """Start platforms with chosen flags; each is asked to stop after the test."""
    started: list[RunningPlatform] = []

    def start(*args: str, **kwargs) -> RunningPlatform:
        running = RunningPlatform(*args, **kwargs)
        started.append(running)
        return running

    yield start
    for running in started:
        running.request_stop()
        reaper.append(running)
