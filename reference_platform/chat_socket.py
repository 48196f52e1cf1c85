"""The ``/ws`` chat endpoint (CONTRACT section 5) on the backend's port.

A connection authenticates once at the handshake, then every user frame starts
a run as its own task, so runs on one connection may overlap; a per-connection
lock keeps their frames whole. Bad input is answered and the connection stays
open; only the defect switches make it close or misbehave.
"""

from __future__ import annotations

import asyncio
import base64
import binascii
import json
import logging
import time
from collections.abc import Awaitable, Callable

from starlette.websockets import WebSocket

from .bodies import bearer_token, strict_json
from . import netra
from .clock import now, stamp
from .connections import Connection
from .context import PlatformContext
from . import run_control
from .runs import thread_title
from .tickets import TicketRefused
from .tokens import TokenRefused

log = logging.getLogger("reference_platform.chat")

USER_MESSAGE_TYPES = {"user_message", "chat_message", "message"}
DEMO_USER = "demo-user"
CHATTER_EVERY_S = 0.04


def build_chat_endpoint(ctx: PlatformContext) -> Callable[[WebSocket], Awaitable[None]]:
    """The ASGI websocket endpoint, closed over the shared context."""
    switches = ctx.switches

    def frame(kind: str, **fields: object) -> dict:
        return {"type": kind, **fields, "timestamp": stamp(now(), ctx.iso())}

    def error(code: str, message: str) -> dict:
        return frame("error_message", error_code=code, error_message=message)

    async def endpoint(websocket: WebSocket) -> None:
        offered = websocket.scope.get("subprotocols") or []
        subprotocol = netra.subprotocol(switches.dialect, offered)
        ticket_id = websocket.query_params.get("ticket")
        if ticket_id is not None:
            user_id, refusal = _admit_ticket(ticket_id)
        else:
            user_id, refusal = _authenticate(websocket, offered)
        if switches.defect("demo-auth"):
            user_id = DEMO_USER
        if user_id is None:
            await _refuse(websocket, subprotocol, refusal)
            return
        await websocket.accept(subprotocol)
        connection = Connection(websocket, user_id)
        if switches.defect("close-before-established"):
            await connection.close(1000, "main cleanup")
            await _drain(websocket)
            return
        ctx.connections.add(connection)
        beats = switches.heartbeat_ms and not switches.defect("no-heartbeat")
        heartbeat = asyncio.create_task(_heartbeat(connection)) if beats else None
        chatter = asyncio.create_task(_chatter(connection)) if switches.chatter else None
        try:
            await connection.send(frame("connection_established", data={
                "user_id": netra.greeting_user(switches.dialect, user_id), "connection_id": connection.id,
                "server_time": stamp(now(), ctx.iso())}))
            await _receive_frames(connection)
        finally:
            connection.closed = True
            ctx.connections.discard(connection)
            run_control.dropped(ctx, connection)
            if ticket_id is not None:
                ctx.tickets.release(ticket_id)
            for task in (heartbeat, chatter):
                if task:
                    task.cancel()

    def _authenticate(websocket: WebSocket, offered: list[str]) -> tuple[str | None, str]:
        token = bearer_token(websocket) or _token_from_subprotocols(offered)
        if token is None:
            return None, "no token was offered (Authorization header or jwt-auth subprotocol)"
        try:
            claims = ctx.tokens.check_access(token)
        except TokenRefused as refused:
            return None, str(refused)
        ctx.store.ensure_user(claims.user_id, claims.email, claims.permissions)
        return claims.user_id, ""

    def _admit_ticket(ticket_id: str) -> tuple[str | None, str]:
        """A chat ticket is the only credential on its connection (CONTRACT section 8)."""
        try:
            ticket = ctx.tickets.admit(ticket_id)
        except TicketRefused as refused:
            return None, str(refused)
        ctx.store.ensure_user(ticket.user_id, ticket.email, ticket.permissions)
        return ticket.user_id, ""

    async def _refuse(websocket: WebSocket, subprotocol: str | None, reason: str) -> None:
        if switches.variant("ws-refuse-handshake"):
            await websocket.close(1008)          # before accept: uvicorn answers HTTP 403
            return
        await websocket.accept(subprotocol)
        await websocket.send_text(json.dumps(error("AUTH_FAILED", f"Authentication failed: {reason}.")))
        code = 1011 if switches.defect("auth-close-1011") else 1008
        await websocket.close(code, "authentication failed")
        await _drain(websocket)

    async def _receive_frames(connection: Connection) -> None:
        first = True
        while True:
            message = await connection.websocket.receive()
            if message["type"] == "websocket.disconnect":
                return
            received_at = time.monotonic()
            if connection.closed:
                continue
            if first and switches.defect("close-after-first-frame"):
                await connection.close(1000, "main cleanup")
                continue
            first = False
            await _handle(connection, message.get("text"), received_at)

    async def _handle(connection: Connection, text: str | None, received_at: float) -> None:
        try:
            data = strict_json(text) if text is not None else None
        except ValueError:
            data = None
        if not isinstance(data, dict):
            if switches.defect("malformed-frame-kills-connection"):
                await connection.close(1011, "internal error")
                return
            await connection.send(error("INVALID_JSON", "The frame is not a JSON object."))
            return
        kind = data.get("type")
        if not isinstance(kind, str):    # a list or an object as the type: unknown, not a crash
            kind = json.dumps(kind)[:40]
        if kind == "ping":
            if not switches.defect("ping-unanswered"):
                await connection.send(frame("pong"))
        elif kind in USER_MESSAGE_TYPES or kind == "start_agent":
            if not switches.defect("no-reply"):
                await _start_run(connection, data, received_at)
        elif kind == "stop_agent":
            await run_control.stop(ctx, connection, data, frame, error)
        elif switches.defect("unknown-type-kills-connection"):
            await connection.close(1011, "internal error")
        elif switches.variant("ack-unknown-type"):
            await connection.send(frame("ack", received_type=kind))
        else:
            await connection.send(error("UNKNOWN_MESSAGE_TYPE",
                                        f"The frame type {kind!r} is not one this server handles."))

    async def _start_run(connection: Connection, data: dict, received_at: float) -> None:
        payload = data.get("payload")
        source = payload if isinstance(payload, dict) else data
        if data.get("type") == "start_agent":
            question = source.get("user_request", source.get("content"))
        else:
            question = source.get("content", source.get("text"))
        if not isinstance(question, str) or not question.strip():
            await connection.send(error("MISSING_CONTENT", "The message has no text to answer."))
            return
        question = await run_control.admit(ctx, connection, question, error)
        if question is None:
            return
        thread_id = source.get("thread_id")
        if thread_id is None:
            thread_id = ctx.store.create_thread(connection.user_id, thread_title(question), {}).id
        else:
            thread = ctx.store.thread(thread_id) if isinstance(thread_id, str) else None
            foreign = thread is not None and thread.user_id != connection.user_id
            if thread is None or (foreign and not switches.defect("foreign-thread-writable")):
                await connection.send(error("THREAD_NOT_FOUND",
                                            "That conversation does not exist or is not yours."))
                return

        async def deliver(event: dict) -> None:
            if switches.chatter:
                await connection.send_any(next(connection.chatter))
            for recipient in run_control.recipients(ctx, connection):
                await recipient.send(event)
            if switches.defect("cross-user-events"):
                for other in list(ctx.connections):
                    if other is not connection:
                        await other.send(event)

        task = run_control.start(ctx, connection, thread_id, question.strip(), received_at, deliver,
                                 lambda run: _guarded(run, connection))
        ctx.run_tasks.add(task)
        task.add_done_callback(ctx.run_tasks.discard)

    async def _guarded(run: Awaitable[None], connection: Connection) -> None:
        try:
            await run
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("run failed on connection %s", connection.id)
            await connection.send(error("RUN_FAILED", "The answer could not be produced."))

    async def _chatter(connection: Connection) -> None:
        """Before the greeting and between runs too: nothing the contract names, at any time."""
        await connection.send_any(next(connection.chatter))
        while not connection.closed:
            await asyncio.sleep(CHATTER_EVERY_S)
            await connection.send_any(next(connection.chatter))

    async def _heartbeat(connection: Connection) -> None:
        while not connection.closed:
            await asyncio.sleep(switches.heartbeat_ms / 1000)
            await connection.send(frame("heartbeat"))

    return endpoint


async def close_all(ctx: PlatformContext, code: int = 1001, reason: str = "server shutting down") -> None:
    """At shutdown: say goodbye properly (1001 going away) instead of dropping sockets."""
    await asyncio.gather(*(c.close(code, reason) for c in list(ctx.connections)),
                         return_exceptions=True)


def _token_from_subprotocols(offered: list[str]) -> str | None:
    for protocol in offered:
        if protocol.startswith("jwt."):
            encoded = protocol[4:]
            try:
                return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                return None
    return None


async def _drain(websocket: WebSocket) -> None:
    """After the server's close frame, wait for the client's so the close is clean."""
    try:
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass
    except Exception:
        pass
