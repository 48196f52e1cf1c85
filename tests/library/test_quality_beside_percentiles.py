"""Answer quality as a rate beside the percentiles: a measured series and a load run both say
"S of N answers meaningful" with the Wilson interval, and the summary reads it back."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from journeys.capabilities import measurements
from journeys.capabilities.measurements import Series, answers_meaningful
from journeys.errors import AnswerNotMeaningful
from journeys.evidence import Evidence
from journeys.report.quality_rates import HEADING, quality_rates, quality_section
from journeys.rules.rates import Rate
from journeys.rules.slo import TurnTiming


def series(timed: int, wrong: int) -> Series:
    timings = tuple(TurnTiming(0.05, 0.3 + i / 100, 0.04, 7) for i in range(timed))
    problems = tuple(AnswerNotMeaningful(f"answer {i} is a placeholder") for i in range(wrong))
    return Series("Sam", (), timings, {measurements.ANSWER: 2.0}, problems)


def test_a_series_reports_its_meaningful_answers_as_a_rate_with_the_wilson_interval():
    measured = series(10, 4)
    assert measured.quality() == Rate(6, 10)
    table = measured.table()
    assert "p95" in table.splitlines()[2]                      # the percentiles first, then the rate
    assert table.splitlines()[-1].split()[:2] == ["answer", "quality"], table
    assert "6 of 10 answers meaningful (60%; 95 % confidence 31% to 83%, Wilson)" in table, table


def test_every_answer_meaningful_is_still_an_interval_not_a_certainty():
    assert answers_meaningful(Rate(100, 100)) == "100 of 100 answers meaningful (100%; 95 % confidence 96% to 100%, Wilson)"
    assert answers_meaningful(Rate(96, 100)).startswith("96 of 100 answers meaningful (96%; 95 % confidence 90% to 98%")
    assert answers_meaningful(Rate(0, 0)) == "no answer came, so none could be judged meaningful"


def test_the_series_records_its_rate_where_the_summary_reads_it(tmp_path, capsys):
    person = SimpleNamespace(name="Sam", evidence=Evidence())
    measurements._publish(person, series(10, 1))
    channels = person.evidence.take_new()
    assert channels[measurements.QUALITY_CHANNEL] == "meaningful answers: 9/10", channels
    assert "9 of 10 answers meaningful" in capsys.readouterr().out
    allure = tmp_path / "allure-results"
    allure.mkdir()
    (allure / "q-attachment.txt").write_text(channels[measurements.QUALITY_CHANNEL])
    (allure / "r-result.json").write_text(json.dumps({"name": "Sam asks ten questions", "steps": [
        {"name": "When Sam asks", "attachments": [{"name": "answer quality", "source": "q-attachment.txt"}]}]}))
    assert quality_rates(allure) == [("Sam asks ten questions", "meaningful answers", Rate(9, 10))]
    section = quality_section(allure)
    assert HEADING in section and "| Sam asks ten questions | meaningful answers | 9 of 10 answers " \
                                  "meaningful (90%; 95 % confidence 60% to 98%, Wilson) |" in section, section


def test_no_series_no_section(tmp_path):
    assert quality_section(tmp_path / "allure-results") == ""


@pytest.mark.parametrize("timed, wrong", [(3, 0), (5, 5)])
def test_the_rate_counts_every_timed_answer(timed, wrong):
    assert series(timed, wrong).quality() == Rate(timed - wrong, timed)
