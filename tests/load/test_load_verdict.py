"""The load mode's verdict and Locust's gate, on made-up figures: what passes, what fails, and
what the message says. No platform: these run in milliseconds."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from journeys.errors import ProtocolViolation, ServiceLevelBreach
from journeys.load.run import expect_every_journey_passed, expect_load_passed, expect_within_objectives
from journeys.load.journey import JourneyResult
from journeys.load.report import LoadReport
from journeys.load.locust_gate import STAGE_TYPE, gate
from journeys.config.settings import load_settings
from journeys.rules.slo import TurnTiming

SETTINGS = load_settings("local", {})


def journey(i: int, answer_s: float = 0.3, first_s: float = 0.05, failure: str | None = None,
            lost: bool = False) -> JourneyResult:
    result = JourneyResult(f"person {i}", account_s=0.1, sign_in_s=0.1, connect_s=0.01,
                           timing=TurnTiming(first_s, answer_s, 0.04, 7), history_s=0.01,
                           failure=failure, lost_events=lost)
    result.finished_at = None if failure else 100.0 + i / 10
    return result


def report(results: list[JourneyResult]) -> LoadReport:
    return LoadReport(settings=SETTINGS, people=len(results), ramp_s=1.0, results=results,
                      sign_in_wall_s=1.0, measured_wall_s=3.0, measured_from=100.0,
                      peak_in_flight=len(results))


def test_healthy_figures_pass_and_the_table_shows_every_stage():
    r = report([journey(i) for i in range(1, 21)])
    expect_load_passed(r)
    table = r.table()
    for stage in ("account s", "sign-in s", "connect s", "first event s", "answer s",
                  "longest gap s", "frames", "history s"):
        assert f"\n{stage} " in table, table
    assert "PASSED" in table and "20 passed, 0 failed" in table
    assert r.journeys_per_s == pytest.approx(20 / 2.0)


def test_p95_is_the_nearest_rank_of_what_was_measured():
    r = report([journey(i, answer_s=i / 10) for i in range(1, 21)])   # 0.1 .. 2.0 s
    assert r.stats["answer"].p95 == pytest.approx(1.9)                 # rank ceil(0.95 * 20) = 19


def test_a_slow_p95_is_a_service_level_breach_naming_figure_and_objective():
    r = report([journey(i, answer_s=2.5) for i in range(1, 21)])
    expect_every_journey_passed(r)
    with pytest.raises(ServiceLevelBreach) as caught:
        expect_within_objectives(r)
    message = str(caught.value)
    headline, _, details = message.partition("\n")
    assert headline == "service-level breach: 20 people asked at once: answer p95 2.50 s, objective under 2 s"
    assert "answer s" in details and "FAILED" not in message   # the table follows; nothing said twice


def test_one_failed_journey_fails_the_run_with_its_message():
    results = [journey(i) for i in range(1, 10)]
    results.append(journey(10, failure="[journey] product defect: person 10 got nothing"))
    with pytest.raises(ProtocolViolation) as caught:
        expect_load_passed(report(results))
    message = str(caught.value)
    assert message.split("\n")[0] == "product defect: 1 of 10 people got no complete answer"
    assert "failed at: journey: product defect (1)" in message
    assert message.count("person 10 got nothing") == 1, message


def test_the_headline_is_short_and_grammatical_and_no_failure_is_cut_or_repeated():
    long = "[journey] product defect: person 1 got nothing " + "and a long explanation " * 40 + "END"
    results = [journey(i, answer_s=3.4) for i in range(2, 101)] + [journey(1, failure=long)]
    results += [journey(i, failure=f"[sign-in] product defect: person {i} refused") for i in range(101, 112)]
    r = report(results)
    with pytest.raises(ProtocolViolation) as caught:
        expect_every_journey_passed(r)
    message = str(caught.value)
    assert message.split("\n")[0] == ("product defect: 12 of 111 people got no complete answer; "
                                      "answer p95 3.40 s, objective under 2 s")
    assert "END" in message and message.count("person 1 got nothing") == 1   # whole, once
    assert "and 9 more failures, in the attachment" in message
    one = report([journey(1), journey(2, lost=True)])
    assert one.verdict_text() == "1 answer lost part of the assistant's work on the way"


def test_a_lost_event_fails_the_run_even_when_every_answer_was_fast():
    results = [journey(i) for i in range(1, 10)] + [journey(10, lost=True)]
    r = report(results)
    assert not r.passed
    assert "1 answer lost part of the assistant's work" in r.verdict_text()


def test_no_measured_answer_cannot_meet_an_objective():
    r = report([journey(1, failure="[sign-in] product defect: refused")])
    r.results[0].timing = None
    r.__post_init__()
    assert any("no answer was measured" in b for b in r.breaches())


class _Entry:
    def __init__(self, count: int, failures: int, p95_ms: float) -> None:
        self.num_requests, self.num_failures, self.p95_ms = count, failures, p95_ms
        self.max_response_time = p95_ms

    def get_response_time_percentile(self, percent: float) -> float:
        return self.p95_ms


def _environment(answer_ms: float, journeys: int = 100, failed: int = 0):
    entries = {(name, STAGE_TYPE): _Entry(journeys, 0, 50) for name in ("connect", "first event")}
    entries[("answer", STAGE_TYPE)] = _Entry(journeys, 0, answer_ms)
    entries[("journey", STAGE_TYPE)] = _Entry(journeys, failed, answer_ms + 200)
    stats = SimpleNamespace(entries=entries, errors={})
    return SimpleNamespace(stats=stats, parsed_options=SimpleNamespace(num_users=100),
                           process_exit_code=None)


def test_the_gate_leaves_a_healthy_run_alone():
    environment = _environment(answer_ms=300)
    assert gate(environment, SETTINGS) == []
    assert environment.process_exit_code is None


def test_the_gate_fails_a_slow_run_with_locusts_p95():
    environment = _environment(answer_ms=2500)
    problems = gate(environment, SETTINGS)
    assert environment.process_exit_code == 1
    assert problems == ["answer p95 was 2.50 s over 100 journeys (Locust's figure); objective is "
                        "under 2.00 s"]


def test_the_gate_fails_failed_and_unfinished_journeys():
    environment = _environment(answer_ms=300, journeys=90, failed=3)
    problems = gate(environment, SETTINGS)
    assert environment.process_exit_code == 1
    assert "only 90 of 100 journeys finished before the run ended" in problems
    assert any("journeys failed: 3" in p for p in problems)


def test_answer_quality_is_a_rate_beside_the_percentiles():
    """Of the answers that came: meaningful ones, with the Wilson interval; a journey cut off before
    its answer (meaningful None) has no answer to judge."""
    results = [journey(i) for i in range(1, 11)]
    for r in results[:8]:
        r.meaningful = True
    results[8].meaningful = False
    results[8].failure, results[8].finished_at = "[journey] product defect: a placeholder answer", None
    r = report(results)                                       # results[9]: no answer came
    assert r.answer_quality().counts() == "8/9"
    table = r.table()
    assert "answer quality: 8 of 9 answers meaningful (89%; 95 % confidence 57% to 98%, Wilson)" in table, table
    assert table.index("answer quality") > table.index("answer s"), table   # after the percentiles
    assert r.as_dict()["meaningful_answers"] == {"rate": "8/9", "meaningful": 8, "answers": 9,
                                                  "wilson_95": [0.5650, 0.9801]}
