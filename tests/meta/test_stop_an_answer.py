"""Stopping an answer: a stop that is ignored, or that works on someone else's answer, fails its
journey with a headline a product owner can act on.

One behave run per defect, limited to the journey it breaks (``--name``), so the meta-tests stay
quick; the whole catalogue passing with no defect on is ``tasks.py journeys`` itself.
"""

import pytest

from defect_runs import expect_all_pass, expect_defect_caught

pytestmark = pytest.mark.meta

FEATURE = "features/stop_an_answer.feature"
CASES = [
    ("stop-ignored", "Sam stops a long answer and asks something shorter",
     ["Sam stopped the answer to", "and it did not stop within 2 s", "the answer went on to agent_completed"]),
    ("stop-anyones-answer", "Lena cannot stop Sam's answer", ["Lena stopped Sam's answer"]),
]


@pytest.mark.parametrize("defect, scenario, words", CASES, ids=[c[0] for c in CASES])
def test_the_journey_fails_with_a_headline_naming_what_broke(journeys, defect, scenario, words):
    expect_defect_caught(journeys, FEATURE, defect, {scenario: words}, name=scenario,
                         headline="product defect: ")


def test_the_journeys_pass_in_the_wrapped_shape_by_subprotocol(journeys):
    expect_all_pass(journeys, FEATURE, 2, {"E2E_LOCAL_SHAPE": "wrapped", "E2E_WS_AUTH": "subprotocol"})
