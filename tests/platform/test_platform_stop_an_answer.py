"""CONTRACT section 9 on the reference platform: a person stops their own answer (and only theirs),
then asks again; and the stop defects."""

from __future__ import annotations

import time

import pytest

from chat_waits import first_run_event, until, stop, stored_messages
from refplatform_harness import COST_QUESTION, collect_turn, normalise, quiet_for

DETAILED = "How could we cut our GPT-4o costs at 20 million tokens a month? Explain in detail."


def test_a_person_stops_their_own_answer_promptly_and_asks_again(platform):
    sam = platform.sign_up("sam")
    chat = platform.chat(sam.access)
    chat.ask(DETAILED)
    started = first_run_event(chat)
    sent = stop(chat, started["run_id"])
    kind, fields = until(chat, {"agent_stopped", "agent_completed"})
    assert kind == "agent_stopped" and fields["run_id"] == started["run_id"]
    assert time.monotonic() - sent < 2.0
    assert [normalise(f)[0] for f in quiet_for(chat.ws, 0.8)] == []
    assert stored_messages(platform, sam, started["thread_id"]) == [("user", DETAILED)]
    assert collect_turn(chat, chat.ask(COST_QUESTION), 8, 0).kinds()[-1] == "agent_completed"
    chat.close()


def test_a_detailed_answer_takes_long_enough_tostop(platform):
    chat = platform.chat(platform.sign_up().access)
    turn = collect_turn(chat, chat.ask(DETAILED), 10, 0)
    assert turn.events[-1][2] - turn.sent_at > 2.0 and turn.kinds()[-1] == "agent_completed"
    chat.close()


def test_someone_else_cannot_stop_an_answer(platform):
    sam, lena = platform.sign_up("sam"), platform.sign_up("lena")
    sams, lenas = platform.chat(sam.access), platform.chat(lena.access)
    sams.ask(DETAILED)
    started = first_run_event(sams)
    stop(lenas, started["run_id"])
    assert until(lenas, {"error_message"})[1]["error_code"] == "RUN_NOT_FOUND"
    assert until(sams, {"agent_stopped", "agent_completed"})[0] == "agent_completed"
    sams.close(), lenas.close()


@pytest.mark.parametrize("defect, stranger", [("stop-ignored", False), ("stop-anyones-answer", True)])
def test_stop_defects(start_platform, defect, stranger):
    running = start_platform("--defect", defect)
    sam, lena = running.sign_up("sam"), running.sign_up("lena")
    sams, lenas = running.chat(sam.access), running.chat(lena.access)
    sams.ask(DETAILED)
    started = first_run_event(sams)
    stop(lenas if stranger else sams, started["run_id"])
    if stranger:     # Lena's stop ended Sam's answer: no completion ever comes to Sam
        assert until(lenas, {"agent_stopped"})[1]["run_id"] == started["run_id"]
        assert all(normalise(f)[0] != "agent_completed" for f in quiet_for(sams.ws, 5))
    else:
        assert until(sams, {"agent_stopped", "agent_completed"})[0] == "agent_completed"
    sams.close(), lenas.close()
