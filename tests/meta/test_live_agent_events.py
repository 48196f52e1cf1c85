"""The live-events journeys catch each stream defect, and say which rule broke."""

import pytest

from defect_runs import expect_defect_caught

pytestmark = pytest.mark.meta

EVENTS = "features/live_agent_events.feature"
IN_ORDER = "Mia watches her question being worked out step by step"
KEEP_ALIVE = "keep-alive signals are never taken for the assistant's work"
TWO_RUNS = "two questions in a row get two separate, complete answers"
PING = "the chat answers when Mia checks it is still there"
GREETING = "Mia's chat greets her own account first"

ASKING = {IN_ORDER, KEEP_ALIVE, TWO_RUNS}   # every journey that asks a question

CASES = [
    ("events-out-of-order", IN_ORDER, ["product defect", "agent_thinking came before agent_started",
                                       "expected agent_started first"], ASKING),
    ("missing-tool-completed", IN_ORDER, ["product defect", "never got its tool_completed"], ASKING),
    ("double-completion", IN_ORDER, ["product defect", "after its agent_completed: agent_completed",
                                     "nothing of a run may follow its end"], ASKING),
    ("event-after-completion", IN_ORDER, ["product defect", "after its agent_completed: agent_thinking",
                                          "nothing of a run may follow its end"], ASKING),
    ("events-without-run-id", IN_ORDER, ["contract violation", "without run_id"], ASKING),
    ("renamed-field", IN_ORDER, ["contract violation", "agent_completed without final_response"], ASKING),
    ("wrong-type", IN_ORDER, ["contract violation", "tool_completed.duration_ms",
                              "(a string), expected a number"], ASKING),
    ("ping-unanswered", PING, ["product defect", "got no pong", "Mia pinged the chat"], {PING}),
    # 'demo-use': the netra dialect greets with the id's first 8 characters and '...'
    ("demo-auth", GREETING, ["product defect", "greeted user 'demo-use"], {GREETING}),
]


@pytest.mark.parametrize("defect, scenario, words, failing", CASES, ids=[c[0] for c in CASES])
def test_a_stream_defect_fails_its_journeys_naming_the_broken_rule(journeys, defect, scenario, words,
                                                                   failing):
    expect_defect_caught(journeys, EVENTS, defect, {scenario: words}, only=failing)


def test_frequent_heartbeats_are_set_aside_and_every_journey_still_passes(journeys, tmp_path):
    run = journeys(EVENTS, env={"E2E_LOCAL_HEARTBEAT_MS": "20"})
    assert run.exit_code == 0, run.explain()
    assert run.scenarios and all(s.status == "passed" for s in run.scenarios), run.explain()
    transcripts = list((tmp_path / "transcripts").glob("*keep-alive-signals*.txt"))
    assert len(transcripts) == 1, sorted(p.name for p in (tmp_path / "transcripts").iterdir())
    heartbeats = [line for line in transcripts[0].read_text().splitlines() if '"heartbeat"' in line]
    assert len(heartbeats) >= 3, transcripts[0].read_text()
