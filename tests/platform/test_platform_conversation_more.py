"""CONTRACT section 9 on the reference platform: stop, several devices, overlapping runs, a drop,
the rate limit, the length limit, off-topic answers, a colleague's conversation; and each defect switch."""

from __future__ import annotations

import time

import pytest

from refplatform_harness import COST_QUESTION, Chat, collect_turn, normalise, quiet_for, recv_json

DETAILED = "How could we cut our GPT-4o costs at 20 million tokens a month? Explain in detail."
OFF_TOPIC = "What is a good recipe for a vegetable lasagne?"


def _first_run_event(chat: Chat, timeout: float = 5) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        kind, fields = normalise(recv_json(chat.ws, deadline - time.monotonic()))
        if kind == "agent_started":
            return fields


def _until(chat: Chat, kinds: set, timeout: float = 8) -> tuple[str, dict]:
    deadline = time.monotonic() + timeout
    while True:
        kind, fields = normalise(recv_json(chat.ws, deadline - time.monotonic()))
        if kind in kinds:
            return kind, fields


def _messages(platform, account, thread_id):
    page = platform.api("GET", f"/api/threads/{thread_id}/messages", account.access).json()
    return [(m["role"], m["content"]) for m in page["messages"]]


def _stop(chat: Chat, run_id: str) -> float:
    return chat.send({"type": "stop_agent", "payload": {"run_id": run_id}})


# -- stop ----------------------------------------------------------------------------------------

def test_a_person_stops_their_own_answer_promptly_and_asks_again(platform):
    sam = platform.sign_up("sam")
    chat = platform.chat(sam.access)
    chat.ask(DETAILED)
    started = _first_run_event(chat)
    sent = _stop(chat, started["run_id"])
    kind, fields = _until(chat, {"agent_stopped", "agent_completed"})
    assert kind == "agent_stopped" and fields["run_id"] == started["run_id"]
    assert time.monotonic() - sent < 2.0
    assert [normalise(f)[0] for f in quiet_for(chat.ws, 0.8)] == []
    assert _messages(platform, sam, started["thread_id"]) == [("user", DETAILED)]
    assert collect_turn(chat, chat.ask(COST_QUESTION), 8, 0).kinds()[-1] == "agent_completed"
    chat.close()


def test_a_detailed_answer_takes_long_enough_to_stop(platform):
    chat = platform.chat(platform.sign_up().access)
    turn = collect_turn(chat, chat.ask(DETAILED), 10, 0)
    assert turn.events[-1][2] - turn.sent_at > 2.0 and turn.kinds()[-1] == "agent_completed"
    chat.close()


def test_someone_else_cannot_stop_an_answer(platform):
    sam, lena = platform.sign_up("sam"), platform.sign_up("lena")
    sams, lenas = platform.chat(sam.access), platform.chat(lena.access)
    sams.ask(DETAILED)
    started = _first_run_event(sams)
    _stop(lenas, started["run_id"])
    assert _until(lenas, {"error_message"})[1]["error_code"] == "RUN_NOT_FOUND"
    assert _until(sams, {"agent_stopped", "agent_completed"})[0] == "agent_completed"
    sams.close(), lenas.close()


@pytest.mark.parametrize("defect, stranger", [("stop-ignored", False), ("stop-anyones-answer", True)])
def test_stop_defects(start_platform, defect, stranger):
    running = start_platform("--defect", defect)
    sam, lena = running.sign_up("sam"), running.sign_up("lena")
    sams, lenas = running.chat(sam.access), running.chat(lena.access)
    sams.ask(DETAILED)
    started = _first_run_event(sams)
    _stop(lenas if stranger else sams, started["run_id"])
    if stranger:     # Lena's stop ended Sam's answer: no completion ever comes to Sam
        assert _until(lenas, {"agent_stopped"})[1]["run_id"] == started["run_id"]
        assert all(normalise(f)[0] != "agent_completed" for f in quiet_for(sams.ws, 5))
    else:
        assert _until(sams, {"agent_stopped", "agent_completed"})[0] == "agent_completed"
    sams.close(), lenas.close()


# -- two devices, overlapping runs -----------------------------------------------------------------

@pytest.mark.parametrize("defect", [None, "answers-to-latest-device"])
def test_an_answer_goes_to_the_device_that_asked(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    sam = running.sign_up("sam")
    laptop, phone = running.chat(sam.access), running.chat(sam.access)
    sent = laptop.ask(COST_QUESTION)
    if defect:
        assert collect_turn(phone, sent, 8, 0).kinds()[-1] == "agent_completed"
        assert quiet_for(laptop.ws, 0.3) == []
    else:
        assert collect_turn(laptop, sent, 8, 0).kinds()[-1] == "agent_completed"
        assert quiet_for(phone.ws, 0.3) == []
    laptop.close(), phone.close()


@pytest.mark.parametrize("defect", [None, "overlapping-runs-share-id"])
def test_overlapping_runs_on_one_chat_are_told_apart_by_run_id(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []), pause_ms=30)
    chat = running.chat(running.sign_up().access)
    chat.ask(COST_QUESTION)
    chat.ask("What would 4 million Gemini 1.5 Pro tokens a month cost?")
    starts = [_until(chat, {"agent_started"})[1]["run_id"] for _ in range(2)]
    assert (starts[0] == starts[1]) is bool(defect)
    quiet_for(chat.ws, 1.0)
    chat.close()


