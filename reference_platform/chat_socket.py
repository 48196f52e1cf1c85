"""The ``/ws`` chat endpoint (CONTRACT section 5) on the backend's port.

A connection authenticates once at the handshake (``chat_admission``), then
every user frame starts a run as its own task, so runs on one connection may
overlap; a per-connection lock keeps their frames whole. Bad input is answered
and the connection stays open; only the defect switches make it close or
misbehave. The shared context is read from ``websocket.app.state``.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import traceback
from collections.abc import Awaitable

from starlette.datastructures import State
from starlette.websockets import WebSocket

from . import netra, run_control
from .bodies import strict_json
from .chat_admission import drain, refuse, who_is_calling
from .clock import now, stamp
from .connections import Connection
from .context import Shared, iso
from .frames import error, frame
from .runs import thread_title

log = logging.getLogger("reference_platform.chat")

USER_MESSAGE_TYPES = {"user_message", "chat_message", "message"}
CHATTER_EVERY_S = 0.04


async def chat(websocket: WebSocket) -> None:
    """The ASGI websocket endpoint: admit, greet, then answer frames until the socket closes."""
    state = websocket.app.state
    switches = state.switches
    offered = websocket.scope.get("subprotocols") or []
    subprotocol = netra.subprotocol(switches.dialect, offered)
    ticket_id = websocket.query_params.get("ticket")
    user_id, refusal = who_is_calling(state, websocket, offered, ticket_id)
    if user_id is None:
        await refuse(state, websocket, subprotocol, refusal)
        return
    await websocket.accept(subprotocol)
    connection = Connection(websocket, user_id)
    if switches.defect("close-before-established"):
        await connection.close(1000, "main cleanup")
        await drain(websocket)
        return
    state.connections.add(connection)
    beats = switches.heartbeat_ms and not switches.defect("no-heartbeat")
    heartbeat = asyncio.create_task(_heartbeat(state, connection)) if beats else None
    chatter = asyncio.create_task(_chatter(connection)) if switches.chatter else None
    try:
        await connection.send(frame(state, "connection_established", data={
            "user_id": netra.greeting_user(switches.dialect, user_id), "connection_id": connection.id,
            "server_time": stamp(now(), iso(state))}))
        await _receive_frames(state, connection)
    finally:
        connection.closed = True
        state.connections.discard(connection)
        run_control.dropped(state, connection)
        if ticket_id is not None:
            state.tickets.release(ticket_id)
        for task in (heartbeat, chatter):
            if task:
                task.cancel()


async def close_all(shared: Shared, code: int = 1001, reason: str = "server shutting down") -> None:
    """At shutdown: say goodbye properly (1001 going away) instead of dropping sockets."""
    await asyncio.gather(*(c.close(code, reason) for c in list(shared.connections)),
                         return_exceptions=True)


async def _receive_frames(state: State, connection: Connection) -> None:
    first = True
    while True:
        message = await connection.websocket.receive()
        if message["type"] == "websocket.disconnect":
            return
        received_at = time.monotonic()
        if connection.closed:
            continue
        if first and state.switches.defect("close-after-first-frame"):
            await connection.close(1000, "main cleanup")
            continue
        first = False
        await _handle(state, connection, message.get("text"), received_at)


async def _handle(state: State, connection: Connection, text: str | None, received_at: float) -> None:
    switches = state.switches
    try:
        data = strict_json(text) if text is not None else None
    except ValueError:
        data = None
    if not isinstance(data, dict):
        if switches.defect("malformed-frame-kills-connection"):
            await connection.close(1011, "internal error")
            return
        await connection.send(_refusal(state, "INVALID_JSON", "The frame is not a JSON object."))
        return
    kind = data.get("type")
    if not isinstance(kind, str):    # a list or an object as the type: unknown, not a crash
        kind = json.dumps(kind)[:40]
    if kind == "ping":
        if not switches.defect("ping-unanswered"):
            await connection.send(frame(state, "pong"))
    elif kind in USER_MESSAGE_TYPES or kind == "start_agent":
        if not switches.defect("no-reply"):
            await _start_run(state, connection, data, received_at)
    elif kind == "stop_agent":
        await run_control.stop(state, connection, data)
    elif switches.defect("unknown-type-kills-connection"):
        await connection.close(1011, "internal error")
    elif switches.variant("ack-unknown-type"):
        await connection.send(frame(state, "ack", received_type=kind))
    else:
        await connection.send(_refusal(state, "UNKNOWN_MESSAGE_TYPE",
                                       f"The frame type {kind!r} is not one this server handles."))


def _refusal(state: State, code: str, message: str) -> dict:
    """A bad message's refusal; the defect ``error-frame-leak`` words it as Netra Apex beta-17's
    history handler does, the exception's text and all (``services/message_handlers.py:717``)."""
    if not state.switches.defect("error-frame-leak"):
        return error(state, code, message)
    try:
        raise LookupError("conversation history unavailable (injected fault)")
    except LookupError:
        return error(state, code, "Failed to get conversation history: " + traceback.format_exc())


async def _start_run(state: State, connection: Connection, data: dict, received_at: float) -> None:
    payload = data.get("payload")
    source = payload if isinstance(payload, dict) else data
    if data.get("type") == "start_agent":
        question = source.get("user_request", source.get("content"))
    else:
        question = source.get("content", source.get("text"))
    if not isinstance(question, str) or not question.strip():
        await connection.send(_refusal(state, "MISSING_CONTENT", "The message has no text to answer."))
        return
    question = await run_control.admit(state, connection, question)
    if question is None:
        return
    thread_id = await _thread_for(state, connection, source.get("thread_id"), question)
    if thread_id is None:
        return

    async def deliver(event: dict) -> None:
        if state.switches.chatter:
            await connection.send_any(next(connection.chatter))
        for recipient in run_control.recipients(state, connection):
            await recipient.send(event)
        if state.switches.defect("cross-user-events"):
            for other in list(state.connections):
                if other is not connection:
                    await other.send(event)

    task = run_control.start(state, connection, thread_id, question.strip(), received_at, deliver,
                             lambda run: _guarded(state, run, connection))
    state.run_tasks.add(task)
    task.add_done_callback(state.run_tasks.discard)


async def _thread_for(state: State, connection: Connection, thread_id: object,
                      question: str) -> str | None:
    """The run's conversation: a new one, or the caller's own; None once refused."""
    if thread_id is None:
        return state.store.create_thread(connection.user_id, thread_title(question), {}).id
    thread = state.store.thread(thread_id) if isinstance(thread_id, str) else None
    foreign = thread is not None and thread.user_id != connection.user_id
    if thread is None or (foreign and not state.switches.defect("foreign-thread-writable")):
        await connection.send(error(state, "THREAD_NOT_FOUND",
                                    "That conversation does not exist or is not yours."))
        return None
    return thread.id


async def _guarded(state: State, run: Awaitable[None], connection: Connection) -> None:
    try:
        await run
    except asyncio.CancelledError:
        raise
    except Exception:
        log.exception("run failed on connection %s", connection.id)
        await connection.send(error(state, "RUN_FAILED", "The answer could not be produced."))


async def _chatter(connection: Connection) -> None:
    """Before the greeting and between runs too: nothing the contract names, at any time."""
    await connection.send_any(next(connection.chatter))
    while not connection.closed:
        await asyncio.sleep(CHATTER_EVERY_S)
        await connection.send_any(next(connection.chatter))


async def _heartbeat(state: State, connection: Connection) -> None:
    while not connection.closed:
        await asyncio.sleep(state.switches.heartbeat_ms / 1000)
        await connection.send(frame(state, "heartbeat"))
