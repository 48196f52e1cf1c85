"""``--dialect netra`` and ``--chatter``: each really changes what goes on the wire."""

from __future__ import annotations

import json
import time


from refplatform_harness import COST_QUESTION

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
    assert isinstance(final["result"]["response"], str) and "final_response" not in final
    assert "thread_id" in run[0] and "thread_id" in final
    assert not any("thread_id" in f for f in run if f["type"] == "agent_thinking")
    ws.close()


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
