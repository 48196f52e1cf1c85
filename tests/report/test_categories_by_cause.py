"""Failures group by cause (category and the defect's short name), not one group per message,
and no Python class name leads a reported message."""

from __future__ import annotations

import pytest

from journeys.errors import AnswerNotMeaningful, ServiceLevelBreach, StreamTimeout, headline_of
from journeys.report.formatters import by_cause


def allure_result(error: Exception) -> dict:
    message = f"journeys.errors.{type(error).__name__}: {error}"
    return {"name": "a scenario", "status": "failed",
            "statusDetails": {"message": message, "trace": "Traceback ..."},
            "steps": [{"name": "Then ...", "statusDetails": {"message": message}}]}


def test_two_different_messages_of_one_cause_share_one_headline():
    one = allure_result(AnswerNotMeaningful("Sam got 'This is a simulated response to: A'",
                                            cause="the answer is a placeholder"))
    two = allure_result(AnswerNotMeaningful("Lena got 'This is a simulated response to: B'",
                                            cause="the answer is a placeholder"))
    for result in (one, two):
        by_cause(result)
    assert one["statusDetails"]["message"] == two["statusDetails"]["message"] \
        == "product defect: the answer is a placeholder"
    assert one["statusDetails"]["trace"].startswith("product defect: Sam got")   # nothing is lost


def test_categories_keep_apart_and_class_names_are_gone():
    slow = allure_result(ServiceLevelBreach("Leo's time to answer was 2.6 s; the promise is 2 s"))
    silent = allure_result(StreamTimeout("Sam waited 10 s for a reply and got nothing"))
    for result in (slow, silent):
        by_cause(result)
    assert slow["statusDetails"]["message"].startswith("service-level breach: ")
    assert silent["statusDetails"]["message"].startswith("product defect: ")
    for result in (slow, silent):
        assert "StreamTimeout" not in str(result) and "ServiceLevelBreach" not in str(result)


def test_an_uncategorised_error_is_a_suite_defect_that_keeps_its_type():
    assert headline_of("KeyError: 'user'") == ("suite defect: failed without a category", "KeyError: 'user'")


def test_a_step_with_two_problems_lands_in_both_categories():
    from journeys.findings import Findings, SeveralProblems
    from journeys.report.run_context import CATEGORIES
    import re
    findings = Findings()
    findings.add(AnswerNotMeaningful("Sam got a placeholder", cause="the answer is a placeholder"))
    findings.add(ServiceLevelBreach("Sam's whole answer took 2.5 s; the promise is within 2 seconds"))
    with pytest.raises(SeveralProblems) as several:
        findings.raise_any()
    result = allure_result(several.value)
    by_cause(result)
    message = result["statusDetails"]["message"]
    assert message == ("product defect: the answer is a placeholder\n"
                       "service-level breach: a measured time misses its promise")
    matched = [c["name"] for c in CATEGORIES if re.fullmatch(c["messageRegex"], message)]
    assert matched == ["Product defects", "Service-level breaches"], matched
