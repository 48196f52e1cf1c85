"""Every defect switch really produces its defect, and the clean platform shows none.

Each probe answers one question, "is this defect visible?", by doing what the
suite would do. The clean platform must answer no to every probe; a platform
with exactly one switch on must answer yes to that switch's probe. Together
that shows each switch changes behaviour, and that each probe can fail.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

import pytest

from reference_platform.switches import DEFECTS
import httpx
import jwt
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import connect

from refplatform_harness import COST_QUESTION, RunningPlatform, closed_with, quiet_for, recv_json

Probe = Callable[[RunningPlatform], bool]
PROBES: dict[str, Probe] = {}


def probe(name: str) -> Callable[[Probe], Probe]:
    def register(function: Probe) -> Probe:
        PROBES[name] = function
        return function
    return register


def turn(p: RunningPlatform, settle: float = 0.0):
    chat = p.chat(p.sign_up().access)
    try:
        return chat.run(COST_QUESTION, settle=settle)
    finally:
        chat.close()


def first_reply(ws, timeout: float = 2.0) -> dict | tuple[int | None, str | None] | None:
    """The first frame, or (code, reason) if the server closed instead, or None if silent."""
    try:
        return recv_json(ws, timeout)
    except ConnectionClosed:
        return ws.close_code, ws.close_reason
    except TimeoutError:
        return None


def ws_close_after(p: RunningPlatform, frame: str) -> tuple[int | None, str | None] | dict | None:
    chat = p.chat(p.sign_up().access)
    chat.send(frame)
    return first_reply(chat.ws)


@probe("close-after-first-frame")
def _(p):
    return ws_close_after(p, '{"type": "ping"}') == (1000, "main cleanup")


@probe("close-before-established")
def _(p):
    return first_reply(p.connect(p.sign_up().access)) == (1000, "main cleanup")


@probe("no-reply")
def _(p):
    chat = p.chat(p.sign_up().access)
    chat.ask(COST_QUESTION)
    if first_reply(chat.ws, 1.0) is not None:
        return False
    chat.send({"type": "ping"})               # the defect is "no handler", not a dead socket
    reply = first_reply(chat.ws)
    return isinstance(reply, dict) and reply["type"] == "pong"


@probe("echo-answer")
def _(p):
    run = turn(p)
    return (run.final["final_response"].startswith("This is a simulated response to:")
            and "tool_executing" not in run.kinds())


@probe("demo-auth")
def _(p):
    reply = first_reply(p.connect(None))
    return isinstance(reply, dict) and reply.get("data", {}).get("user_id") == "demo-user"


@probe("auth-close-1011")
def _(p):
    return closed_with(p.connect(p.mint(secret="x" * 40)))[0] == 1011


@probe("health-unhealthy")
def _(p):
    api = p.http.get(f"{p.backend}/api/health").json()
    return p.http.get(f"{p.backend}/health").status_code == 503 and api["status"] == "unhealthy"


@probe("events-out-of-order")
def _(p):
    return turn(p).kinds()[0] != "agent_started"


@probe("missing-tool-completed")
def _(p):
    kinds = turn(p).kinds()
    return kinds.count("tool_executing") != kinds.count("tool_completed")


@probe("double-completion")
def _(p):
    return turn(p, settle=0.3).kinds().count("agent_completed") == 2


@probe("event-after-completion")
def _(p):
    kinds = turn(p, settle=0.3).kinds()
    return kinds[-1] != "agent_completed"


@probe("cross-user-events")
def _(p):
    bob = p.chat(p.sign_up("bob").access)
    heard: list[dict] = []
    listener = threading.Thread(target=lambda: heard.extend(quiet_for(bob.ws, 0.4)))
    listener.start()
    turn(p)
    listener.join()
    bob.close()
    return any(frame.get("type") == "agent_completed" for frame in heard)


@probe("history-not-stored")
def _(p):
    account = p.sign_up()
    chat = p.chat(account.access)
    thread_id = chat.run().final["thread_id"]
    chat.close()
    return p.api("GET", f"/api/threads/{thread_id}/messages", account.access).json()["total"] == 0


@probe("reusable-refresh-token")
def _(p):
    refresh = p.sign_up().refresh
    codes = [p.http.post(f"{p.auth}/auth/refresh", json={"refresh_token": refresh}).status_code
             for _ in range(2)]
    return codes == [200, 200]


@probe("expired-tokens-accepted")
def _(p):
    expired = p.mint(iat=int(time.time()) - 120, exp=int(time.time()) - 60)
    return p.api("GET", "/api/threads", expired).status_code == 200


@probe("logout-not-revoking")
def _(p):
    access = p.sign_up().access
    p.http.post(f"{p.auth}/auth/logout", headers={"Authorization": f"Bearer {access}"})
    return p.api("GET", "/api/threads", access).status_code == 200


@probe("alg-none-accepted")
def _(p):
    unsigned = p.mint(algorithm="none")
    backend = p.api("GET", "/api/threads", unsigned).status_code == 200
    reply = first_reply(p.connect(unsigned))
    return backend and isinstance(reply, dict) and reply["type"] == "connection_established"


@probe("refresh-as-access")
def _(p):
    return p.api("GET", "/api/threads", p.sign_up().refresh).status_code == 200


@probe("foreign-thread-readable")
def _(p):
    owner, other = p.sign_up("owner").access, p.sign_up("other").access
    thread_id = p.api("POST", "/api/threads", owner, json={}).json()["id"]
    return (p.api("GET", f"/api/threads/{thread_id}", other).status_code == 200
            and p.api("GET", f"/api/threads/{thread_id}/messages", other).status_code == 200)


@probe("slow-answer")
def _(p):
    run = turn(p)
    return run.events[-1][2] - run.sent_at >= 2.3


@probe("slow-first-event")
def _(p):
    run = turn(p)
    return run.events[0][2] - run.sent_at >= 1.3


@probe("traceback-on-malformed-json")
def _(p):
    auth = p.http.post(f"{p.auth}/auth/login", content=b"{oops")
    backend = p.api("POST", "/api/threads", p.sign_up().access, content=b"{oops")
    return all(r.status_code == 500 and "Traceback (most recent call last)" in r.text
               for r in (auth, backend))


@probe("duplicate-email-accepted")
def _(p):
    account = p.sign_up()
    again = p.http.post(f"{p.auth}/auth/register",
                        json={"email": account.email, "password": "another password"})
    return again.status_code in (200, 201)


@probe("events-without-run-id")
def _(p):
    return all("run_id" not in fields for _, fields, _ in turn(p).events)


@probe("malformed-frame-kills-connection")
def _(p):
    return ws_close_after(p, "{not json") == (1011, "internal error")


@probe("unknown-type-kills-connection")
def _(p):
    return ws_close_after(p, '{"type": "teleport"}') == (1011, "internal error")


@probe("renamed-field")
def _(p):
    final = turn(p).final
    return "final_answer" in final and "final_response" not in final


@probe("wrong-type")
def _(p):
    completed = [f for kind, f, _ in turn(p).events if kind == "tool_completed"]
    return any(isinstance(f["duration_ms"], str) for f in completed)


@probe("leaky-agent-error")
def _(p):
    p.faults(fail_next_runs=1)
    try:
        error = turn(p).first("agent_error")
    finally:
        p.faults(clear=True)
    return "Traceback (most recent call last)" in error["error_message"]


@probe("login-reveals-unknown-email")
def _(p):
    account = p.sign_up()
    wrong = p.http.post(f"{p.auth}/auth/login", json={"email": account.email, "password": "nope nope"})
    unknown = p.http.post(f"{p.auth}/auth/login", json={"email": "no@example.com", "password": "nope"})
    return wrong.json()["detail"] != unknown.json()["detail"]


@probe("discovery-wrong-urls")
def _(p):
    services = p.http.get(f"{p.backend}/api/discovery/services").json()["services"]
    return services["backend"]["url"] != p.backend and services["auth"]["url"] != p.auth


@probe("threads-oldest-first")
def _(p):
    token = p.sign_up().access
    first = p.api("POST", "/api/threads", token, json={"title": "older"}).json()["id"]
    p.api("POST", "/api/threads", token, json={"title": "newer"})
    return p.api("GET", "/api/threads", token).json()[0]["id"] == first


@probe("ping-unanswered")
def _(p):
    chat = p.chat(p.sign_up().access)
    chat.send({"type": "ping"})
    return first_reply(chat.ws, 1.0) is None


def ticket(p: RunningPlatform, access: str | None = None, **body) -> str:
    reply = p.api("POST", "/api/websocket/ticket", access or p.sign_up().access, json=body)
    return reply.json()["ticket_id"]


def ticket_opens(p: RunningPlatform, ticket_id: str) -> bool:
    """The chat greets a connection that carries only ``ticket_id``."""
    ws = connect(f"{p.ws_url}?ticket={ticket_id}", open_timeout=5, legacy=True)
    try:
        reply = first_reply(ws)
        return isinstance(reply, dict) and reply.get("type") == "connection_established"
    finally:
        ws.close()


@probe("tickets-refused")
def _(p):
    return not ticket_opens(p, ticket(p))


@probe("ticket-reusable")
def _(p):
    ticket_id = ticket(p)
    return ticket_opens(p, ticket_id) and ticket_opens(p, ticket_id)


@probe("ticket-never-expires")
def _(p):
    ticket_id = ticket(p, ttl_seconds=1)
    time.sleep(1.3)
    return ticket_opens(p, ticket_id)


@probe("ticket-unknown-accepted")
def _(p):
    return ticket_opens(p, "made-up-" + "x" * 24)


@probe("ticket-reuse-while-open")
def _(p):
    ticket_id = ticket(p)
    first = connect(f"{p.ws_url}?ticket={ticket_id}", open_timeout=5, legacy=True)
    try:
        first_reply(first)
        return ticket_opens(p, ticket_id)
    finally:
        first.close()


@probe("leak-source-line")
def _(p):
    reply = p.api("POST", "/api/threads", p.sign_up().access, content=b"{oops")
    debug = reply.json().get("debug") or {}
    return (reply.status_code == 422 and "stack_trace" in debug
            and any(".py:" in line and " in " in line for line in debug["stack_trace"]))


@probe("expires-in-mismatch")
def _(p):
    account = p.sign_up()
    claims = jwt.decode(account.access, options={"verify_signature": False})
    pair = p.http.post(f"{p.auth}/auth/login",
                       json={"email": account.email, "password": account.password}).json()
    return abs((claims["exp"] - claims["iat"]) - pair["expires_in"]) > 60


@probe("no-heartbeat")
def _(p):
    """Asked for a heartbeat every 20 ms (EXTRA_FLAGS), the chat stays silent."""
    if "--heartbeat-ms" not in p.args:
        return False
    chat = p.chat(p.sign_up().access)
    deadline = time.monotonic() + 0.3
    try:
        while (remaining := deadline - time.monotonic()) > 0:
            if recv_json(chat.ws, remaining).get("type") == "heartbeat":
                return False
    except TimeoutError:
        pass
    finally:
        chat.close()
    return True


@probe("follow-up-without-context")
def _(p):
    chat = p.chat(p.sign_up().access)
    try:
        first = chat.run("How much would 2 million Claude 3.5 Sonnet tokens a month cost?")
        follow_up = chat.run("And for 10 million?", thread_id=first.final["thread_id"])
    finally:
        chat.close()
    return "Claude 3.5 Sonnet" not in follow_up.final["final_response"]


@probe("comparison-names-one-model")
def _(p):
    chat = p.chat(p.sign_up().access)
    try:
        answer = chat.run("Compare the cost of GPT-4o and Claude 3.5 Sonnet for 10 million tokens a "
                          "month").final["final_response"]
    finally:
        chat.close()
    return "GPT-4o" in answer and "Claude 3.5 Sonnet" not in answer




# -- CONTRACT section 9 (tests/platform/test_platform_stop_an_answer.py, _at_once, _limits, _off_topic and
# _conversations show each in full) --------------------------------------------------------------

DETAILED = "How could we cut our GPT-4o costs at 20 million tokens a month? Explain in detail."
EXTRA_FLAGS = {   # each defect shows only where its behaviour is switched on
    "no-heartbeat": ("--heartbeat-ms", "20"),
    "rate-limit-never-resets": ("--rate-limit", "1", "--rate-window-s", "1"),
}


def until(chat, kinds: set, timeout: float = 8.0) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        frame = recv_json(chat.ws, deadline - time.monotonic())
        if frame.get("type") in kinds:
            return frame


def stopped_by(p: RunningPlatform, stranger: bool) -> bool:
    sams = p.chat(p.sign_up().access)
    stopper = p.chat(p.sign_up().access) if stranger else sams
    sams.ask(DETAILED)
    run_id = until(sams, {"agent_started"})["run_id"]
    stopper.send({"type": "stop_agent", "payload": {"run_id": run_id}})
    return until(stopper, {"agent_stopped", "agent_completed", "error_message"})["type"] == "agent_stopped"


@probe("stop-ignored")
def _(p):
    return not stopped_by(p, stranger=False)


@probe("stop-anyones-answer")
def _(p):
    return stopped_by(p, stranger=True)


@probe("answers-to-latest-device")
def _(p):
    access = p.sign_up().access
    laptop, phone = p.chat(access), p.chat(access)
    laptop.ask(COST_QUESTION)
    return quiet_for(laptop.ws, 1.0) == [] and quiet_for(phone.ws, 0.2) != []


@probe("overlapping-runs-share-id")
def _(p):
    chat = p.chat(p.sign_up().access)
    chat.ask(DETAILED), chat.ask(COST_QUESTION)
    return len({until(chat, {"agent_started"})["run_id"] for _ in range(2)}) == 1


@probe("half-answer-on-drop")
def _(p):
    account = p.sign_up()
    chat = p.chat(account.access)
    chat.ask(DETAILED)
    thread_id = until(chat, {"agent_started"})["thread_id"]
    chat.ws.socket.close()
    deadline = time.monotonic() + 8
    while time.monotonic() < deadline:
        held = p.api("GET", f"/api/threads/{thread_id}/messages", account.access).json()["messages"]
        if len(held) == 2:
            return not held[1]["content"].endswith(".")
        time.sleep(0.2)
    return False


@probe("rate-limit-never-resets")
def _(p):
    chat = p.chat(p.sign_up().access)
    chat.ask(COST_QUESTION), chat.ask(COST_QUESTION)
    quiet_for(chat.ws, 1.2)
    chat.ask(COST_QUESTION)
    return until(chat, {"error_message", "agent_started"})["type"] == "error_message"


@probe("long-question-truncated")
def _(p):
    chat = p.chat(p.sign_up().access)
    chat.ask(COST_QUESTION + " x" * 20_000)
    return until(chat, {"error_message", "agent_started"})["type"] == "agent_started"


@probe("off-topic-made-up-costs")
def _(p):
    chat = p.chat(p.sign_up().access)
    chat.ask("What is a good recipe for a vegetable lasagne?")
    return "$" in until(chat, {"agent_completed"})["final_response"]


@probe("foreign-thread-writable")
def _(p):
    lenas = p.chat(p.sign_up().access)
    lenas.ask(COST_QUESTION)
    thread_id = until(lenas, {"agent_completed"})["thread_id"]
    sams = p.chat(p.sign_up().access)
    sams.ask("What did Lena ask?", thread_id=thread_id)
    return until(sams, {"error_message", "agent_started"})["type"] == "agent_started"


@probe("follow-up-across-conversations")
def _(p):
    chat = p.chat(p.sign_up().access)
    chat.ask("How much would 2 million Claude 3.5 Sonnet tokens a month cost?")
    until(chat, {"agent_completed"})
    chat.ask("And for 10 million tokens a month?")
    return "Claude 3.5 Sonnet" in until(chat, {"agent_completed"})["final_response"]


def complete_answer(p: RunningPlatform) -> httpx.Response:
    return p.api("POST", "/api/agents/execute", p.sign_up().access, json={"message": COST_QUESTION})


@probe("fallback-answer")
def _(p):
    reply = complete_answer(p)
    return reply.status_code == 200 and reply.json()["response"] == (
        f"Fallback triage agent response: Successfully processed '{COST_QUESTION}' using recovery mechanism")


@probe("mock-answer")
def _(p):
    reply = complete_answer(p)
    return reply.status_code == 200 and reply.json()["response"] == f"Mock triage agent response for: {COST_QUESTION}"


@probe("execute-failed-200")
def _(p):
    reply = complete_answer(p)
    body = reply.json()
    return reply.status_code == 200 and body["status"] == "error" and body["error"] and "response" not in body


@probe("chat-fallback-answer")
def _(p):
    return turn(p).final["final_response"].startswith(f"I've processed your message: '{COST_QUESTION}'.")


@probe("completion-without-text")
def _(p):
    return turn(p).final["final_response"] == {"status": "completed", "success": True}


@probe("error-frame-leak")
def _(p):
    reply = ws_close_after(p, "{not json")
    return isinstance(reply, dict) and "Failed to get conversation history: Traceback (most recent call last)" \
        in str(reply.get("error_message", reply.get("message")))


@probe("error-frame-mid-run")
def _(p):
    chat = p.chat(p.sign_up().access)
    chat.ask(COST_QUESTION)
    frames = quiet_for(chat.ws, 1.0)
    words = str(frames[-1].get("error_message", frames[-1].get("message"))) if frames else ""
    return [f["type"] for f in frames][:1] == ["agent_started"] and len(frames) == 2 \
        and words.startswith("Message processing failed: ")


@probe("stopped-answer-written-late")
def _(p):
    account = p.sign_up()
    chat = p.chat(account.access)
    chat.ask(DETAILED)
    started = until(chat, {"agent_started"})
    chat.send({"type": "stop_agent", "payload": {"run_id": started["run_id"]}})
    if until(chat, {"agent_stopped", "agent_completed"})["type"] != "agent_stopped":
        return False
    path = f"/api/threads/{started['thread_id']}/messages"
    at_once = p.api("GET", path, account.access).json()["messages"]
    time.sleep(5.0)          # the detailed answer takes about 4 s in all: it would have finished
    later = p.api("GET", path, account.access).json()["messages"]
    return [m["role"] for m in at_once] == ["user"] and [m["role"] for m in later] == ["user", "assistant"]


def test_every_defect_switch_has_a_probe():
    assert sorted(PROBES) == sorted(DEFECTS)


def test_the_clean_platform_shows_no_defect(platform):
    shown = [name for name, check in PROBES.items() if check(platform)]
    assert shown == []


@pytest.mark.parametrize("name", sorted(DEFECTS))
def test_each_defect_switch_produces_its_defect(start_platform, name):
    p = start_platform("--defect", name, *EXTRA_FLAGS.get(name, ()))
    assert PROBES[name](p), f"--defect {name} did not show: {DEFECTS[name]}"
