"""Who may open the chat (CONTRACT sections 5 and 8): a token at the handshake, or a ticket.

A token comes in the ``Authorization`` header or as a ``jwt.<base64>``
subprotocol; a chat ticket is the only credential on its connection. A refused
caller is told why in an ``error_message`` and the socket closes 1008 (or, as a
variant, the handshake itself is refused). The auth defects live here, next to
the checks they break.
"""

from __future__ import annotations

import base64
import binascii
import json

from starlette.datastructures import State
from starlette.websockets import WebSocket

from .bodies import bearer_token
from .frames import error
from .tickets import TicketRefused
from .tokens import TokenRefused

DEMO_USER = "demo-user"


def who_is_calling(state: State, websocket: WebSocket, offered: list[str],
                   ticket_id: str | None) -> tuple[str | None, str]:
    """The caller's user id, or None and the reason it was refused."""
    if ticket_id is not None:
        user_id, refusal = _admit_ticket(state, ticket_id)
    else:
        user_id, refusal = _authenticate(state, websocket, offered)
    if state.switches.defect("demo-auth"):
        user_id = DEMO_USER
    return user_id, refusal


async def refuse(state: State, websocket: WebSocket, subprotocol: str | None, reason: str) -> None:
    if state.switches.variant("ws-refuse-handshake"):
        await websocket.close(1008)          # before accept: uvicorn answers HTTP 403
        return
    await websocket.accept(subprotocol)
    await websocket.send_text(json.dumps(error(state, "AUTH_FAILED",
                                               f"Authentication failed: {reason}.")))
    code = 1011 if state.switches.defect("auth-close-1011") else 1008
    await websocket.close(code, "authentication failed")
    await drain(websocket)


async def drain(websocket: WebSocket) -> None:
    """After the server's close frame, wait for the client's so the close is clean."""
    try:
        while (await websocket.receive())["type"] != "websocket.disconnect":
            pass
    except Exception:
        pass


def _authenticate(state: State, websocket: WebSocket, offered: list[str]) -> tuple[str | None, str]:
    token = bearer_token(websocket) or _token_from_subprotocols(offered)
    if token is None:
        return None, "no token was offered (Authorization header or jwt-auth subprotocol)"
    try:
        claims = state.tokens.check_access(token)
    except TokenRefused as refused:
        return None, str(refused)
    state.store.ensure_user(claims.user_id, claims.email, claims.permissions)
    return claims.user_id, ""


def _admit_ticket(state: State, ticket_id: str) -> tuple[str | None, str]:
    """A chat ticket is the only credential on its connection (CONTRACT section 8)."""
    try:
        ticket = state.tickets.admit(ticket_id)
    except TicketRefused as refused:
        return None, str(refused)
    state.store.ensure_user(ticket.user_id, ticket.email, ticket.permissions)
    return ticket.user_id, ""


def _token_from_subprotocols(offered: list[str]) -> str | None:
    for protocol in offered:
        if protocol.startswith("jwt."):
            encoded = protocol[4:]
            try:
                return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("utf-8")
            except (binascii.Error, UnicodeDecodeError, ValueError):
                return None
    return None
