"""A WebSocket chat endpoint on a free loopback port that misbehaves exactly as a test says,
so the suite's own diagnosis can be checked without any platform."""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Callable

from websockets.sync.server import serve


class ScriptedChat:
    """A chat endpoint whose behaviour is a function of (connection, number of the connection)."""

    def __init__(self, script: Callable) -> None:
        self.connections = 0
        self._script = script

        def handler(ws) -> None:
            self.connections += 1
            script(ws, self.connections)

        self._server = serve(handler, "127.0.0.1", 0, process_request=self._gate)
        self.url = f"ws://127.0.0.1:{self._server.socket.getsockname()[1]}/ws"
        self.refuse_first = 0
        self.knocks = 0
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def _gate(self, connection, request):
        """The first ``refuse_first`` handshakes get 503, as a waking gateway answers."""
        self.knocks += 1
        if self.knocks <= self.refuse_first:
            return connection.respond(503, "Service Unavailable (cold start)\n")
        return None

    def close(self) -> None:
        self._server.shutdown()


def established(ws) -> None:
    ws.send(json.dumps({"type": "connection_established",
                        "data": {"user_id": "u-1", "connection_id": "c-1"}, "timestamp": time.time()}))


def run_event(kind: str, **fields) -> str:
    return json.dumps({"type": kind, "run_id": "run-1", "thread_id": "thread-1",
                       "timestamp": time.time(), **fields})
