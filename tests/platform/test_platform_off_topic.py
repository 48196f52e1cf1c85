"""CONTRACT section 9 on the reference platform: an off-topic question gets no made-up cost, unless
the defect makes one up."""

from __future__ import annotations

import pytest

from refplatform_harness import collect_turn

OFF_TOPIC = "What is a good recipe for a vegetable lasagne?"


@pytest.mark.parametrize("defect", [None, "off-topic-made-up-costs"])
def test_an_off_topic_answer_states_no_cost_unless_the_defect_makes_one_up(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    chat = running.chat(running.sign_up().access)
    turn = collect_turn(chat, chat.ask(OFF_TOPIC), 8, 0)
    answer = turn.final["final_response"]
    assert "tool_executing" not in turn.kinds() and "cost" in answer
    assert ("$4,850.00" in answer) is bool(defect) and ("$" in answer) is bool(defect)
    chat.close()
