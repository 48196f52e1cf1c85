"""HTTP for a crowd: one short connection per call, on the event loop, parsed by h11.

Why not ``httpx.AsyncClient``, which the rest of the library uses (as the
synchronous ``httpx.Client``)? Measured on this project's 2-core machine with
500 people, its connection pool spent most of the load driver's CPU scanning
its own connections (``httpcore`` checks every pooled connection for every
queued request), so the driver, not the platform, set the pace. Load calls are
few per person (sign-up, sign-in, history) and need no cookies, redirects or
proxies, so a plain HTTP/1.1 exchange (h11, the parser uvicorn and httpcore
use) on its own connection is enough, costs little and cannot hold a
pooled connection hostage. HTTPS targets work through the standard ``ssl``
module with certificate checks on.
"""

from __future__ import annotations

import asyncio
import json
import ssl
import time
from urllib.parse import urlsplit

import h11

from ..wire.replies import Reply, json_or_none, no_answer

READ_CHUNK = 65536
MAX_BODY_BYTES = 8 * 1024 * 1024


class LoadHttp:
    """Calls to one service (``base_url``); every call has the deadline ``timeout_s``."""

    def __init__(self, base_url: str, timeout_s: float) -> None:
        parts = urlsplit(base_url)
        self.base_url = base_url.rstrip("/")
        self.host = parts.hostname or "127.0.0.1"
        self.tls = parts.scheme == "https"
        self.port = parts.port or (443 if self.tls else 80)
        self.prefix = parts.path.rstrip("/")
        self.authority = parts.netloc
        self.timeout_s = timeout_s
        self._ssl = ssl.create_default_context() if self.tls else None

    async def call(self, who: str, action: str, method: str, path: str, *,
                   json_body: object = None, headers: dict | None = None) -> Reply:
        started = time.monotonic()
        try:
            async with asyncio.timeout(self.timeout_s):
                status, body = await self._exchange(method, self.prefix + path, json_body, headers)
        except (OSError, TimeoutError, h11.ProtocolError) as error:
            raise no_answer(f"{who} could not {action}: ", method, self.base_url + path,
                            time.monotonic() - started, error) from None
        text = body.decode("utf-8", "replace")
        return Reply(method, self.base_url + path, status, json_or_none(text), text,
                     time.monotonic() - started)

    async def _exchange(self, method: str, target: str, json_body: object,
                        headers: dict | None) -> tuple[int, bytes]:
        content = b"" if json_body is None else json.dumps(json_body).encode("utf-8")
        wire_headers = [("Host", self.authority), ("Connection", "close"),
                        ("Accept", "application/json"), ("Content-Length", str(len(content)))]
        if json_body is not None:
            wire_headers.append(("Content-Type", "application/json"))
        wire_headers += list((headers or {}).items())
        reader, writer = await asyncio.open_connection(self.host, self.port, ssl=self._ssl)
        try:
            peer = h11.Connection(h11.CLIENT)
            data = peer.send(h11.Request(method=method, target=target, headers=wire_headers))
            data += peer.send(h11.Data(data=content)) if content else b""
            data += peer.send(h11.EndOfMessage())
            writer.write(data)
            await writer.drain()
            return await _read_response(peer, reader)
        finally:
            writer.close()


async def _read_response(peer: h11.Connection, reader: asyncio.StreamReader) -> tuple[int, bytes]:
    status, body = 0, bytearray()
    while True:
        event = peer.next_event()
        if event is h11.NEED_DATA:
            peer.receive_data(await reader.read(READ_CHUNK))
        elif isinstance(event, h11.Response):
            status = event.status_code
        elif isinstance(event, h11.Data):
            body += event.data
            if len(body) > MAX_BODY_BYTES:
                raise h11.RemoteProtocolError(f"the body is over {MAX_BODY_BYTES} bytes")
        elif isinstance(event, (h11.EndOfMessage, h11.ConnectionClosed)):
            return status, bytes(body)
