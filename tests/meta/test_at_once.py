"""More than one thing at once: an answer sent to the wrong device, or two answers in flight mixed
together, fails its journey with a headline a product owner can act on (one behave run per
defect, limited to the journey it breaks)."""

import pytest

from defect_runs import expect_all_pass, expect_defect_caught

pytestmark = pytest.mark.meta

FEATURE = "features/at_once.feature"
CASES = [
    ("answers-to-latest-device", "Sam asks on his laptop and on his phone",
     ["Sam asked on the laptop and the answer never came to the laptop; it went to Sam's phone instead"]),
    ("overlapping-runs-share-id", "Sam asks a second question before the first is answered",
     ["the answers to Sam's 2 questions were mixed together"]),
]


@pytest.mark.parametrize("defect, scenario, words", CASES, ids=[c[0] for c in CASES])
def test_the_journey_fails_with_a_headline_naming_what_broke(journeys, defect, scenario, words):
    expect_defect_caught(journeys, FEATURE, defect, {scenario: words}, name=scenario,
                         headline="product defect: ")


def test_the_journeys_pass_in_the_wrapped_shape_by_subprotocol(journeys):
    expect_all_pass(journeys, FEATURE, 2, {"E2E_LOCAL_SHAPE": "wrapped", "E2E_WS_AUTH": "subprotocol"})
