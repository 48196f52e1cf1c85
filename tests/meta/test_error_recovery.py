"""Recovery defects make the recovery journeys fail, and the message says what happened."""

import pytest

from defect_runs import expect_defect_caught
from journeys.capabilities.recovery import internals_in

pytestmark = pytest.mark.meta

FEATURE = "features/error_recovery.feature"
GARBLED = "Leo's app sends a garbled message"
UNKNOWN = "Leo's app sends a message of an unknown kind"
EMPTY = "Leo's app sends an empty message"
DROPPED = "Kai's chat drops while the assistant is answering"
FAILED = "the assistant fails to answer Noor, then answers her next question"
EXPIRED = "Ava's pass runs out, she renews it and carries on"
RESTART = "after a restart, Omar reconnects and finds his conversation"

CASES = [
    ("malformed-frame-kills-connection", "not @slow",
     {GARBLED: ["closed it with 1011", "waiting for a reply to our malformed JSON frame"]}),
    ("unknown-type-kills-connection", "not @slow",
     {UNKNOWN: ["closed it with 1011", "waiting for a reply to our frame of unknown type"]}),
    ("leaky-agent-error", "not @slow",
     {FAILED: ["reveals the platform's internals", "a Python traceback", "Traceback (most recent"]}),
    ("close-after-first-frame", "not @slow",
     {GARBLED: ["closed it with 1000 'main cleanup'", "malformed JSON frame"],
      EMPTY: ["closed it with 1000 'main cleanup'", "user_message without content"],
      DROPPED: ["closed it with 1000 'main cleanup'", "first event of the run"]}),
    ("history-not-stored", None,
     {DROPPED: ["connection dropped while the assistant was answering", "does not even hold the question"],
      RESTART: ["does not hold the question and its answer"],
      EXPIRED: ["it holds 0 message(s)"]}),
    ("expired-tokens-accepted", "@slow",
     {EXPIRED: ["pass expired at", "was still accepted"]}),
]


@pytest.mark.parametrize("defect, tags, expected", CASES, ids=[c[0] for c in CASES])
def test_defect_fails_its_journeys_with_a_message_naming_it(journeys, defect, tags, expected):
    # A dropped answer is looked for until a whole answer's deadline: keep that short here.
    expect_defect_caught(journeys, FEATURE, defect, expected, tags=tags, env={"E2E_TURN_S": "3"})


def test_half_an_answer_stored_as_whole_fails_with_a_headline_naming_it(journeys):
    """One behave run limited to the journey it breaks (--name)."""
    scenario = "Kai's chat drops in the middle of a long answer"
    expect_defect_caught(journeys, FEATURE, "half-answer-on-drop",
                         {scenario: ["Kai's conversation holds half an answer stored as if it were whole"]},
                         name=scenario, headline="product defect: ")


def test_the_journeys_pass_in_other_shapes_and_variants(journeys):
    run = journeys(FEATURE, env={"E2E_LOCAL_SHAPE": "nested", "E2E_AUTH_MODE": "mint",
                                 "E2E_LOCAL_VARIANTS": "payload-fields,ack-unknown-type"})
    assert run.exit_code == 0, run.explain()
    acked = [s for s in run.scenarios if s.name.startswith(UNKNOWN)]   # a bare ack explains nothing:
    assert [s.status for s in acked] == ["skipped"], run.explain()   # skipped with that reason
    others = [s for s in run.scenarios if s not in acked]
    assert len(others) == 7 and all(s.status == "passed" for s in others), run.explain()


@pytest.mark.parametrize("text, leaks", [
    ("The assistant could not finish this answer. Please try again.", []),
    ("Traceback (most recent call last):\n  File \"/srv/app/runs.py\", line 3, in run\n"
     "ConnectionError: pricing tool down", ["a Python traceback", "a source file path",
                                            "an exception name"]),
    ("KeyError: 'price' in /opt/netra/agents/cost_agent.py", ["a source file path", "an exception name"]),
    ("TypeError: x is undefined\n    at handler (/app/server.js:12:7)", ["a source file path",
                                                                       "an exception name",
                                                                       "a stack frame"]),
])
def test_internals_are_recognised_in_an_error_message(text, leaks):
    assert internals_in(text) == leaks
