"""What the reliability tests share: hand-started platforms, a scripted chat, processes.

They reuse the two existing harnesses rather than copy them: ``tests/meta/journey_runs.py``
(behave in a subprocess, results read back) and ``tests/platform/refplatform_harness.py``
(the reference platform as a real subprocess). ``ScriptedChat`` is a WebSocket
server on a free loopback port that misbehaves exactly as a test says, so the
suite's own diagnosis can be checked without any platform.
"""

from __future__ import annotations

import json
import os
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path

from websockets.sync.server import serve

ROOT = Path(__file__).resolve().parents[2]
for extra in (ROOT, ROOT / "tests" / "platform"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))


class HandStarted:
    """``python -m reference_platform`` as a person would start it, with a kept database."""

    def __init__(self, workdir: Path, *flags: str) -> None:
        self.ready = workdir / "ready.json"
        self.db = workdir / "platform.db"
        self.log = workdir / "platform.log"
        env = dict(os.environ, REFPLATFORM_JWT_SECRET="reliability-secret-0123456789abcdef",
                   REFPLATFORM_BYPASS_KEY="reliability-bypass-key-0123")
        with open(self.log, "wb") as log:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "reference_platform", "--ready-file", str(self.ready),
                 "--db", str(self.db), "--hash-cost", "1024", *flags],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 20
        while not self.ready.exists():
            assert self.process.poll() is None and time.monotonic() < deadline, self.log.read_text()
            time.sleep(0.05)
        self.urls = json.loads(self.ready.read_text())

    def stop(self) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGCONT)
            self.process.send_signal(signal.SIGTERM)
        try:
            return self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            return self.process.wait()


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


# -- processes ---------------------------------------------------------------
def children_of(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = (Path("/proc") / str(pid) / "stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"
