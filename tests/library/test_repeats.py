"""Rate journeys' library: the feature's threshold read back, failed attempts categorised, a rate
failing only below its threshold and naming its failed attempts, and the rate into JUnit."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from types import SimpleNamespace

import pytest

from journeys.capabilities.attempt_judges import categorise, worked_out_costs
from journeys.capabilities.repeats import Attempt, Repeats, expect_rate, threshold_of
from journeys.errors import AnswerNotMeaningful, StreamTimeout, SuiteError
from journeys.evidence import Evidence
from journeys.report import rate_properties
from journeys.rules.rates import parse_rate


def repeats_of(verdicts: list[str | None]) -> tuple[Repeats, Evidence]:
    """Attempts whose judge fails with the given cause (None: passes)."""
    evidence = Evidence()
    person = SimpleNamespace(name="Sam", evidence=evidence)
    attempts = [Attempt(n + 1, f"Sam, attempt {n + 1}", detail=v or "") for n, v in enumerate(verdicts)]
    return Repeats(person, ("What would 5 million GPT-4o tokens a month cost?",), attempts), evidence


def judge(attempt: Attempt) -> None:
    if attempt.detail:
        raise AnswerNotMeaningful(attempt.detail)


@pytest.mark.parametrize("words, attempts, minimum", [("9", 10, "at least 9 of 10"), ("90%", 10, "at least 90 %"),
                                                      ("95 %", 20, "at least 95 %"), ("4", 5, "at least 4 of 5")])
def test_the_feature_s_threshold_is_read_as_written(words, attempts, minimum):
    assert threshold_of(words, attempts).words == minimum


def test_a_threshold_above_the_attempts_is_the_suite_s_mistake():
    with pytest.raises(SuiteError, match="at least 11 of 10"):
        threshold_of("11", 10)


@pytest.mark.parametrize("error, category", [
    (StreamTimeout("product defect: no answer in 8 s"), "timeout"),
    (AnswerNotMeaningful("... the answer is a placeholder: it contains ..."), "placeholder"),
    (AnswerNotMeaningful("... the question is about cost but the answer contains no figure"), "no figure"),
    (AnswerNotMeaningful("the tools worked out $30.00", cause="wrong figure"), "wrong figure"),
    (AnswerNotMeaningful("the assistant made up costs in its answer"), "wrong figure"),
    (AnswerNotMeaningful("Sam got no answer: the run ended with agent_error"), "no answer"),
])
def test_a_failed_attempt_is_filed_under_a_short_category(error, category):
    assert categorise(error) == category


def test_a_rate_at_its_threshold_passes_and_is_recorded_for_the_report():
    repeats, evidence = repeats_of([None] * 9 + ["the answer contains no figure"])
    rate = expect_rate(repeats, "9", "right figures", judge, categorise)
    assert rate.describe() == "9/10, at least 9 of 10" and parse_rate(rate.describe()) == rate
    (record,) = evidence.take_new_rates()
    assert record.what == "right figures" and record.described == "9/10, at least 9 of 10"
    assert "95 % confidence" in record.sentence and len(record.attempts) == 10
    assert record.attempts[9].startswith("attempt 10: failed (no figure); Sam, attempt 10's chat transcript")


def test_a_rate_below_its_threshold_fails_naming_the_rate_the_threshold_and_each_failed_attempt():
    repeats, _ = repeats_of([None] * 7 + ["the answer contains no figure", None, "made up costs: $9"])
    with pytest.raises(AnswerNotMeaningful) as failure:
        expect_rate(repeats, "90%", "right figures", judge, categorise)
    message = str(failure.value)
    for words in ("rate 8/10 is below at least 90 % for right figures", "95 % confidence",
                  "attempt 8 (no figure)", "attempt 10 (wrong figure)"):
        assert words in message, message
    assert "attempt 9 (" not in message and failure.value.cause == "an answer rate is below its threshold"


def test_the_costs_the_tools_worked_out_are_every_number_under_a_cost_key():
    results = [{"model": "gpt-4o", "tokens_per_month": 2_000_000, "monthly_cost_usd": 8.75},
               {"current_monthly_cost_usd": 8.75, "savings_percent": 93.9, "nested": [{"cost": 1}]}, None]
    assert worked_out_costs(results) == [8.75, 8.75, 1.0]


def test_a_scenario_s_rates_become_junit_properties_the_history_reads(tmp_path):
    (tmp_path / "TESTS-a.xml").write_text(
        '<testsuite><testcase classname="answer_quality.Answers good" name="Sam asks" status="passed"/>'
        '<testcase classname="answer_quality.Answers good" name="Other" status="passed"/></testsuite>')
    scenario = SimpleNamespace(name="Sam asks", feature=SimpleNamespace(name="Answers good"),
                               rates={"right figures": "9/10, at least 9 of 10"})
    rate_properties.write_into_junit(tmp_path, [scenario, SimpleNamespace(name="Other", feature=scenario.feature)])
    rate_properties.write_into_junit(tmp_path, [scenario])          # twice: still one property
    cases = {c.get("name"): c for c in ElementTree.parse(tmp_path / "TESTS-a.xml").iter("testcase")}
    props = [(p.get("name"), p.get("value")) for p in cases["Sam asks"].iter("property")]
    assert props == [("rate: right figures", "9/10, at least 9 of 10")]
    assert list(cases["Other"].iter("property")) == []
