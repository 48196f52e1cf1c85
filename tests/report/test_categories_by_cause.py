"""Failures group by cause (category and the defect's short name), not one group per message,
and no Python class name leads a reported message. The headline travels on the error itself."""

from __future__ import annotations

import re

import pytest
from allure_commons import model2 as allure_model

from journeys.errors import AnswerNotMeaningful, ServiceLevelBreach, StreamTimeout, headline_of
from journeys.report.formatters import by_cause


def allure_result(error: Exception) -> allure_model.TestResult:
    """As allure-behave leaves a failed scenario's result: its message leads with the class name."""
    message = f"journeys.errors.{type(error).__name__}: {error}"
    return allure_model.TestResult(name="a scenario", status="failed",
                      statusDetails=allure_model.StatusDetails(message=message, trace="Traceback ..."),
                      steps=[allure_model.TestStepResult(name="Then ...", statusDetails=allure_model.StatusDetails(message=message))])


def reported(error: Exception) -> allure_model.TestResult:
    result = allure_result(error)
    by_cause(result, error)
    return result


def test_two_different_messages_of_one_cause_share_one_headline():
    one = reported(AnswerNotMeaningful("Sam got 'This is a simulated response to: A'",
                                       cause="the answer is a placeholder"))
    two = reported(AnswerNotMeaningful("Lena got 'This is a simulated response to: B'",
                                       cause="the answer is a placeholder"))
    assert one.statusDetails.message == two.statusDetails.message \
        == "product defect: the answer is a placeholder"
    assert one.statusDetails.trace.startswith("product defect: Sam got")   # nothing is lost
    assert one.steps[0].statusDetails.message.startswith("product defect: Sam got")


def test_categories_keep_apart_and_class_names_are_gone():
    slow = reported(ServiceLevelBreach("Leo's time to answer was 2.6 s; the promise is 2 s"))
    silent = reported(StreamTimeout("Sam waited 10 s for a reply and got nothing"))
    assert slow.statusDetails.message.startswith("service-level breach: ")
    assert silent.statusDetails.message.startswith("product defect: ")
    for result in (slow, silent):
        assert "StreamTimeout" not in str(result) and "ServiceLevelBreach" not in str(result)


def test_an_uncategorised_error_is_a_suite_defect_that_keeps_its_type():
    assert headline_of(KeyError("user")) == "suite defect: failed without a category"
    result = reported(KeyError("user"))
    assert result.statusDetails.message == "suite defect: failed without a category"
    assert result.statusDetails.trace.startswith("journeys.errors.KeyError: 'user'")


def test_an_error_without_a_headline_of_its_own_is_filed_by_its_category_word():
    error = AssertionError("product defect: Sam's answer never came")
    assert headline_of(error) == "product defect: see the message"
    assert headline_of(None, "AssertionError: contract violation: no run_id") == "contract violation: see the message"


def test_the_headline_is_the_errors_own_whatever_else_was_raised_before():
    """No registry of messages: an identical message of another cause does not borrow its headline."""
    first = AnswerNotMeaningful("Sam got nothing useful", cause="the answer is a placeholder")
    second = AnswerNotMeaningful("Sam got nothing useful", cause="the answer lacks figures")
    assert headline_of(first) == "product defect: the answer is a placeholder"
    assert headline_of(second) == "product defect: the answer lacks figures"


def test_a_step_with_two_problems_lands_in_both_categories():
    from journeys.findings import Findings, SeveralProblems
    from journeys.report.run_context import CATEGORIES
    findings = Findings()
    findings.add(AnswerNotMeaningful("Sam got a placeholder", cause="the answer is a placeholder"))
    findings.add(ServiceLevelBreach("Sam's whole answer took 2.5 s; the promise is within 2 seconds"))
    with pytest.raises(SeveralProblems) as several:
        findings.raise_any()
    result = reported(several.value)
    message = result.statusDetails.message
    assert message == ("product defect: the answer is a placeholder\n"
                       "service-level breach: a measured time misses its promise")
    matched = [c["name"] for c in CATEGORIES if re.fullmatch(c["messageRegex"], message)]
    assert matched == ["Product defects", "Service-level breaches"], matched
