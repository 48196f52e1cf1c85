"""Each journey of CONTRACT section 9 fails, with a headline a product owner can act on, when its defect is on.

One behave run per defect, limited to the journey it breaks (``--name``), so the
suite of meta-tests stays quick; the whole catalogue passing with no defect on
is ``tasks.py journeys`` itself.
"""

import pytest

from journeys.events import Event
from journeys.capabilities.off_topic import made_up_amounts
from journeys.rules.refusals import refusal_problems

pytestmark = pytest.mark.meta

CASES = [
    ("stop-ignored", "features/stop_an_answer.feature", "Sam stops a long answer and asks something shorter",
     ["Sam stopped the answer to", "and it did not stop within 2 s", "the answer went on to agent_completed"]),
    ("stop-anyones-answer", "features/stop_an_answer.feature", "Lena cannot stop Sam's answer",
     ["Lena stopped Sam's answer"]),
    ("answers-to-latest-device", "features/at_once.feature", "Sam asks on his laptop and on his phone",
     ["Sam asked on the laptop and the answer never came to the laptop; it went to Sam's phone instead"]),
    ("overlapping-runs-share-id", "features/at_once.feature",
     "Sam asks a second question before the first is answered",
     ["the answers to Sam's 2 questions were mixed together"]),
    ("half-answer-on-drop", "features/error_recovery.feature", "Kai's chat drops in the middle of a long answer",
     ["Kai's conversation holds half an answer stored as if it were whole"]),
    ("rate-limit-never-resets", "features/limits.feature", "Sam asks too many questions too fast",
     ["Sam's limit never reset", "though the target declares 10 questions every 2 s"]),
    ("long-question-truncated", "features/limits.feature", "Sam pastes a question far too long to read",
     ["Sam's question of 33,000 characters was answered instead of refused"]),
    ("off-topic-made-up-costs", "features/off_topic.feature", "Priya asks for a recipe",
     ["the assistant made up costs in its answer to Priya: $4,850.00 (worked out by no tool)"]),
    ("off-topic-made-up-costs", "features/off_topic.feature", "Priya asks how to get into someone's mail",
     ["the assistant made up costs in its answer to Priya"]),
    ("foreign-thread-writable", "features/conversations.feature",
     "Sam cannot send a message into Lena's conversation",
     ["Sam wrote into Lena's conversation: the assistant started answering"]),
    ("follow-up-across-conversations", "features/conversations.feature",
     "Lena's follow-up in a new conversation is not taken for her earlier one",
     ["Lena's question in a new conversation was answered as if it followed the earlier one",
      "got an answer about Claude 3.5 Sonnet"]),
]


@pytest.mark.parametrize("defect, feature, scenario, words", CASES,
                         ids=[f"{c[0]}:{c[2][:30]}" for c in CASES])
def test_the_journey_fails_with_a_headline_naming_what_broke(journeys, defect, feature, scenario, words):
    run = journeys(feature, env={"E2E_LOCAL_DEFECTS": defect}, name=scenario)
    assert run.exit_code != 0, run.explain()
    failed = [s for s in run.scenarios if s.name.startswith(scenario)]
    assert len(failed) == 1 and failed[0].status == "failed", run.explain()
    assert failed[0].message.removeprefix("ASSERT FAILED: ").startswith("product defect: "), run.explain()
    for word in words:
        assert word in failed[0].message, run.explain()


def test_the_new_journeys_pass_in_the_wrapped_shape_by_subprotocol(journeys):
    run = journeys("features/stop_an_answer.feature", "features/at_once.feature", "features/limits.feature",
                   env={"E2E_LOCAL_SHAPE": "wrapped", "E2E_WS_AUTH": "subprotocol"})
    assert run.exit_code == 0 and len(run.scenarios) == 6, run.explain()
    assert all(s.status == "passed" for s in run.scenarios), run.explain()


def test_the_rate_limit_journey_is_skipped_saying_why_on_a_target_that_declares_none(journeys, tmp_path):
    run = journeys("features/limits.feature", env={"E2E_RATE_LIMIT": "0"}, name="too many questions")
    skipped = [s for s in run.scenarios if s.name == "Sam asks too many questions too fast"]
    assert skipped and skipped[0].status == "skipped", run.explain()
    notes = "".join(p.read_text() for p in (tmp_path / "transcripts").glob("*too-many-questions*"))
    assert "skipped: target 'local' declares no rate limit (E2E_RATE_LIMIT)" in notes, run.explain()


# -- the checks themselves ---------------------------------------------------------------------


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


def test_only_amounts_a_tool_worked_out_may_be_stated():
    results = [{"monthly_cost_usd": 4850.0}]
    assert made_up_amounts("That costs $4,850.00 a month.", results) == []
    assert made_up_amounts("That costs $4,850 a month.", []) == ["$4,850"]
    assert made_up_amounts("Try 2 million tokens; no amount here.", []) == []