# -- a drop mid-answer -----------------------------------------------------------------------------

@pytest.mark.parametrize("defect", [None, "half-answer-on-drop"])
def test_a_drop_mid_answer_leaves_the_whole_answer_or_with_the_defect_half(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    kai = running.sign_up("kai")
    chat = running.chat(kai.access)
    chat.ask(DETAILED)
    started = _first_run_event(chat)
    chat.ws.socket.close()
    deadline = time.monotonic() + 8
    while len(held := _messages(running, kai, started["thread_id"])) < 2 and time.monotonic() < deadline:
        time.sleep(0.2)
    assert held[0] == ("user", DETAILED) and held[1][0] == "assistant"
    assert held[1][1].endswith(".") is not bool(defect), held[1][1]


# -- limits --------------------------------------------------------------------------------------

@pytest.mark.parametrize("defect", [None, "rate-limit-never-resets"])
def test_the_rate_limit_refuses_in_plain_words_resets_and_spares_colleagues(start_platform, defect):
    running = start_platform("--rate-limit", "3", "--rate-window-s", "1",
                             *(["--defect", defect] if defect else []))
    sam, lena = running.sign_up("sam"), running.sign_up("lena")
    sams = running.chat(sam.access)
    first = time.monotonic()
    for _ in range(4):
        sams.ask(COST_QUESTION)
    refusal = _until(sams, {"error_message"})[1]
    assert refusal["error_code"] == "RATE_LIMITED" and "Please wait" in refusal["error_message"]
    lenas = running.chat(lena.access)
    assert collect_turn(lenas, lenas.ask(COST_QUESTION), 8, 0).kinds()[-1] == "agent_completed"
    quiet_for(sams.ws, max(0.0, first + 1.2 - time.monotonic()))
    sams.ask(COST_QUESTION)
    kind, fields = _until(sams, {"error_message", "agent_started"})
    assert (kind == "error_message") is bool(defect), (kind, fields)
    sams.close(), lenas.close()


def test_no_rate_limit_unless_asked_for(platform):
    chat = platform.chat(platform.sign_up().access)
    for _ in range(12):
        chat.ask(COST_QUESTION)
    kinds = [normalise(f)[0] for f in quiet_for(chat.ws, 2.0)]
    assert "error_message" not in kinds and kinds.count("agent_completed") == 12
    chat.close()


@pytest.mark.parametrize("defect", [None, "long-question-truncated"])
def test_a_question_over_the_length_limit_is_refused_or_with_the_defect_cut_and_answered(start_platform, defect):
    from reference_platform.limits import MAX_QUESTION_CHARS
    running = start_platform(*(["--defect", defect] if defect else []))
    chat = running.chat(running.sign_up().access)
    chat.ask("How much would 2 million GPT-4o tokens a month cost? " + "x " * MAX_QUESTION_CHARS)
    kind, fields = _until(chat, {"error_message", "agent_started"})
    if defect:
        assert kind == "agent_started"
    else:
        assert kind == "error_message" and fields["error_code"] == "MESSAGE_TOO_LARGE"
        assert "shorten it" in fields["error_message"] and quiet_for(chat.ws, 0.3) == []
    chat.close()


# -- off-topic, a colleague's conversation ----------------------------------------------------------

@pytest.mark.parametrize("defect", [None, "off-topic-made-up-costs"])
def test_an_off_topic_answer_states_no_cost_unless_the_defect_makes_one_up(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    chat = running.chat(running.sign_up().access)
    turn = collect_turn(chat, chat.ask(OFF_TOPIC), 8, 0)
    answer = turn.final["final_response"]
    assert "tool_executing" not in turn.kinds() and "cost" in answer
    assert ("$4,850.00" in answer) is bool(defect) and ("$" in answer) is bool(defect)
    chat.close()


@pytest.mark.parametrize("defect", [None, "foreign-thread-writable"])
def test_a_message_into_a_colleagues_conversation(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    lena, sam = running.sign_up("lena"), running.sign_up("sam")
    lenas = running.chat(lena.access)
    thread_id = collect_turn(lenas, lenas.ask(COST_QUESTION), 8, 0).final["thread_id"]
    sams = running.chat(sam.access)
    sams.ask("What did Lena ask?", thread_id=thread_id)
    kind, fields = _until(sams, {"error_message", "agent_started"})
    if defect:
        assert kind == "agent_started" and fields["thread_id"] == thread_id
        _until(sams, {"agent_completed"})
        assert len(_messages(running, lena, thread_id)) == 4
    else:
        assert kind == "error_message" and fields["error_code"] == "THREAD_NOT_FOUND"
        assert len(_messages(running, lena, thread_id)) == 2
    lenas.close(), sams.close()


@pytest.mark.parametrize("defect", [None, "follow-up-across-conversations"])
def test_a_new_conversation_does_not_inherit_the_previous_ones_model(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    lena = running.sign_up("lena")
    chat = running.chat(lena.access)
    collect_turn(chat, chat.ask("How much would 2 million Claude 3.5 Sonnet tokens a month cost?"), 8, 0)
    turn = collect_turn(chat, chat.ask("And for 10 million tokens a month?"), 8, 0)
    assert ("Claude 3.5 Sonnet" in turn.final["final_response"]) is bool(defect)
    held = _messages(running, lena, turn.final["thread_id"])
    assert held[0] == ("user", "And for 10 million tokens a month?")   # stored as asked, even so
    chat.close()
