"""One open chat socket on the reference platform: who it is, and its sends kept whole.

Its own module so that the shared context (``context.py``) can hold the open connections
without importing the chat endpoint (``chat_socket.py``), which needs that context.
"""

from __future__ import annotations

import asyncio
import json
import secrets
import time

from starlette.websockets import WebSocket

from . import netra


class Connection:
    """One open socket: who it is, and a lock so concurrent runs never interleave bytes."""

    def __init__(self, websocket: WebSocket, user_id: str) -> None:
        self.websocket = websocket
        self.user_id = user_id
        self.id = "conn_" + secrets.token_hex(8)
        self.closed = False
        self.opened_at = time.monotonic()
        self._lock = asyncio.Lock()
        self.chatter = netra.chatter_frames()

    async def send_any(self, value: object) -> None:
        """Any JSON value (chatter: numbers, lists, null, untyped objects) as a text frame."""
        await self.send(value)  # type: ignore[arg-type]

    async def send(self, frame: dict) -> None:
        """Send, or do nothing once closed: a run outlives a client that went away."""
        if self.closed:
            return
        async with self._lock:
            if self.closed:
                return
            try:
                await self.websocket.send_text(json.dumps(frame))
            except Exception:  # the peer vanished mid-send; the receive loop will notice
                self.closed = True

    async def close(self, code: int, reason: str = "") -> None:
        async with self._lock:
            if self.closed:
                return
            self.closed = True
            try:
                await self.websocket.close(code, reason)
            except Exception:
                pass
