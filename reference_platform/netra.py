"""The real platform's dialect (CONTRACT.md section 8), spoken with ``--dialect netra``.

Every difference the real platform shows without being wrong, in one place, so
the suite can prove each journey passes *and* still catches its defects under
the dialect. Read from the real platform's behaviour (its greeting, its tool
events, its health and execute endpoints), written here from the contract's
table; nothing is copied. Each function is the identity for the contract's own
dialect, so the apps call them unconditionally.

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
        out["result"] = {"response": out.pop("final_response")}
    if event in ("agent_thinking", "tool_executing", "tool_completed"):
        out.pop("thread_id", None)      # only the run's start and end name the conversation
    return out


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
