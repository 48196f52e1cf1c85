"""One normalised event, whatever shape the platform sent it in.

The real platform emits the events of a run in three shapes (CONTRACT.md
section 5, "Event shape variants"), sometimes on the same connection. Every
rule in the suite is written once, against ``Event``, so a shape change on the
platform's side can never make a rule silently stop looking:

- flat:    ``{"type": "tool_executing", "run_id": .., "tool_name": ..}``
- nested:  ``{"type": "tool_executing", "data": {"run_id": .., ..}}`` (or under ``payload``)
- wrapped: ``{"type": "agent_progress", "data": {"event": "tool_executing", ..}}``
  where the wrapper is ``system_message``, ``agent_progress`` or
  ``agent_response_complete``.

When a field sits both at the top level and inside ``data``/``payload``, the
inner value wins (it belongs to the event); the top level fills the gaps, which
is how a top-level ``run_id``/``thread_id`` beside a nested body is honoured.
A wrapper without an ``event`` name is kept as its own kind (a plain
``system_message`` is not a run event).

The chat reads with ``read_frame``: frames of kinds the contract does not name
(CONTRACT.md sections 5 and 8: typing, status, a JSON number, an object without
a type ...) become events of their own kind, kept as evidence and otherwise left
alone; only a frame that cannot be read at all (not UTF-8, not JSON) is a verdict
about the platform (``ProtocolViolation``), never a suite defect.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from .errors import ProtocolViolation

RUN_EVENT_KINDS = (
    "agent_started",
    "agent_thinking",
    "tool_executing",
    "tool_completed",
    "agent_completed",
    "agent_error",
)
TERMINAL_KINDS = ("agent_completed", "agent_error")
WRAPPER_TYPES = ("system_message", "agent_progress", "agent_response_complete")
# Connection-level frames: single form, never part of a run.
CONNECTION_KINDS = ("connection_established", "pong", "error_message", "ack", "heartbeat")
NAMED_KINDS = CONNECTION_KINDS + RUN_EVENT_KINDS   # the only kinds the contract's checks apply to
NOT_AN_OBJECT = "(not an object)"
NO_TYPE = "(no type)"

_BODY_KEYS = ("payload", "data")  # merged in this order, so "data" wins over "payload"
_SHOWN_CHARS = 200


@dataclass(frozen=True)
class Event:
    kind: str        # the real event name after unwrapping ("tool_executing", not "agent_progress")
    fields: dict     # the event's own fields, flattened: run_id, thread_id, tool_name, ...
    shape: str       # "flat" | "nested" | "wrapped"
    raw: Any         # the frame as received (an object, except for frames of no named kind)
    at: float        # time.monotonic() when received (the caller supplies it)

    @property
    def run_id(self) -> str | None:
        return _identifier(self.fields.get("run_id"))

    @property
    def thread_id(self) -> str | None:
        return _identifier(self.fields.get("thread_id"))

    def describe(self) -> str:
        """Short label for messages: ``tool_completed(search, exec-9)``."""
        if self.kind in ("tool_executing", "tool_completed"):
            return (f"{self.kind}({self.fields.get('tool_name', '?')}, "
                    f"{self.fields.get('execution_id', '?')})")
        return self.kind


def read_frame(frame: dict | str | bytes, at: float) -> Event:
    """A frame as the chat reader takes it: anything readable is an event, named or not."""
    frame = _decoded(frame)
    if not isinstance(frame, dict):
        return Event(kind=NOT_AN_OBJECT, fields={}, shape="flat", raw=frame, at=at)
    if not isinstance(frame.get("type"), str) or not frame["type"]:
        return Event(kind=NO_TYPE, fields={}, shape="flat", raw=frame, at=at)
    return _unwrapped(frame, at)


def _decoded(frame: dict | str | bytes) -> object:
    """Text or bytes as JSON; a frame that cannot be read at all is a ``ProtocolViolation``."""
    if isinstance(frame, (bytes, bytearray)):
        try:
            frame = bytes(frame).decode("utf-8")
        except UnicodeDecodeError:
            raise ProtocolViolation(
                f"the platform sent a binary frame the suite cannot read (not UTF-8 text): "
                f"{shorten(frame)}") from None
    if isinstance(frame, str):
        try:
            frame = json.loads(frame)
        except ValueError:
            raise ProtocolViolation(
                f"the platform sent a frame the suite cannot read (not JSON): {shorten(frame)}"
            ) from None
    return frame


def is_named(event: Event) -> bool:
    """Whether the contract names this kind (and so checks it)."""
    return event.kind in NAMED_KINDS


def normalise(frame: dict | str | bytes, at: float) -> Event:
    """Read one frame strictly: an object with a type, or a ``ProtocolViolation``."""
    frame = _decoded(frame)
    if not isinstance(frame, dict):
        raise ProtocolViolation(
            f"the platform sent a frame that is not a JSON object: {shorten(frame)}"
        )
    if not isinstance(frame.get("type"), str) or not frame["type"]:
        raise ProtocolViolation(f"the platform sent a frame without a type: {shorten(frame)}")
    return _unwrapped(frame, at)


def _unwrapped(frame: dict, at: float) -> Event:
    """The one place a frame's shape (flat, nested, wrapped) becomes an ``Event``."""
    frame_type = frame["type"]
    fields = {k: v for k, v in frame.items() if k != "type" and k not in _BODY_KEYS}
    bodies = [frame[k] for k in _BODY_KEYS if isinstance(frame.get(k), dict)]
    for key in _BODY_KEYS:  # a body key that is not an object is an ordinary field
        if key in frame and not isinstance(frame[key], dict):
            fields[key] = frame[key]
    for body in bodies:
        fields.update(body)

    kind, shape = frame_type, ("nested" if bodies else "flat")
    if frame_type in WRAPPER_TYPES:
        inner = next((b["event"] for b in reversed(bodies)
                      if isinstance(b.get("event"), str) and b["event"]), None)
        if inner is not None:
            kind, shape = inner, "wrapped"
            fields.pop("event", None)
    return Event(kind=kind, fields=fields, shape=shape, raw=frame, at=at)


def error_text(fields: dict) -> str | None:
    """An error's words wherever the platform put them; None when it gave none.

    The contract's place is ``error_message``. Netra Apex beta-17 also puts them in
    ``message`` (``services/message_handlers.py:398``), ``error`` as a string
    (``routes/utils/websocket_helpers.py:473``, ``websocket_core/unified_emitter.py:778``),
    ``error.message`` (``websocket_core/utils.py:1171``) and ``payload.error``
    (``services/websocket/message_handler.py:486``; ``payload`` is merged into the fields).
    """
    nested = fields.get("error")
    for value in (fields.get("error_message"), fields.get("message"), nested,
                  nested.get("message") if isinstance(nested, dict) else None):
        if isinstance(value, str) and value.strip():
            return value
    return None


def error_code(fields: dict) -> object:
    """An error's code wherever the platform put it (``error_code``, ``code``, ``error.code``)."""
    nested = fields.get("error")
    for value in (fields.get("error_code"), fields.get("code"),
                  nested.get("code") if isinstance(nested, dict) else None):
        if isinstance(value, (str, int)) and not isinstance(value, bool) and str(value):
            return value
    return None


def is_run_event(event: Event) -> bool:
    return event.kind in RUN_EVENT_KINDS


def shorten(value: Any, limit: int = _SHOWN_CHARS) -> str:
    """What came, cut to a readable length, for messages."""
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= limit else text[:limit] + f"... ({len(text)} chars)"


def _identifier(value: Any) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    text = str(value)
    return text or None
