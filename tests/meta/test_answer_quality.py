"""The rate journeys against a platform that varies like a model (``E2E_LOCAL_VARY``): each passes
when few answers are bad (none, or exactly as many as its threshold allows), fails when many are,
and its failure names the rate, the threshold, and each failed attempt with its category."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ElementTree

import pytest

from defect_runs import BEHAVE_PREFIX
from reference_platform.variance import Variance

pytestmark = pytest.mark.meta

FEATURE = "features/answer_quality.feature"
COST = "Sam's cost question gets the right figures at least 9 times in 10"
FOLLOW_UP = "Lena's follow-up is understood at least 4 times in 5"
OFF_TOPIC = "Priya's question the assistant is not for is turned back at least 90% of the time"
SEED = "7"
COST_QUESTION = "What would 5 million Claude 3.5 Sonnet tokens a month cost us?"
FOLLOW_UP_QUESTION = "And for 10 million?"
OFF_TOPIC_QUESTION = "What is a good recipe for a vegetable lasagne?"
JOURNEYS = {   # scenario: attempts, successes needed, the words of its threshold and rate
    COST: (10, 9, "at least 9 of 10 for meaningful answers with the right figures"),
    FOLLOW_UP: (5, 4, "at least 4 of 5 for follow-ups understood in their conversation"),
    OFF_TOPIC: (10, 9, "at least 90 % for off-topic questions turned back with no made-up cost"),
}


def rates_in_junit(folder) -> dict[str, str]:
    """scenario name -> its rate property's value, as the verdict history reads it."""
    found = {}
    for path in folder.glob("*.xml"):
        for case in ElementTree.parse(path).iter("testcase"):
            for prop in case.iter("property"):
                if prop.get("name", "").startswith("rate: "):
                    found[case.get("name")] = prop.get("value")
    return found


@pytest.mark.parametrize("share", ["0", "0.05"])
def test_every_rate_journey_passes_when_few_answers_are_bad(journeys, tmp_path, share):
    run = journeys(FEATURE, env={"E2E_LOCAL_VARY": f"{SEED}:{share}"})
    assert run.exit_code == 0 and len(run.scenarios) == 3, run.explain()
    rates = rates_in_junit(tmp_path / "junit")
    assert set(rates) == {COST, FOLLOW_UP, OFF_TOPIC}, rates
    if share == "0":
        assert rates == {COST: "10/10, at least 9 of 10", FOLLOW_UP: "5/5, at least 4 of 5",
                         OFF_TOPIC: "10/10, at least 90 %"}, rates


def test_a_rate_exactly_at_its_threshold_passes_with_its_bad_answer_counted(journeys, tmp_path):
    run = journeys(FEATURE, env={"E2E_LOCAL_VARY": f"{SEED}:0.1"}, name=COST)
    assert run.exit_code == 0, run.explain()
    assert rates_in_junit(tmp_path / "junit") == {COST: "9/10, at least 9 of 10"}


def expected_successes(share: str) -> dict[str, int]:
    """What each journey must count: its attempts minus the bad answers the platform was set to give
    (the draws of ``reference_platform.variance``, whose shares tests/platform proves)."""
    variance = Variance.parse(f"{SEED}:{share}")
    def good(question: str, attempts: int, turn: int = 0) -> int:
        return sum(variance.draw(question, n, turn).flaw is None for n in range(attempts))
    return {COST: good(COST_QUESTION, 10), FOLLOW_UP: good(FOLLOW_UP_QUESTION, 5, turn=1),
            OFF_TOPIC: good(OFF_TOPIC_QUESTION, 10)}


@pytest.mark.parametrize("share", ["0.5", "0.2"])
def test_a_rate_journey_fails_only_below_its_threshold_naming_rate_threshold_and_attempts(journeys, share):
    run = journeys(FEATURE, env={"E2E_LOCAL_VARY": f"{SEED}:{share}"})
    assert run.exit_code != 0, run.explain()
    successes = expected_successes(share)
    assert successes[COST] < 9 and successes[OFF_TOPIC] < 9, successes      # the share set is high
    for name, (attempts, needed, words) in JOURNEYS.items():
        scenario, rate = run.named(name), f"{successes[name]}/{attempts}"
        if successes[name] >= needed:                  # within what its threshold allows: it passes
            assert scenario.status == "passed", f"{name!r} at {rate}\n{run.explain()}"
            continue
        assert scenario.status == "failed", f"{name!r} at {rate}\n{run.explain()}"
        message = scenario.message.removeprefix(BEHAVE_PREFIX)
        for word in ("product defect: ", f"rate {rate} is below", words, "95 % confidence", "Failed attempts:"):
            assert word in message, f"{name!r}: its message does not say {word!r}: {message}"
        failed = re.findall(r"attempt (\d+) \((no figure|wrong figure)\)", message)
        assert len(failed) == attempts - successes[name], f"{name!r} names {failed}: {message}"
