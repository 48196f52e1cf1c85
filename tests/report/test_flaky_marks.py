"""Flaky means "passed after a connection retry", nothing else: never a rate journey's many attempts."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace

from allure_commons.model2 import TestResult as AllureResult

from journeys.report import flaky_marks
from journeys.report.summary import write_summary

JUNIT = """<?xml version="1.0" encoding="UTF-8"?>
<testsuite name="f" tests="3">
  <testcase classname="first_answer.A new user's first answer" name="Sam asks once" status="passed" time="1"/>
  <testcase classname="first_answer.A new user's first answer" name="Sam asks ten times" status="passed" time="9">
    <properties><property name="rate: meaningful answers" value="10/10, at least 9 of 10"/></properties>
  </testcase>
  <testcase classname="first_answer.A new user's first answer" name="Sam is refused" status="failed" time="1">
    <failure message="product defect: no answer">no answer</failure>
  </testcase>
</testsuite>
"""
FEATURE = SimpleNamespace(name="A new user's first answer")
RETRY = "Sam's chat connection, retry 1 after 0.5 s: the previous attempt failed (HTTP 503)"


def scenario(name: str, status: str, retries: list[str] | None = None):
    found = SimpleNamespace(name=name, feature=FEATURE, status=SimpleNamespace(name=status))
    if retries is not None:
        flaky_marks.keep_on_scenario(found, retries)
    return found


def properties(folder, name: str) -> dict[str, str]:
    case = next(c for c in ElementTree.parse(folder / "TESTS-f.xml").iter("testcase") if c.get("name") == name)
    return {p.get("name"): p.get("value") for p in case.iter("property")}


def test_only_a_pass_after_a_retry_is_flaky_and_a_failure_keeps_its_retry_count(tmp_path):
    junit = tmp_path / "junit"
    junit.mkdir()
    (junit / "TESTS-f.xml").write_text(JUNIT)
    scenarios = [scenario("Sam asks once", "passed", [RETRY, RETRY.replace("retry 1", "retry 2")]),
                 scenario("Sam asks ten times", "passed"), scenario("Sam is refused", "failed", [RETRY])]
    flaky_marks.write_into_junit(junit, scenarios)
    flaky_marks.write_into_junit(junit, scenarios)          # once the run is over: never twice
    once = properties(junit, "Sam asks once")
    assert once["connection retries"] == "2" and once["flaky"].startswith("passed after 2 connection retries: ")
    assert list(ElementTree.parse(junit / "TESTS-f.xml").iter("testcase"))[0][0].tag == "properties"
    assert properties(junit, "Sam asks ten times") == {"rate: meaningful answers": "10/10, at least 9 of 10"}
    assert properties(junit, "Sam is refused") == {"connection retries": "1"}
    summary = write_summary(tmp_path, junit, step_summary=False).read_text()
    assert "- Flaky: Sam asks once passed after 2 connection retries" in summary, summary
    assert summary.count("Flaky:") == 1, summary


def test_many_attempts_without_a_retry_mark_nothing(tmp_path):
    junit = tmp_path / "junit"
    junit.mkdir()
    (junit / "TESTS-f.xml").write_text(JUNIT)
    flaky_marks.write_into_junit(junit, [scenario("Sam asks ten times", "passed", [])])
    assert properties(junit, "Sam asks ten times") == {"rate: meaningful answers": "10/10, at least 9 of 10"}
    assert flaky_marks.flaky_section(junit) == ""
    assert "Flaky" not in write_summary(tmp_path, junit, step_summary=False).read_text()


def test_allures_flaky_flag_only_on_a_passed_result_with_retries():
    passed, failed, clean = AllureResult(status="passed"), AllureResult(status="failed"), AllureResult(status="passed")
    flaky_marks.flag_in_allure(passed, scenario("a", "passed", [RETRY]))
    flaky_marks.flag_in_allure(failed, scenario("b", "failed", [RETRY]))
    flaky_marks.flag_in_allure(clean, scenario("c", "passed"))
    assert passed.statusDetails.flaky is True
    assert failed.statusDetails is None and clean.statusDetails is None
