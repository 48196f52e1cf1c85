"""A failure the target declared as a known defect is marked as such in JUnit, Allure, the console and
summary.md, and is still a failure in each; the summary keeps new failures apart from known ones."""

from __future__ import annotations

import io
import json
import re
import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace

import pytest

from journeys.config.known_defects import KnownDefect
from journeys.report.known_failures import mark_known_defects
from journeys.report.run_context import CATEGORIES
from journeys.report.summary import category_of, write_summary
from journeys.run import outcome

FEATURE = "From logging in to an AI answer"
CLASS = f"features.login.{FEATURE}"
JUNIT = f"""<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="{CLASS}" tests="4" errors="0" failures="2" skipped="0">
  <testcase classname="{CLASS}" name="Sam asks about a premium model" status="failed">
    <failure type="AnswerNotMeaningful" message="product defect: the answer is a placeholder: 'echo'">x</failure>
  </testcase>
  <testcase classname="{CLASS}" name="Sam sees every step" status="failed">
    <failure type="ProtocolViolation" message="product defect: Sam did not see every step">x</failure>
  </testcase>
  <testcase classname="{CLASS}" name="Sam's history" status="passed"/>
  <testcase classname="{CLASS}" name="Sam stops an answer" status="passed"/>
</testsuite>
"""
PLACEHOLDER = KnownDefect("NETRA-1", "https://tracker.example.com/NETRA-1", ("Sam asks about *",),
                          message="the answer is a placeholder")
STOPPED = KnownDefect("NETRA-2", "https://tracker.example.com/NETRA-2", ("Sam stops an answer",),
                      message="kept writing")


@pytest.fixture
def run(tmp_path, monkeypatch):
    reports = tmp_path / "reports"
    monkeypatch.setenv("E2E_REPORTS_DIR", str(reports))
    (reports / "junit").mkdir(parents=True)
    (reports / "junit" / "TESTS-features.login.xml").write_text(JUNIT)
    results = reports / "allure-results"
    results.mkdir()
    for number, (name, status, message) in enumerate([
            ("Sam asks about a premium model", "failed", "product defect: the answer is a placeholder"),
            ("Sam sees every step", "failed", "product defect: the events are out of order")]):
        (results / f"{number}-result.json").write_text(json.dumps({
            "name": name, "fullName": f"{FEATURE}: {name}", "status": status,
            "statusDetails": {"message": message}, "links": [], "labels": []}))
    outcome.clear()
    outcome.record_ran(4)
    return reports


def mark(reports, gate="any-failure", defects=(PLACEHOLDER, STOPPED), unexplained=0):
    console = io.StringIO()
    mark_known_defects(reports, reports / "junit", SimpleNamespace(known_defects=defects, gate=gate), console,
                       unexplained=unexplained)
    return console.getvalue()


def cases(reports) -> dict:
    root = ElementTree.parse(reports / "junit" / "TESTS-features.login.xml").getroot()
    return {case.get("name"): case for case in root.iter("testcase")}


def allure(reports) -> dict:
    found = {}
    for path in (reports / "allure-results").glob("*-result.json"):
        result = json.loads(path.read_text())
        found[result["name"]] = result
    return found


def test_a_known_failure_is_marked_in_junit_and_stays_a_failure(run):
    mark(run)
    known, new = cases(run)["Sam asks about a premium model"], cases(run)["Sam sees every step"]
    properties = {p.get("name"): p.get("value") for p in known.iter("property")}
    assert properties == {"known-defect": "NETRA-1", "known-defect-link": PLACEHOLDER.link}
    failure = known.find("failure")
    assert failure is not None, "a known defect is still a failure in JUnit"
    assert failure.get("message").startswith(f"known defect NETRA-1 ({PLACEHOLDER.link}): product defect:")
    assert new.find("properties") is None and new.find("failure").get("message").startswith("product defect:")


