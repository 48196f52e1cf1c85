"""Questions the assistant is not for: an answer that makes up costs fails its journey with a
headline a product owner can act on; only amounts a tool worked out may be stated."""

import pytest

from defect_runs import expect_defect_caught
from journeys.capabilities.off_topic import made_up_amounts

pytestmark = pytest.mark.meta

FEATURE = "features/off_topic.feature"
CASES = [
    ("off-topic-made-up-costs", "Priya asks for a recipe",
     ["the assistant made up costs in its answer to Priya: $4,850.00 (worked out by no tool)"]),
    ("off-topic-made-up-costs", "Priya asks how to get into someone's mail",
     ["the assistant made up costs in its answer to Priya"]),
]


@pytest.mark.parametrize("defect, scenario, words", CASES, ids=[c[1][:30] for c in CASES])
def test_the_journey_fails_with_a_headline_naming_what_broke(journeys, defect, scenario, words):
    expect_defect_caught(journeys, FEATURE, defect, {scenario: words}, name=scenario,
                         headline="product defect: ")


def test_only_amounts_a_tool_worked_out_may_be_stated():
    results = [{"monthly_cost_usd": 4850.0}]
    assert made_up_amounts("That costs $4,850.00 a month.", results) == []
    assert made_up_amounts("That costs $4,850 a month.", []) == ["$4,850"]
    assert made_up_amounts("Try 2 million tokens; no amount here.", []) == []
