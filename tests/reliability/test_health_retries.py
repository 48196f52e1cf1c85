"""The mid-run health check is retried before the run is called ENVIRONMENT DOWN.

Seen on the real platform: one 5-second probe, busy hashing passwords, stopped a run as
environment down. Here a scripted loopback target answers its health badly (or not in time)
a set number of times, then well: up after one bad probe, down only when every probe fails.
"""

from __future__ import annotations

import time

import pytest

from journeys.config.settings import load_settings
from journeys.run import outcome, target
from loopback_http import LoopbackJson


class ScriptedHealth(LoopbackJson):
    """``/health`` fails (503, or sleeps ``slow_s``) for its first ``bad`` requests, then is healthy."""

    def __init__(self, bad: int, slow_s: float = 0.0) -> None:
        super().__init__()
        self.bad, self.slow_s, self.asked = bad, slow_s, 0

    def answer(self, path: str) -> tuple[int, dict]:
        self.asked += 1
        failing = self.asked <= self.bad
        if failing and self.slow_s:
            time.sleep(self.slow_s)
        return (503, {"status": "unhealthy"}) if failing else (200, {"status": "healthy"})


@pytest.fixture
def scripted(tmp_path, monkeypatch):
    monkeypatch.setenv("E2E_REPORTS_DIR", str(tmp_path))
    servers = []

    def start(bad: int, slow_s: float = 0.0):
        server = ScriptedHealth(bad, slow_s).start()
        servers.append(server)
        settings = load_settings("scripted", {"AUTH_SERVICE_URL": server.url, "BACKEND_URL": server.url})
        return server, settings

    yield start
    for server in servers:
        server.stop()


def test_a_target_unhealthy_once_then_healthy_is_not_called_down(scripted, tmp_path):
    server, settings = scripted(bad=1)
    down = target.went_down(settings, "Sam asks", pause_s=0.05)
    assert down is None, (f"one bad probe out of {target.HEALTH_PROBES} called the environment "
                          f"down: {down}")
    assert server.asked >= 2, f"expected a second probe after the first failed; the target was asked {server.asked} times"
    assert "exit_code" not in outcome.read(), f"outcome.json recorded a stop: {outcome.read()}"


def test_a_target_too_slow_for_one_probe_then_healthy_is_not_called_down(scripted, monkeypatch):
    monkeypatch.setattr(target, "HEALTH_DEADLINE_S", 0.5)
    server, settings = scripted(bad=1, slow_s=1.5)
    down = target.went_down(settings, "Sam asks", pause_s=0.05)
    assert down is None, f"a probe that timed out once called the environment down: {down}"


def test_a_target_that_fails_every_probe_is_down_with_each_probe_listed(scripted, capsys):
    server, settings = scripted(bad=1000)
    down = target.went_down(settings, "Sam asks", probes=3, pause_s=0.05)
    assert down is not None, f"three failed probes did not call the environment down (asked {server.asked})"
    for number in (1, 2, 3):
        assert f"probe {number} of 3" in down.detail, down.detail
    assert outcome.read().get("exit_code") == outcome.ENVIRONMENT_DOWN_EXIT, outcome.read()


def test_the_retries_are_bounded():
    worst_s = target.HEALTH_PROBES * target.HEALTH_DEADLINE_S + \
        (target.HEALTH_PROBES - 1) * target.HEALTH_RETRY_PAUSE_S
    assert target.HEALTH_PROBES >= 2, "one probe alone calls a busy platform down"
    assert worst_s <= 30, f"a down target is only reported after {worst_s:.0f} s"
