"""The real platform's own fallbacks and error frames (issue 19), each a defect switch of the
reference platform: the journey that meets it fails, and its message names what the person got.

Each text and frame is the one Netra Apex beta-17 sends (the switch's docstring cites the file
and line). One behave run per defect, limited to the journey it breaks (``--name``).
"""

import pytest

from defect_runs import expect_defect_caught

pytestmark = pytest.mark.meta

CONVERSATIONS = "features/conversations.feature"
GOLDEN_PATH = "features/login_to_answer.feature"
RECOVERY = "features/error_recovery.feature"
STOPPING = "features/stop_an_answer.feature"

COMPLETE = "Lena asks for a complete answer and finds it in her history"
COSTED = "Sam logs in and gets a costed answer"
GARBLED = "Leo's app sends a garbled message"
STOPS = "Sam stops a long answer and asks something shorter"

CASES = [
    ("fallback-answer", CONVERSATIONS, COMPLETE,
     ["for a complete answer and got", "the answer is a placeholder",
      "Successfully processed", "using recovery mechanism"]),
    ("mock-answer", CONVERSATIONS, COMPLETE,
     ["the answer is a placeholder", "Mock triage agent response for:"]),
    ("execute-failed-200", CONVERSATIONS, COMPLETE,
     ["for a complete answer and was refused", "the body says the run did not succeed",
      "status 'error'", "asynchronous context manager protocol"]),
    ("chat-fallback-answer", GOLDEN_PATH, COSTED,
     ["the answer is a placeholder", "I've processed your message:"]),
    ("completion-without-text", GOLDEN_PATH, COSTED, ["agent_completed", "Sam received it"]),
    ("error-frame-leak", RECOVERY, GARBLED,
     ["got an error that does not say clearly what was wrong", "a Python traceback",
      "Failed to get conversation history: Traceback"]),
    ("stopped-answer-written-late", STOPPING, STOPS,
     ["after the stop the conversation holds an answer not marked stopped",
      "it was not there at once", "when the whole answer would have finished"]),
]


@pytest.mark.parametrize("defect, feature, scenario, words", CASES, ids=[c[0] for c in CASES])
def test_the_platforms_fallback_fails_the_journey_that_meets_it(journeys, meta_dialect, defect, feature,
                                                               scenario, words):
    headline = "contract violation: " if defect == "completion-without-text" else "product defect: "
    if defect == "completion-without-text":   # the same object, as beta-17 sends it, in both dialects
        words = words + ["agent_completed.final_response is {'status': 'completed', 'success': True}",
                         "expected a string"]
    expect_defect_caught(journeys, feature, defect, {scenario: words}, only=[scenario],
                         name=scenario, headline=headline)


def test_an_error_mid_answer_fails_at_once_with_its_words_not_at_a_deadline(journeys):
    run = expect_defect_caught(
        journeys, GOLDEN_PATH, "error-frame-mid-run",
        {COSTED: ["got an error instead of an answer after agent_started",
                  "Message processing failed: the pricing tool did not answer"]},
        only=[COSTED], name=COSTED, headline="product defect: ")
    message = run.named(COSTED).message
    assert "got nothing" not in message and "waited" not in message, \
        f"the error frame was not read as the end of the answer: {message}\n{run.explain()}"
