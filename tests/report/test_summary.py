"""reports/summary.md: the verdict, failures by category, service levels, accepted differences."""

import json

import pytest

from journeys.errors import category_of
from journeys.report.summary import read_results, render, write_summary

JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="features.login.From logging in to an AI answer" tests="4" errors="1" failures="2" skipped="1">
  <testcase classname="features.login.From logging in to an AI answer" name="Sam gets an answer" status="passed"/>
  <testcase classname="features.login.From logging in to an AI answer" name="Sam sees every step" status="failed">
    <failure type="ProtocolViolation" message="product defect: Sam did not see every step&#10;second line">x</failure>
  </testcase>
  <testcase classname="features.login.From logging in to an AI answer" name="Sam's history" status="failed">
    <failure type="ContractViolation" message="contract violation: field 'run_id' is missing">x</failure>
  </testcase>
  <testcase classname="features.login.From logging in to an AI answer" name="Sam's tools" status="error">
    <error type="KeyError" message="KeyError: 'who'">x</error>
  </testcase>
  <testcase classname="features.login.From logging in to an AI answer" name="Sam on staging only" status="skipped">
    <skipped/>
  </testcase>
</testsuite>
"""
SLO_TABLE = ("figure,measured,p50 (s),p95 (s),max (s),objective p95 (s),verdict\n"
             "time to the answer,20,0.100,0.300,0.400,2,met\n")


def a_run(tmp_path, junit=JUNIT):
    reports = tmp_path / "reports"
    (reports / "junit").mkdir(parents=True)
    (reports / "junit" / "TESTS-login.xml").write_text(junit)
    allure = reports / "allure-results"
    allure.mkdir()
    (allure / "environment.properties").write_text("target=staging\nauth.url=https\\://a\n")
    (allure / "t-attachment.csv").write_text(SLO_TABLE)
    (allure / "r-result.json").write_text(json.dumps({"name": "Leo's series", "steps": [
        {"name": "When Leo asks", "attachments": [
            {"name": "service levels (measured)", "source": "t-attachment.csv", "type": "text/csv"}]}]}))
    return reports


@pytest.mark.parametrize("message, category", [
    ("product defect: Sam waited", "product defect"),
    ("service-level breach: p95 was 3 s", "service-level breach"),
    ("environment down: no answer from https://x", "environment down"),
    ("settings error: target 'staging' is not configured", "settings error"),
    ("KeyError: 'who'", "suite defect"),
    ("", "suite defect"),
])
def test_the_category_is_the_words_before_the_first_colon(message, category):
    assert category_of(message) == category


def test_the_summary_gives_verdict_counts_failures_and_service_levels(tmp_path):
    text = render(read_results(a_run(tmp_path), tmp_path / "reports" / "junit"))
    assert text.startswith("## Journeys against staging: FAILED\n"), text
    assert "1 passed, 3 failed, 1 skipped (4 journeys ran)." in text
    assert "| product defect | 1 |" in text and "| contract violation | 1 |" in text
    assert "| suite defect | 1 |" in text and "service-level breach |" not in text
    assert "- **Sam sees every step** (From logging in to an AI answer): product defect: Sam did not " \
           "see every step\n" in text                                   # the headline: first line only
    assert "| Leo's series | time to the answer | 20 | 0.100 | 0.300 | 0.400 | 2 | met |" in text
    assert "none declared (strict contract)" in text


def test_declared_contract_differences_are_listed(tmp_path):
    reports = a_run(tmp_path)
    (reports / "accepted-differences.json").write_text(json.dumps([
        {"name": "health-ok", "contract": "status is 'healthy'", "accepted": "status 'ok'"}]))
    text = render(read_results(reports, reports / "junit"))
    assert "| health-ok | status is 'healthy' | status 'ok' |" in text
    assert "strict contract" not in text


def test_a_run_that_found_the_environment_down_says_so_not_failed(tmp_path):
    junit = JUNIT.split("<testcase")[0] + (
        '<testcase classname="before any journey" name="the environment is up and healthy" status="error">'
        '<error type="EnvironmentDown" message="environment down: https://api.example is unreachable"/>'
        "</testcase></testsuite>")
    reports = a_run(tmp_path, junit)
    (reports / "outcome.json").write_text(json.dumps({"outcome": "environment down"}))
    text = render(read_results(reports, reports / "junit"))
    assert text.startswith("## Journeys against staging: ENVIRONMENT DOWN\n"), text
    assert "| environment down | 1 |" in text
    assert "says nothing about the product" in text


def test_no_result_is_no_journey_ran_not_a_pass(tmp_path):
    reports = tmp_path / "reports"
    (reports / "junit").mkdir(parents=True)
    assert "NO JOURNEY RAN" in render(read_results(reports, reports / "junit"))


def test_the_summary_is_written_and_appended_to_the_step_summary(tmp_path, monkeypatch):
    step_summary = tmp_path / "step-summary.md"
    step_summary.write_text("earlier step\n")
    monkeypatch.setenv("GITHUB_STEP_SUMMARY", str(step_summary))
    path = write_summary(a_run(tmp_path))
    assert path == tmp_path / "reports" / "summary.md"
    assert step_summary.read_text() == "earlier step\n" + path.read_text() + "\n"


@pytest.mark.meta
def test_a_run_with_a_defect_on_leaves_a_summary_naming_the_failure_and_its_category(report_run, tmp_path):
    step_summary = tmp_path / "step-summary.md"
    run = report_run("features/login_to_answer.feature", tags="@golden-path",
                     env={"E2E_LOCAL_DEFECTS": "echo-answer", "GITHUB_STEP_SUMMARY": str(step_summary)})
    assert run.exit_code == 1, run.explain()
    summary = (run.reports / "summary.md").read_text()
    assert summary.startswith("## Journeys against local: FAILED\n"), summary
    assert "| product defect |" in summary
    failed = [r["name"].strip() for r in run.results if r["status"] == "failed"]
    assert failed and all(f"- **{name}** (" in summary for name in failed), (failed, summary)
    assert "not a meaningful answer" in summary
    assert step_summary.read_text() == summary + "\n"
