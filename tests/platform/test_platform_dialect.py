"""``--dialect netra`` and ``--chatter``: each really changes what goes on the wire."""

from __future__ import annotations

import json
import time


from refplatform_harness import COST_QUESTION, collect_turn, recv_json
from reference_platform.limits import MAX_QUESTION_CHARS

NETRA_RUN = ["agent_started", "agent_thinking", "tool_executing", "tool_completed", "agent_completed"]


def _frames_until_completed(ws, timeout: float = 8) -> list:
    frames, deadline = [], time.monotonic() + timeout
    while time.monotonic() < deadline:
        frame = json.loads(ws.recv(timeout=deadline - time.monotonic()))
        frames.append(frame)
        if isinstance(frame, dict) and frame.get("type") == "agent_completed":
            return frames
    raise AssertionError(f"no agent_completed within {timeout} s: {frames}")


def test_netra_speaks_each_chat_difference(start_platform):
    p = start_platform("--dialect", "netra")
    account = p.sign_up()
    ws = p.connect(account.access, via="subprotocol")
    assert ws.subprotocol.startswith("jwt.")                       # the token-bearing one
    established = json.loads(ws.recv(timeout=5))
    assert established["data"]["user_id"] == account.user_id[:8] + "..."
    ws.send(json.dumps({"type": "user_message", "payload": {"content": COST_QUESTION, "thread_id": None}}))
    frames = _frames_until_completed(ws)
    run = [f for f in frames if f["type"] in NETRA_RUN]
    assert {f["type"] for f in run} == set(NETRA_RUN)
    tools = [f for f in run if f["type"].startswith("tool_")]
    assert tools and not any("execution_id" in f for f in tools)
    done = next(f for f in run if f["type"] == "tool_completed")
    assert "execution_time_ms" in done and "duration_ms" not in done
    final = run[-1]
    assert isinstance(final["result"]["response"], str) and final["final_response"] == final["result"]
    assert "thread_id" in final                                    # the scoped emitter's context
    assert not any("thread_id" in f for f in run[:-1]), run[:-1]   # the bridge's notifications
    ws.close()


def test_netra_answer_is_under_data_result_in_the_nested_shape(start_platform):
    """The bridge's own notification form (agent_websocket_bridge.py:2718-2729): data.result."""
    p = start_platform("--dialect", "netra", "--shape", "nested")
    chat = p.chat(p.sign_up().access)
    final = _raw_completion(chat)
    assert final["data"]["result"] == {"response": final["data"]["final_response"]["response"]}
    assert isinstance(final["data"]["result"]["response"], str) and "result" not in final
    chat.close()


def test_netra_agent_error_says_why_under_error(start_platform):
    """unified_emitter.py:776-780: {"error": ..., "status": "error"}, and no conversation id."""
    p = start_platform("--dialect", "netra")
    chat = p.chat(p.sign_up().access)
    p.faults(fail_next_runs=1)
    error = collect_turn(chat, chat.ask(COST_QUESTION), 8, 0).first("agent_error")
    assert error["status"] == "error" and "could not finish" in error["error"], error
    assert "error_message" not in error and "thread_id" not in error and error["run_id"], error
    chat.close()


def _raw_completion(chat) -> dict:
    chat.ask(COST_QUESTION)
    return next(f for f in _frames_until_completed(chat.ws) if f.get("type") == "agent_completed")


