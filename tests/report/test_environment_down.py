"""A run the environment let down: the scenarios it cut short read "not run: environment down"
(never "suite defect"), and environment down anywhere is the run's outcome, as the summary says.
Built from the files behave and allure-behave write, as a run leaves them."""

from __future__ import annotations

import json

import pytest

from journeys.report.environment_down import NOT_RUN, agree, mark_not_run
from journeys.report.summary import read_results, render
from journeys.run import outcome

CLASS = "features.login.From logging in to an AI answer"
JUNIT = f"""<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="{CLASS}" tests="4" errors="1" failures="1" skipped="1">
  <testcase classname="{CLASS}" name="Sam gets an answer" status="passed"/>
  <testcase classname="{CLASS}" name="Sam sees every step" status="failed">
    <failure type="StreamTimeout" message="product defect: Sam got no answer within 4 s">x</failure>
  </testcase>
  <testcase classname="{CLASS}" name="Sam asks twice" status="error">
    <error type="KeyboardInterrupt" message="stopped by signal 15">x</error>
  </testcase>
  <testcase classname="{CLASS}" name="Sam's history" status="untested">
    <skipped/>
  </testcase>
  <testcase classname="{CLASS}" name="Sam on staging only" status="skipped">
    <skipped message="needs the reference platform; target is 'staging'"/>
  </testcase>
</testsuite>
"""
DOWN = "the target stopped answering during scenario 'Sam sees every step': probe 1 of 3 ..."


@pytest.fixture
def run(tmp_path, monkeypatch):
    monkeypatch.setenv("E2E_REPORTS_DIR", str(tmp_path))
    (tmp_path / "junit").mkdir()
    (tmp_path / "junit" / "TESTS-login.xml").write_text(JUNIT)
    allure = tmp_path / "allure-results"
    allure.mkdir()
    (allure / "a-result.json").write_text(json.dumps({
        "name": "Sam asks twice", "status": "broken",
        "statusDetails": {"message": "KeyboardInterrupt: stopped by signal 15", "trace": "..."}}))
    (allure / "b-result.json").write_text(json.dumps({
        "name": "Sam sees every step", "status": "failed",
        "statusDetails": {"message": "product defect: Sam got no answer within 4 s"}}))
    return tmp_path


def test_scenarios_the_outage_cut_short_read_not_run_never_suite_defect(run):
    before = read_results(run, run / "junit")
    assert [f.category for f in before.failures] == ["product defect", "suite defect"], before
    changed = mark_not_run(run / "junit", run / "allure-results", DOWN)
    after = read_results(run, run / "junit")
    assert changed == 2, "the interrupted and the untested scenario"
    assert [f.journey for f in after.failures] == ["Sam sees every step"], after.failures
    assert after.passed == 1 and after.skipped == 3, after
    text = (run / "junit" / "TESTS-login.xml").read_text()
    assert text.count(f'message="{NOT_RUN}: the target stopped answering') == 2, text
    assert "needs the reference platform" in text, "a skip with its own reason keeps it"
    assert 'skipped="3"' in text and 'errors="0"' in text and 'failures="1"' in text, text
    interrupted = json.loads((run / "allure-results" / "a-result.json").read_text())
    assert interrupted["status"] == "skipped", interrupted
    assert interrupted["statusDetails"]["message"].startswith(NOT_RUN), interrupted
    failed = json.loads((run / "allure-results" / "b-result.json").read_text())
    assert failed["status"] == "failed", "a real failure keeps its verdict"


def test_a_scenario_failed_for_the_environment_makes_the_run_environment_down(run):
    junit = JUNIT.replace('type="StreamTimeout" message="product defect:',
                          'type="EnvironmentDown" message="environment down:')
    (run / "junit" / "TESTS-login.xml").write_text(junit)
    outcome.record_ran(3)
    assert agree(run, run / "junit") is not None
    found = outcome.read()
    assert found["outcome"] == "environment down", found
    assert found["exit_code"] == outcome.ENVIRONMENT_DOWN_EXIT and found["scenarios_ran"] == 3, found
    assert outcome.exit_status(1)[0] == outcome.ENVIRONMENT_DOWN_EXIT
    assert render(read_results(run, run / "junit")).startswith("## Journeys: ENVIRONMENT DOWN")


def test_a_run_with_only_product_failures_is_not_environment_down(run):
    outcome.record_ran(3)
    assert agree(run, run / "junit") is None
    assert "exit_code" not in outcome.read(), outcome.read()
    assert outcome.exit_status(1)[0] == outcome.FAILED
