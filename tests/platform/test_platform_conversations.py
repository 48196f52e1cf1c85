"""CONTRACT section 9 on the reference platform: what a conversation holds after a drop mid-answer,
no message into a colleague's conversation, no follow-up across conversations; and their defects."""

from __future__ import annotations

import time

import pytest

from chat_waits import first_run_event, until, stored_messages
from refplatform_harness import COST_QUESTION, collect_turn

DETAILED = "How could we cut our GPT-4o costs at 20 million tokens a month? Explain in detail."


@pytest.mark.parametrize("defect", [None, "half-answer-on-drop"])
def test_a_drop_mid_answer_leaves_the_whole_answer_or_with_the_defect_half(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    kai = running.sign_up("kai")
    chat = running.chat(kai.access)
    chat.ask(DETAILED)
    started = first_run_event(chat)
    chat.ws.socket.close()
    deadline = time.monotonic() + 8
    while len(held := stored_messages(running, kai, started["thread_id"])) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert held[0] == ("user", DETAILED) and held[1][0] == "assistant"
    assert held[1][1].endswith(".") is not bool(defect), held[1][1]


@pytest.mark.parametrize("defect", [None, "foreign-thread-writable"])
def test_a_message_into_a_colleagues_conversation(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    lena, sam = running.sign_up("lena"), running.sign_up("sam")
    lenas = running.chat(lena.access)
    thread_id = collect_turn(lenas, lenas.ask(COST_QUESTION), 8, 0).final["thread_id"]
    sams = running.chat(sam.access)
    sams.ask("What did Lena ask?", thread_id=thread_id)
    kind, fields = until(sams, {"error_message", "agent_started"})
    if defect:
        assert kind == "agent_started" and fields["thread_id"] == thread_id
        until(sams, {"agent_completed"})
        assert len(stored_messages(running, lena, thread_id)) == 4
    else:
        assert kind == "error_message" and fields["error_code"] == "THREAD_NOT_FOUND"
        assert len(stored_messages(running, lena, thread_id)) == 2
    lenas.close(), sams.close()


@pytest.mark.parametrize("defect", [None, "follow-up-across-conversations"])
def test_a_new_conversation_does_not_inherit_the_previous_ones_model(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    lena = running.sign_up("lena")
    chat = running.chat(lena.access)
    collect_turn(chat, chat.ask("How much would 2 million Claude 3.5 Sonnet tokens a month cost?"), 8, 0)
    turn = collect_turn(chat, chat.ask("And for 10 million tokens a month?"), 8, 0)
    assert ("Claude 3.5 Sonnet" in turn.final["final_response"]) is bool(defect)
    held = stored_messages(running, lena, turn.final["thread_id"])
    assert held[0] == ("user", "And for 10 million tokens a month?")   # stored as asked, even so
    chat.close()
