"""The three shapes a run event can take on the wire (CONTRACT section 5).

The real platform emits all three, so the suite must read all three; the
reference platform emits one per process (``--shape``) so each can be proven.
Only run events are shaped: connection_established, pong, error_message, ack
and heartbeat keep their single form.
"""

from __future__ import annotations

# The wrapper type per real event, chosen so one run shows all three wrapper types.
WRAPPERS: dict[str, str] = {
    "agent_started": "system_message",
    "agent_thinking": "agent_progress",
    "tool_executing": "agent_progress",
    "tool_completed": "agent_progress",
    "agent_completed": "agent_response_complete",
    "agent_error": "agent_response_complete",
}


def render(event: str, fields: dict, timestamp: float | str, shape: str,
           nested_key: str = "data") -> dict:
    """One run event as a frame; ``nested_key`` is ``payload`` for that variant."""
    if shape == "flat":
        return {"type": event, **fields, "timestamp": timestamp}
    if shape == "nested":
        return {"type": event, nested_key: dict(fields), "timestamp": timestamp}
    if shape == "wrapped":
        wrapper = WRAPPERS.get(event, "system_message")
        return {"type": wrapper, "data": {"event": event, **fields}, "timestamp": timestamp}
    raise ValueError(f"unknown shape {shape!r}")
