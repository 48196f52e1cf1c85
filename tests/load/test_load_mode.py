"""The load mode against the local platform: it passes a healthy platform at 100 people and
fails, with a summary that says why, when answers are slow, events are lost or answers are empty."""

from __future__ import annotations

import re

import pytest


# The objectives here are loose on purpose: this test runs beside seven other pytest workers on two
# cores, where a 2 s p95 is a measure of the machine, not of the mode (house rule 4: timing goals
# live in benchmarks and in the load run that has the CPU alone, test_five_hundred_people_at_once_pass_within_the_objectives).
# What it checks is the mode itself: 100 people, every journey judged, every stage measured.
LOOSE_OBJECTIVES = {"E2E_SLO_ANSWER_P95_S": "30", "E2E_SLO_FIRST_EVENT_P95_S": "30"}


def test_a_hundred_people_pass_on_a_healthy_platform(load_mode):
    run = load_mode(100, ramp_s=1.0, env=LOOSE_OBJECTIVES)
    assert run.exit_code == 0, run.explain()
    assert "journeys: 100 passed, 0 failed, 0 with lost events" in run.output, run.explain()
    assert "peak 100 in flight" in run.output, run.explain()
    for stage in ("sign-in s", "connect s", "first event s", "answer s", "longest gap s", "history s"):
        assert f"\n{stage} " in run.output, f"no {stage!r} row\n{run.explain()}"
    assert "PASSED: every journey passed within the objectives" in run.output, run.explain()


def test_slow_answers_fail_the_run_with_the_measured_p95(load_mode):
    run = load_mode(100, ramp_s=1.0, env={"E2E_LOCAL_DEFECTS": "slow-answer"})
    assert run.exit_code == 1, run.explain()
    assert "FAILED: " in run.output, run.explain()
    assert re.search(r"FAILED: answer p95 \d+\.\d\d s, objective under 2 s", run.output), run.explain()
    assert "journeys: 100 passed" in run.output, "slow answers are still answers\n" + run.explain()


def test_a_lost_event_fails_the_run_and_is_counted(load_mode):
    run = load_mode(20, ramp_s=0.5, env={"E2E_LOCAL_DEFECTS": "missing-tool-completed"})
    assert run.exit_code == 1, run.explain()
    assert "20 answers lost part of the assistant's work" in run.output, run.explain()
    assert "never got its tool_completed" in run.output, run.explain()


def test_placeholder_answers_fail_every_journey(load_mode):
    run = load_mode(20, ramp_s=0.5, env={"E2E_LOCAL_DEFECTS": "echo-answer"})
    assert run.exit_code == 1, run.explain()
    assert "20 of 20 people got no complete answer" in run.output, run.explain()
    assert "simulated response" in run.output, run.explain()


def test_a_platform_that_does_not_answer_fails_within_the_deadline(load_mode):
    run = load_mode(10, ramp_s=0.5, env={"E2E_LOCAL_DEFECTS": "no-reply", "E2E_WAIT_S": "2"})
    assert run.exit_code == 1, run.explain()
    assert "10 of 10 people got no complete answer" in run.output, run.explain()
    assert "waited for the first event of the run" in run.output, run.explain()


@pytest.mark.load
def test_five_hundred_people_at_once_pass_within_the_objectives(load_mode):
    run = load_mode(500, ramp_s=1.0)
    assert run.exit_code == 0, run.explain()
    assert "journeys: 500 passed, 0 failed, 0 with lost events" in run.output, run.explain()
    assert "peak 500 in flight" in run.output, run.explain()


def test_the_crowd_comes_in_by_chat_ticket_when_the_target_asks_for_it(load_mode):
    run = load_mode(20, ramp_s=0.5, env={"E2E_WS_AUTH": "ticket"})
    assert run.exit_code == 0, run.explain()
    assert "journeys: 20 passed, 0 failed, 0 with lost events" in run.output, run.explain()
    assert "chat pass by ticket" in run.output, run.explain()


def test_a_token_pair_whose_expires_in_disagrees_with_its_token_fails_every_journey(load_mode):
    run = load_mode(5, ramp_s=0.2, env={"E2E_LOCAL_DEFECTS": "expires-in-mismatch"})
    assert run.exit_code != 0, run.explain()
    assert "expires_in 900 s while the access token itself lasts 7200 s" in run.output, run.explain()


def test_the_crowd_reads_the_chat_in_the_dialect_the_target_declares(load_mode):
    """The netra dialect: events without thread_id, history content as parts, tools paired by name."""
    run = load_mode(20, ramp_s=0.5, env={"E2E_LOCAL_DIALECT": "netra"})
    assert run.exit_code == 0, run.explain()
    assert "journeys: 20 passed, 0 failed, 0 with lost events" in run.output, run.explain()