def test_a_known_failure_is_in_allures_known_defects_category_with_its_link(run):
    mark(run)
    known, new = allure(run)["Sam asks about a premium model"], allure(run)["Sam sees every step"]
    assert known["status"] == "failed", "a known defect is never a pass"
    assert {"type": "issue", "name": "NETRA-1", "url": PLACEHOLDER.link} in known["links"]

    def categories(result):
        return [c["name"] for c in CATEGORIES if result["status"] in c["matchedStatuses"]
                and re.fullmatch(c["messageRegex"], result["statusDetails"]["message"])]
    assert categories(known) == ["Known defects"], known["statusDetails"]
    assert categories(new) == ["Product defects"], new["statusDetails"]


def test_the_console_names_each_known_failure_and_each_defect_that_did_not_fail(run):
    said = mark(run)
    assert f"KNOWN DEFECT NETRA-1 ({PLACEHOLDER.link}): 'Sam asks about a premium model' failed" in said
    assert "NETRA-2 did not fail: fixed?" in said and "Failures: 1 new, 1 known defects" in said


def test_the_summary_separates_new_failures_from_known_ones(run):
    mark(run)
    text = write_summary(run, run / "junit", step_summary=False).read_text()
    assert text.splitlines()[0].endswith(": FAILED"), "known defects are failures: the run failed"
    section = text.split("### New failures and known defects", 1)[1]
    new_part, known_part = section.split("Known defects that failed:", 1)
    assert "Sam sees every step" in new_part and "Sam asks about a premium model" not in new_part
    assert f"**known defect NETRA-1** ({PLACEHOLDER.link}): Sam asks about a premium model" in known_part
    assert "**NETRA-2 did not fail: fixed?**" in known_part and "Sam stops an answer (passed)" in known_part
    assert "| product defect | 2 |" in text, "a known defect keeps its category in the counts"


def test_outcome_counts_new_and_known_failures_and_the_gate_decides(run):
    mark(run, gate="new-failures")
    found = outcome.read()
    assert (found["new_failures"], found["known_failures"], found["gate"]) == (1, 1, "new-failures")
    assert outcome.exit_status(1)[0] == outcome.FAILED, "a new failure still fails the gated run"


def test_the_summary_says_when_the_gate_passes_a_run_of_known_failures(run):
    mark(run, gate="new-failures", defects=(PLACEHOLDER, STOPPED,
         KnownDefect("NETRA-3", "https://tracker.example.com/NETRA-3", ("Sam sees every step",),
                     message="did not see every step")))
    text = write_summary(run, run / "junit", step_summary=False).read_text()
    assert "No new failure: with E2E_GATE=new-failures the run exits 0" in text, text
    assert outcome.exit_status(1)[0] == outcome.PASSED


def test_a_crashed_worker_is_a_new_failure_no_gate_lets_pass(run):
    mark(run, gate="new-failures", unexplained=1, defects=(PLACEHOLDER, KnownDefect(
        "NETRA-3", "https://tracker.example.com/NETRA-3", ("Sam sees every step",), message="every step")))
    assert outcome.read()["new_failures"] == 1 and outcome.exit_status(1)[0] == outcome.FAILED


def test_marking_twice_marks_once(run):
    mark(run)
    mark(run)
    known = cases(run)["Sam asks about a premium model"]
    assert len(list(known.iter("property"))) == 2
    assert known.find("failure").get("message").count("known defect") == 1
    assert allure(run)["Sam asks about a premium model"]["statusDetails"]["message"].count("known defect") == 1


def test_a_run_with_nothing_declared_counts_its_failures_as_new_and_says_nothing(run):
    said = mark(run, defects=())
    assert said == "" and outcome.read()["new_failures"] == 2 and outcome.read()["known_failures"] == 0
    assert "New failures and known defects" not in write_summary(run, run / "junit", step_summary=False).read_text()


def test_a_known_failures_category_is_the_one_after_the_known_defect_words():
    assert category_of("known defect NETRA-1 (https://x.example.com/1): contract violation: y") == "contract violation"
