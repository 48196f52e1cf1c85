"""The real platform's dialect (CONTRACT.md section 8), spoken with ``--dialect netra``.

Every difference the real platform shows without being wrong, in one place, so
the suite can prove each journey passes *and* still catches its defects under
the dialect. Read from the real platform's behaviour (its greeting, its tool
events, its health and execute endpoints), written here from the contract's
table; nothing is copied. Each function is the identity for the contract's own
dialect, so the apps call them unconditionally.

What the real platform leaves out and sends is read from its source, Netra Apex
beta-17 (netra-systems/zen, ``netra_backend/app``), cited below as file:line:

- run events that name only the run: ``agent_started`` (services/agent_websocket_bridge.py:2090-2101),
  ``agent_thinking`` (:2274), ``tool_executing`` (:2419-2430), ``tool_completed`` (:2571) and
  ``agent_error`` (:2840-2850; websocket_core/unified_emitter.py:774-781) carry no ``thread_id``.
  ``agent_completed`` goes out through the scoped emitter (agent_websocket_bridge.py:2756), which
  adds the context's run and conversation (unified_emitter.py:526-531): it names both.
- ``agent_completed`` holds the answer as an object, in ``final_response`` and ``result`` at the
  top (websocket_core/unified_manager.py:819-829, from the bridge's ``result``,
  agent_websocket_bridge.py:2718-2729); ``--shape nested`` gives the bridge's ``data.result`` form.
- ``agent_error`` says why under ``error``, with ``status: error`` (unified_emitter.py:776-780).
- refusals are ``{"type": "error"}`` frames, in three forms: ``message`` alone for an empty
  message, someone else's thread and an unknown type (services/message_handlers.py:398, 467,
  666); ``error`` and ``code`` side by side for a frame that is not JSON
  (routes/utils/websocket_helpers.py:469-481); ``error.{code, message}`` for the rest
  (websocket_core/utils.py:1167-1176).

``--chatter`` (on its own, or with the dialect) interleaves frames of kinds the
contract does not name, at any time: the suite must record and ignore them.
"""

from __future__ import annotations

import itertools
from collections.abc import Awaitable, Callable

from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Route

Endpoint = Callable[[Request], Awaitable[Response]]

DIALECTS: dict[str, str] = {
    "netra": "the real platform's differences from the contract (CONTRACT.md section 8), all at once",
}
SHORT_ID_CHARS = 8
CONTRACT = ""          # the name of the contract's own dialect: no difference

# Frames of kinds the contract does not name, as a real platform sends them between its own.
CHATTER: tuple[object, ...] = (
    {"type": "typing", "data": {"is_typing": True}},
    42,
    {"type": "status", "data": {"state": "working", "queue": 0}},
    [1, "two"],
    {"type": "metrics", "data": {"active_connections": 1, "latency_ms": 3.2}},
    None,
    {"type": "connection_error", "data": {"recoverable": True, "message": "transient, ignored"}},
    {"data": {"note": "a frame without a type"}},
    {"type": "agent_progress", "data": {"event": "agent_update", "progress": 0.5}},
    {"type": 7, "data": {"note": "a type that is not text"}},
    {"type": "system_message", "data": {"message": "All systems normal."}},
)


def chatter_frames():
    """An endless, repeating supply of chatter frames."""
    return itertools.cycle(CHATTER)


def speaks(dialect: str) -> bool:
    if dialect not in (CONTRACT, *DIALECTS):
        raise KeyError(f"no dialect named {dialect!r}")
    return dialect == "netra"


# -- the chat ----------------------------------------------------------------------------
def greeting_user(dialect: str, user_id: str) -> str:
    return user_id[:SHORT_ID_CHARS] + "..." if speaks(dialect) else user_id


def subprotocol(dialect: str, offered: list[str]) -> str | None:
    """The contract selects jwt-auth; the real platform selects the one carrying the token."""
    if speaks(dialect):
        carrying = next((p for p in offered if p.startswith("jwt.")), None)
        if carrying:
            return carrying
    return "jwt-auth" if "jwt-auth" in offered else None


# Events beta-17 sends without the conversation's id (see the module's docstring for file:line).
RUN_EVENTS_WITHOUT_THREAD = ("agent_started", "agent_thinking", "tool_executing", "tool_completed",
                             "agent_error")
# Refusals beta-17 words with ``message`` alone (services/message_handlers.py:398, 467, 666).
MESSAGE_ONLY_REFUSALS = ("MISSING_CONTENT", "THREAD_NOT_FOUND", "UNKNOWN_MESSAGE_TYPE")
NOT_JSON = "INVALID_JSON"
NOT_JSON_CODE = "PARSING_ERROR"         # routes/utils/websocket_helpers.py:475


def run_event(dialect: str, event: str, fields: dict) -> dict:
    """A run event's fields as the real platform words them (after the defect switches)."""
    if not speaks(dialect):
        return fields
    out = dict(fields)
    if event in ("tool_executing", "tool_completed"):
        out.pop("execution_id", None)
    if event == "tool_completed" and "duration_ms" in out:
        out["execution_time_ms"] = out.pop("duration_ms")
    if event == "agent_completed" and "final_response" in out:
        answer = {"response": out.pop("final_response")}
        out["final_response"], out["result"] = answer, dict(answer)
    if event == "agent_error" and "error_message" in out:
        out["error"], out["status"] = out.pop("error_message"), "error"
    if event in RUN_EVENTS_WITHOUT_THREAD:
        out.pop("thread_id", None)      # only the run's completion names the conversation
    return out


def refusal(dialect: str, code: str, message: str) -> tuple[str, dict]:
    """A refusal's kind and fields: the contract's ``error_message``, or beta-17's ``error`` forms."""
    if not speaks(dialect):
        return "error_message", {"error_code": code, "error_message": message}
    if code in MESSAGE_ONLY_REFUSALS:
        return "error", {"message": message}
    if code == NOT_JSON:
        return "error", {"error": message, "code": NOT_JSON_CODE, "recoverable": True}
    return "error", {"error": {"code": code, "message": message}}


# -- HTTP --------------------------------------------------------------------------------
CONTRACT_HEALTH_PATH = "/api/health"
HEALTH_READY_PATH = "/api/health/ready"


def routes(dialect: str, contract_routes: list[BaseRoute], ready: Endpoint) -> list[BaseRoute]:
    """The real platform has no ``/api/health``; its readiness is ``ready`` at ``/api/health/ready``."""
    if not speaks(dialect):
        return contract_routes
    return [Route(HEALTH_READY_PATH, ready, methods=["GET"])
            if isinstance(route, Route) and route.path == CONTRACT_HEALTH_PATH else route
            for route in contract_routes]


def thread(dialect: str, body: dict, changed: bool) -> dict:
    if speaks(dialect) and not changed:
        return {**body, "updated_at": None}
    return body


def message(dialect: str, body: dict) -> dict:
    if speaks(dialect) and isinstance(body.get("content"), str):
        return {**body, "content": [{"type": "text", "text": {"value": body["content"]}}]}
    return body


def discovery(dialect: str, body: dict) -> dict:
    return {**body, "available": False} if speaks(dialect) else body


def tool_server(dialect: str, server: dict) -> dict:
    if speaks(dialect):
        return {**server, "capabilities": {"tools": True, "resources": True, "prompts": True}}
    return server


def execute_reply(dialect: str, contract_reply: dict, agent_type: str | None) -> dict:
    if not speaks(dialect):
        return contract_reply
    return {"status": "success", "agent": agent_type, "response": contract_reply["response"],
            "execution_time": contract_reply["execution_time"], "circuit_breaker_state": "CLOSED"}
