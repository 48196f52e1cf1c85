"""The /ws endpoint against CONTRACT section 5."""

from __future__ import annotations

import json
import re
import threading

import pytest

from refplatform_harness import (COST_QUESTION, Chat, assert_golden_run, closed_with, collect_turn,
                                quiet_for, recv_json)


@pytest.mark.parametrize("via", ["header", "subprotocol"])
def test_connect_and_connection_established(platform, via):
    account = platform.sign_up()
    ws = platform.connect(account.access, via)
    assert ws.subprotocol == ("jwt-auth" if via == "subprotocol" else None)
    chat = Chat(ws)
    data = chat.established["data"]
    assert data["user_id"] == account.user_id and data["connection_id"]
    assert chat.established["timestamp"]
    chat.close()


def test_golden_turn_streams_in_order_and_persists(platform):
    account = platform.sign_up()
    chat = platform.chat(account.access)
    turn = chat.run(COST_QUESTION)
    assert_golden_run(turn)
    answer = turn.final["final_response"]
    assert re.search(r"\d", answer) and "cost" in answer.lower()
    thread_id = turn.final["thread_id"]
    threads = platform.api("GET", "/api/threads", account.access).json()
    assert threads[0]["id"] == thread_id and threads[0]["title"]
    messages = platform.api("GET", f"/api/threads/{thread_id}/messages", account.access).json()
    assert [(m["role"], m["content"]) for m in messages["messages"]] == [
        ("user", COST_QUESTION), ("assistant", answer)]
    latency_first = turn.events[0][2] - turn.sent_at
    latency_answer = turn.events[-1][2] - turn.sent_at
    assert latency_first < 1.0 and latency_answer < 2.0
    assert quiet_for(chat.ws, 0.2) == []           # nothing after completion, still open
    chat.close()


def test_answer_is_stored_before_agent_completed_arrives(platform):
    account = platform.sign_up()
    chat = platform.chat(account.access)
    chat.ask("What would 500,000 Claude 3.5 Sonnet tokens a month cost?")
    while True:
        frame = recv_json(chat.ws, 5)
        if frame["type"] == "agent_completed":
            break
    thread_id = frame["thread_id"]
    page = platform.api("GET", f"/api/threads/{thread_id}/messages", account.access).json()
    assert page["total"] == 2 and page["messages"][1]["content"] == frame["final_response"]
    chat.close()


@pytest.mark.parametrize("frame", [
    {"type": "chat_message", "payload": {"text": COST_QUESTION, "thread_id": None}},
    {"type": "message", "payload": {"content": COST_QUESTION}},
    {"type": "start_agent", "payload": {"user_request": COST_QUESTION, "thread_id": None}},
])
def test_message_aliases_start_a_run(platform, frame):
    chat = platform.chat(platform.sign_up().access)
    assert_golden_run(collect_turn(chat, chat.send(frame), 8, 0))
    chat.close()


def test_a_second_turn_continues_the_thread(platform):
    account = platform.sign_up()
    chat = platform.chat(account.access)
    first = chat.run()
    thread_id = first.final["thread_id"]
    second = chat.run("And what about 4 million GPT-4o tokens?", thread_id=thread_id)
    assert second.final["thread_id"] == thread_id
    assert {f["run_id"] for _, f, _ in first.events}.isdisjoint(f["run_id"] for _, f, _ in second.events)
    page = platform.api("GET", f"/api/threads/{thread_id}/messages", account.access).json()
    assert page["total"] == 4
    chat.close()


def test_unknown_or_foreign_thread_gets_an_error_and_no_run(platform):
    owner = platform.sign_up("owner")
    foreign = platform.api("POST", "/api/threads", owner.access, json={}).json()["id"]
    chat = platform.chat(platform.sign_up("other").access)
    for thread_id in ("thread_does_not_exist", foreign, 42):
        chat.ask(COST_QUESTION, thread_id=thread_id)
        reply = recv_json(chat.ws, 3)
        assert reply["type"] == "error_message" and reply["error_code"] and reply["error_message"]
        assert quiet_for(chat.ws, 0.15) == []
    assert platform.api("GET", f"/api/threads/{foreign}/messages", owner.access).json()["total"] == 0
    chat.close()


