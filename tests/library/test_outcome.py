"""This run's outcome decides the exit status of ``tasks.py journeys``: never an earlier run's file."""

from __future__ import annotations

import pytest

from journeys.run import outcome


@pytest.fixture
def reports(tmp_path, monkeypatch):
    monkeypatch.setenv("E2E_REPORTS_DIR", str(tmp_path))
    return tmp_path


def test_a_run_in_which_no_scenario_ran_fails_with_a_reason(reports):
    outcome.clear()
    outcome.record_ran(0)
    status, why = outcome.exit_status(0)
    assert status == outcome.FAILED and "No scenario ran in this run" in why


def test_an_earlier_runs_results_do_not_count_once_cleared(reports):
    outcome.record_ran(12)          # an earlier run
    outcome.clear()                 # this run starts; behave then matches no scenario and writes nothing
    status, why = outcome.exit_status(0)
    assert status == outcome.FAILED, f"a cleared run with no scenario exited {status}: {why!r}"
    assert why.startswith("No scenario ran in this run"), f"the reason for exit 1 should say so: {why!r}"
    outcome.record_ran(3)
    assert outcome.exit_status(0) == (outcome.PASSED, "")


@pytest.mark.parametrize("category, status", [("settings error", 4), ("environment down", 3)])
def test_a_stopped_run_exits_with_the_status_of_its_category(reports, category, status):
    outcome.clear()
    outcome.record_stop(category, f"{category}: something")
    assert outcome.exit_status(1) == (status, "")


def test_a_failed_journey_stays_a_failure(reports):
    outcome.clear()
    outcome.record_ran(2)
    assert outcome.exit_status(1) == (outcome.FAILED, "")
