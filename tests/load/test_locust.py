"""Locust drives the same golden path: one master and two workers on 127.0.0.1 pass a healthy
platform at 100 people and fail, through the threshold gate, when answers are slow."""

from __future__ import annotations

import re

import pytest

STAGES = ("account", "sign-in", "connect", "first event", "answer", "history", "journey")


# Loose objectives: beside seven other pytest workers, Locust's master, two workers and the platform
# share two cores, and a 2 s p95 measures the machine (it missed by 2 s while another run was
# going). The objectives are held by the 500-person load run, alone; this checks the engine.
LOOSE_OBJECTIVES = {"E2E_SLO_ANSWER_P95_S": "30", "E2E_SLO_FIRST_EVENT_P95_S": "30"}


# A master, two workers and a hundred people: Locust's workers miss their heartbeats when seven
# other pytest workers share the two cores (seen: "The last worker went missing, stopping test"),
# so these run with the load tests, alone (.ci/run's last step: -n 0 -m load).
@pytest.mark.slow
@pytest.mark.load
def test_master_and_two_workers_pass_a_hundred_people(load_mode):
    run = load_mode(100, ramp_s=2.0, engine="locust", workers=2, env=LOOSE_OBJECTIVES)
    assert run.exit_code == 0, run.explain()
    assert "2 workers connected" in run.output, run.explain()
    assert "locust gate: all 100 journeys done" in run.output, run.explain()
    for stage in STAGES:
        assert f"\n{stage} " in run.output, f"no {stage!r} row in the gate's table\n{run.explain()}"
    assert "locust gate: PASSED" in run.output, run.explain()


@pytest.mark.slow
@pytest.mark.load
def test_master_and_two_workers_fail_the_gate_when_answers_are_slow(load_mode):
    run = load_mode(100, ramp_s=2.0, engine="locust", workers=2,
                    env={"E2E_LOCAL_DEFECTS": "slow-answer"})
    assert run.exit_code == 1, run.explain()
    assert "locust gate: FAILED" in run.output, run.explain()
    assert re.search(r"answer p95 was \d+\.\d\d s", run.output), run.explain()
    assert "objective is under 2.00 s" in run.output, run.explain()


def test_one_locust_process_fails_every_journey_with_the_librarys_message(load_mode):
    run = load_mode(10, ramp_s=1.0, engine="locust", env={"E2E_LOCAL_DEFECTS": "echo-answer"})
    assert run.exit_code == 1, run.explain()
    assert "locust gate: FAILED" in run.output, run.explain()
    assert "journeys failed: 10" in run.output, run.explain()
    assert "simulated response" in run.output, run.explain()