def test_ping_gets_pong(platform):
    chat = platform.chat(platform.sign_up().access)
    chat.send({"type": "ping"})
    assert recv_json(chat.ws, 3)["type"] == "pong"
    chat.close()


@pytest.mark.parametrize("bad", [
    "{not json", "[1, 2]", "42", json.dumps({"type": "teleport"}), json.dumps({"no": "type"}),
    json.dumps({"type": "user_message", "payload": {}}),
    json.dumps({"type": "user_message", "payload": {"content": "   "}}),
    json.dumps({"type": "user_message", "payload": {"content": 12}}),
    json.dumps({"type": "start_agent", "payload": {"thread_id": None}}),
])
def test_bad_input_gets_error_message_and_the_connection_stays_usable(platform, bad):
    chat = platform.chat(platform.sign_up().access)
    chat.send(bad)
    reply = recv_json(chat.ws, 3)
    assert reply["type"] == "error_message", reply
    assert reply["error_code"] and reply["error_message"]
    assert_golden_run(chat.run())
    chat.close()


def test_binary_frame_is_bad_input_not_a_crash(platform):
    chat = platform.chat(platform.sign_up().access)
    chat.ws.send(b"\x00\x01")
    assert recv_json(chat.ws, 3)["type"] == "error_message"
    chat.close()


def test_a_frame_over_64_kib_closes_1009(platform):
    chat = platform.chat(platform.sign_up().access)
    chat.ask("x" * (64 * 1024 + 10))
    code, _, _ = closed_with(chat.ws)
    assert code == 1009


def test_client_close_is_answered_with_1000(platform):
    chat = platform.chat(platform.sign_up().access)
    chat.close()
    assert chat.ws.close_code == 1000


def test_runs_on_one_connection_may_overlap(platform):
    chat = platform.chat(platform.sign_up().access)
    chat.ask(COST_QUESTION)
    chat.ask("Compare GPT-4o and Claude 3.5 Haiku for 1 million tokens a month")
    by_run: dict[str, list[str]] = {}
    done = 0
    while done < 2:
        frame = recv_json(chat.ws, 5)
        by_run.setdefault(frame["run_id"], []).append(frame["type"])
        done += frame["type"] == "agent_completed"
    assert len(by_run) == 2
    for kinds in by_run.values():
        assert kinds[0] == "agent_started" and kinds[-1] == "agent_completed"
    chat.close()


def test_events_go_only_to_the_connection_that_asked(platform):
    alice, bob = platform.sign_up("alice"), platform.sign_up("bob")
    alice_chat, alice_other_tab = platform.chat(alice.access), platform.chat(alice.access)
    bob_chat = platform.chat(bob.access)
    heard: list[dict] = []
    listener = threading.Thread(target=lambda: heard.extend(quiet_for(bob_chat.ws, 0.6)))
    listener.start()
    assert_golden_run(alice_chat.run())
    listener.join()
    assert heard == []
    assert quiet_for(alice_other_tab.ws, 0.05) == []
    for chat in (alice_chat, alice_other_tab, bob_chat):
        chat.close()


def test_injected_failure_ends_with_a_plain_agent_error(platform):
    chat = platform.chat(platform.sign_up().access)
    platform.faults(fail_next_runs=1)
    turn = chat.run()
    assert turn.kinds()[0] == "agent_started" and turn.kinds()[-1] == "agent_error"
    message = turn.first("agent_error")["error_message"]
    assert message.endswith(".") and "Traceback" not in message and "File \"" not in message
    assert_golden_run(chat.run())           # the connection stays usable, the fault is used up
    chat.close()


def test_heartbeats_when_switched_on(start_platform):
    p = start_platform("--heartbeat-ms", "100")
    chat = p.chat(p.sign_up().access)
    frame = recv_json(chat.ws, 2)
    assert frame["type"] == "heartbeat" and frame["timestamp"]
    chat.close()
