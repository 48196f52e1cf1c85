"""Limits: a rate limit that never resets, or a question too long that is cut and answered, fails
its journey with a headline a product owner can act on; a target that declares no rate limit
skips that journey saying why; a refusal must carry its code and a plain sentence."""

import pytest

from defect_runs import expect_all_pass, expect_defect_caught
from journeys.events import Event
from journeys.rules.refusals import refusal_problems

pytestmark = pytest.mark.meta

FEATURE = "features/limits.feature"
TOO_FAST = "Sam asks too many questions too fast"
CASES = [
    ("rate-limit-never-resets", TOO_FAST,
     ["Sam's limit never reset", "though the target declares 10 questions every 2 s"]),
    ("long-question-truncated", "Sam pastes a question far too long to read",
     ["Sam's question of 33,000 characters was answered instead of refused"]),
]


@pytest.mark.parametrize("defect, scenario, words", CASES, ids=[c[0] for c in CASES])
def test_the_journey_fails_with_a_headline_naming_what_broke(journeys, defect, scenario, words):
    expect_defect_caught(journeys, FEATURE, defect, {scenario: words}, name=scenario,
                         headline="product defect: ")


def test_the_journeys_pass_in_the_wrapped_shape_by_subprotocol(journeys):
    expect_all_pass(journeys, FEATURE, 2, {"E2E_LOCAL_SHAPE": "wrapped", "E2E_WS_AUTH": "subprotocol"})


def test_the_rate_limit_journey_is_skipped_saying_why_on_a_target_that_declares_none(journeys, tmp_path):
    run = journeys(FEATURE, env={"E2E_RATE_LIMIT": "0"}, name="too many questions")
    assert run.named(TOO_FAST).status == "skipped", run.explain()
    notes = "".join(p.read_text() for p in (tmp_path / "transcripts").glob("*too-many-questions*"))
    assert "skipped: target 'local' declares no rate limit (E2E_RATE_LIMIT)" in notes, run.explain()


# -- the check itself ---------------------------------------------------------------------------


def _error(code, text):
    return Event("error_message", {"error_code": code, "error_message": text}, "flat", {}, 0.0)


def test_a_refusal_must_have_the_code_and_a_sentence_without_internals():
    assert refusal_problems(_error("RATE_LIMITED", "Please wait 2 seconds and ask again."),
                            ("RATE_LIMITED",)) == []
    assert "expected RATE_LIMITED" in refusal_problems(_error("ERR", "Please wait and ask again."),
                                                       ("RATE_LIMITED",))[0]
    assert "not a sentence" in refusal_problems(_error("RATE_LIMITED", "429"), ("RATE_LIMITED",))[0]
    leaky = "Please wait.\nTraceback (most recent call last):\n  File \"limits.py\", line 9, in refusal"
    assert any("traceback" in p for p in refusal_problems(_error("RATE_LIMITED", leaky), ("RATE_LIMITED",)))