def test_netra_refuses_in_each_of_beta17s_error_forms(start_platform):
    p = start_platform("--dialect", "netra")
    lena, sam = p.sign_up("lena"), p.sign_up("sam")
    lenas = p.chat(lena.access)
    thread_id = collect_turn(lenas, lenas.ask(COST_QUESTION), 8, 0).final["thread_id"]
    chat = p.chat(sam.access)
    # message alone (services/message_handlers.py:398, 467, 666)
    for frame in ({"type": "user_message", "payload": {"content": "  ", "thread_id": None}},
                  {"type": "user_message", "payload": {"content": COST_QUESTION, "thread_id": thread_id}},
                  {"type": "order_pizza", "payload": {}}):
        chat.send(frame)
        refusal = until(chat.ws, {"error", "error_message", "agent_started"})
        assert set(refusal) == {"type", "message", "timestamp"} and refusal["type"] == "error", refusal
        assert refusal["message"].strip(), refusal
    # error and code side by side for a frame that is not JSON (routes/utils/websocket_helpers.py:469-481)
    chat.send('{"type": "user_message", "payload": {"content": "How much')
    refusal = until(chat.ws, {"error", "error_message"})
    assert refusal["code"] == "PARSING_ERROR" and isinstance(refusal["error"], str) and refusal["error"], refusal
    # error.{code, message} for the rest (websocket_core/utils.py:1167-1176)
    chat.ask("x" * (MAX_QUESTION_CHARS + 1))
    refusal = until(chat.ws, {"error", "error_message"})
    assert refusal["type"] == "error" and refusal["error"]["code"] == "MESSAGE_TOO_LARGE", refusal
    assert "shorten" in refusal["error"]["message"] and "error_code" not in refusal, refusal
    lenas.close(), chat.close()


def until(ws, kinds: set, timeout: float = 8.0) -> dict:
    """The first frame of one of ``kinds`` (a TimeoutError when none comes)."""
    deadline = time.monotonic() + timeout
    while True:
        frame = recv_json(ws, deadline - time.monotonic())
        if isinstance(frame, dict) and frame.get("type") in kinds:
            return frame


def test_the_contract_refuses_with_error_message(start_platform):
    """Without the dialect the same refusals keep the contract's error_message form."""
    chat = (p := start_platform()).chat(p.sign_up().access)
    chat.send({"type": "order_pizza", "payload": {}})
    refusal = until(chat.ws, {"error", "error_message"})
    assert refusal["type"] == "error_message" and refusal["error_code"] == "UNKNOWN_MESSAGE_TYPE", refusal
    chat.close()


def test_netra_speaks_each_http_difference(start_platform):
    p = start_platform("--dialect", "netra")
    token = p.sign_up().access
    assert p.api("GET", "/api/health", None).status_code == 404
    assert p.api("GET", "/api/health/ready", None).json() == {"status": "ok"}
    assert p.api("GET", "/api/discovery/services", None).json()["available"] is False
    server = p.api("GET", "/api/mcp/servers", None).json()["data"][0]
    assert server["capabilities"] == {"tools": True, "resources": True, "prompts": True}
    thread = p.api("POST", "/api/threads", token, json={"title": "Budget"}).json()
    assert thread["updated_at"] is None
    assert p.api("POST", "/api/agents/execute", token, json={"message": COST_QUESTION}).status_code == 422
    reply = p.api("POST", "/api/agents/execute", token, json={"message": COST_QUESTION, "type": "triage"}).json()
    assert reply["status"] == "success" and reply["agent"] == "triage" and "thread_id" not in reply
    listed = p.api("GET", "/api/threads", token).json()
    answered = next(t for t in listed if t["message_count"] == 2)
    assert answered["updated_at"] is not None                   # it changed: it has a time
    messages = p.api("GET", f"/api/threads/{answered['id']}/messages", token).json()["messages"]
    assert messages[0]["content"] == [{"type": "text", "text": {"value": COST_QUESTION}}]


def test_chatter_interleaves_frames_of_kinds_the_contract_does_not_name(start_platform):
    p = start_platform("--chatter")
    chat_ws = p.connect(p.sign_up().access)
    chat_ws.send(json.dumps({"type": "user_message", "payload": {"content": COST_QUESTION, "thread_id": None}}))
    frames = _frames_until_completed(chat_ws)
    kinds = {f.get("type") if isinstance(f, dict) else type(f).__name__ for f in frames}
    assert {"typing", "status", "metrics", "connection_error"} <= kinds
    assert {"int", "list", "NoneType"} & kinds
    assert "connection_established" in kinds and "agent_completed" in kinds
    chat_ws.close()


def test_without_the_switches_nothing_changes(start_platform):
    p = start_platform()
    account = p.sign_up()
    ws = p.connect(account.access, via="subprotocol")
    assert ws.subprotocol == "jwt-auth"
    assert json.loads(ws.recv(timeout=5))["data"]["user_id"] == account.user_id
    ws.close()
    assert "checks" in p.api("GET", "/api/health", None).json()
