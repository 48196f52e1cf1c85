"""The reference platform as a real subprocess, and the platform tests' own way to talk to it.

No mocks: the tests see exactly what the suite sees. Each ``RunningPlatform`` is one
``PlatformProcess`` (``platform_process.py``) with fresh secrets. The frame reader here
(``Chat``, ``collect_turn``, ``normalise``) is independent of ``journeys``: a platform test
must not trust the library it proves.
"""

from __future__ import annotations

import base64
import json
import secrets
import shutil
import signal
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import httpx
import jwt
from websockets.exceptions import ConnectionClosed
from websockets.sync.client import ClientConnection, connect

from platform_process import PlatformProcess

RUN_EVENTS = {"agent_started", "agent_thinking", "tool_executing", "tool_completed",
              "agent_completed", "agent_error"}
WRAPPERS = {"system_message", "agent_progress", "agent_response_complete"}
COST_QUESTION = "How much would 2 million GPT-4o tokens a month cost?"


@dataclass
class Account:
    email: str
    password: str
    user_id: str
    access: str
    refresh: str


class RunningPlatform(PlatformProcess):
    """The launcher's process with its own secrets, an HTTP client and a WebSocket client."""

    def __init__(self, *args: str, pause_ms: int = 5, env: dict | None = None,
                 ready_file: bool = True) -> None:
        self.jwt_secret = secrets.token_urlsafe(32)
        self.bypass_key = secrets.token_urlsafe(24)
        if env is None:
            env = {"REFPLATFORM_JWT_SECRET": self.jwt_secret,
                   "REFPLATFORM_BYPASS_KEY": self.bypass_key}
        self.args = args
        self.http = httpx.Client(timeout=10)
        super().__init__("--pause-ms", str(pause_ms), *args, env=env, ready_file=ready_file,
                         workdir=Path(tempfile.mkdtemp(prefix="refplatform-test-")))

    @property
    def auth(self) -> str:
        return self.info["auth_url"]

    @property
    def backend(self) -> str:
        return self.info["backend_url"]

    @property
    def ws_url(self) -> str:
        return self.info["websocket_url"]

    def request_stop(self, sig: int = signal.SIGTERM) -> None:
        self.http.close()
        super().request_stop(sig)

    def remove_workdir(self) -> None:
        """Once stopped and inspected: the ready file, logs and nothing else live there."""
        shutil.rmtree(self.workdir, ignore_errors=True)

    # auth helpers ------------------------------------------------------------

    def sign_up(self, name: str = "priya") -> Account:
        email = f"{name}.{secrets.token_hex(4)}@example.com"
        password = "correct horse battery"
        response = self.http.post(f"{self.auth}/auth/register",
                                  json={"email": email, "password": password, "name": name})
        assert response.status_code in (200, 201), response.text
        body = response.json()
        return Account(email, password, body["user"]["id"], body["access_token"],
                       body["refresh_token"])

    def mint(self, secret: str | None = None, algorithm: str = "HS256", **overrides) -> str:
        now = int(time.time())
        claims = {"sub": f"minted-{secrets.token_hex(4)}", "email": f"m{secrets.token_hex(3)}@example.com",
                  "permissions": ["read", "write"], "iat": now, "exp": now + 600,
                  "jti": secrets.token_hex(8), "iss": "netra-auth-service", "aud": "netra-platform",
                  "token_type": "access", "type": "access"}
        claims.update(overrides)
        claims = {k: v for k, v in claims.items() if v is not None}
        if algorithm == "none":
            return jwt.encode(claims, None, algorithm="none")
        return jwt.encode(claims, secret or self.jwt_secret, algorithm=algorithm)

    def api(self, method: str, path: str, token: str | None, **kwargs) -> httpx.Response:
        headers = dict(kwargs.pop("headers", {}))
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return self.http.request(method, f"{self.backend}{path}", headers=headers, **kwargs)

    def faults(self, **body) -> httpx.Response:
        return self.http.post(f"{self.backend}/_reference/faults", json=body,
                              headers={"X-E2E-Bypass-Key": self.bypass_key})

    # websocket helpers -------------------------------------------------------

    def connect(self, token: str | None, via: str = "header") -> ClientConnection:
        kwargs: dict = {"open_timeout": 5, "max_size": None, "legacy": True}
        if token and via == "header":
            kwargs["additional_headers"] = {"Authorization": f"Bearer {token}"}
        elif token and via == "subprotocol":
            encoded = base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")
            kwargs["subprotocols"] = ["jwt-auth", f"jwt.{encoded}"]
        return connect(self.ws_url, **kwargs)

    def chat(self, token: str, via: str = "header") -> "Chat":
        return Chat(self.connect(token, via))


class Chat:
    """A connected socket past connection_established, with turn helpers."""

    def __init__(self, ws: ClientConnection) -> None:
        self.ws = ws
        self.established = recv_json(ws, 5)
        assert self.established["type"] == "connection_established", self.established

    def send(self, frame: dict | str) -> float:
        self.ws.send(frame if isinstance(frame, str) else json.dumps(frame))
        return time.monotonic()

    def ask(self, question: str, thread_id: str | None = None, kind: str = "user_message") -> float:
        return self.send({"type": kind, "payload": {"content": question, "thread_id": thread_id}})

    def run(self, question: str = COST_QUESTION, thread_id: str | None = None,
            timeout: float = 8, settle: float = 0.0) -> "Turn":
        return collect_turn(self, self.ask(question, thread_id), timeout, settle)

    def close(self) -> None:
        self.ws.close()


@dataclass
class Turn:
    sent_at: float
    events: list[tuple[str, dict, float]]   # (kind, fields, received monotonic)
    raw: list[dict]

    def kinds(self) -> list[str]:
        return [kind for kind, _, _ in self.events]

    def first(self, kind: str) -> dict:
        return next(fields for k, fields, _ in self.events if k == kind)

    @property
    def final(self) -> dict:
        return self.first("agent_completed")


def collect_turn(chat: Chat, sent_at: float, timeout: float, settle: float) -> Turn:
    """Run events until the run ends (agent_completed/agent_error), then ``settle`` more seconds."""
    events: list[tuple[str, dict, float]] = []
    raw: list[dict] = []
    deadline = sent_at + timeout
    ended_at: float | None = None
    while True:
        limit = (ended_at + settle) if ended_at is not None else deadline
        remaining = limit - time.monotonic()
        if remaining <= 0:
            break
        try:
            frame = recv_json(chat.ws, remaining)
        except TimeoutError:
            break
        kind, fields = normalise(frame)
        if kind not in RUN_EVENTS:
            continue
        raw.append(frame)
        events.append((kind, fields, time.monotonic()))
        if kind in ("agent_completed", "agent_error") and ended_at is None:
            ended_at = time.monotonic()
    if ended_at is None:
        raise AssertionError(f"run did not end within {timeout} s; events: {[e[0] for e in events]}")
    return Turn(sent_at, events, raw)


def recv_json(ws: ClientConnection, timeout: float) -> dict:
    return json.loads(ws.recv(timeout=timeout))


def closed_with(ws: ClientConnection, timeout: float = 3) -> tuple[int | None, str | None, list[dict]]:
    """Read until the server closes; (code, reason, frames seen before)."""
    frames = []
    deadline = time.monotonic() + timeout
    try:
        while time.monotonic() < deadline:
            frames.append(json.loads(ws.recv(timeout=deadline - time.monotonic())))
    except ConnectionClosed:
        return ws.close_code, ws.close_reason, frames
    except TimeoutError:
        pass
    return None, None, frames


def quiet_for(ws: ClientConnection, seconds: float) -> list[dict]:
    """Frames (other than heartbeats) that arrive within ``seconds``; [] means silence."""
    frames = []
    deadline = time.monotonic() + seconds
    while (remaining := deadline - time.monotonic()) > 0:
        try:
            frame = recv_json(ws, remaining)
        except TimeoutError:
            break
        if frame.get("type") != "heartbeat":
            frames.append(frame)
    return frames


def normalise(frame: dict) -> tuple[str, dict]:
    """(real event name, its fields) for the flat, nested (data/payload) and wrapped shapes."""
    kind = frame.get("type")
    data = frame.get("data")
    if kind in WRAPPERS and isinstance(data, dict) and "event" in data:
        fields = {k: v for k, v in data.items() if k != "event"}
        return data["event"], fields
    if kind in RUN_EVENTS:
        for key in ("data", "payload"):
            if isinstance(frame.get(key), dict):
                return kind, dict(frame[key])
    return kind, {k: v for k, v in frame.items() if k != "type"}


RUN_ORDER_CHECKS = ("agent_started", "agent_thinking", "tool_executing", "tool_completed",
                    "agent_completed")


def assert_golden_run(turn) -> None:
    """The order rules of section 5, checked on one run's events."""
    kinds = turn.kinds()
    assert kinds[0] == "agent_started" and kinds.count("agent_started") == 1, kinds
    assert kinds[-1] == "agent_completed" and kinds.count("agent_completed") == 1, kinds
    assert set(RUN_ORDER_CHECKS) <= set(kinds), kinds
    open_calls = {}
    run_ids = set()
    for kind, fields, _ in turn.events:
        run_ids.add(fields.get("run_id"))
        assert fields.get("thread_id"), (kind, fields)
        if kind == "tool_executing":
            open_calls[fields["execution_id"]] = fields["tool_name"]
            assert isinstance(fields["parameters"], dict)
        if kind == "tool_completed":
            assert open_calls.pop(fields["execution_id"]) == fields["tool_name"]
            assert isinstance(fields["results"], dict)
            assert isinstance(fields["duration_ms"], (int, float))
    assert not open_calls and len(run_ids) == 1 and None not in run_ids
    assert turn.first("agent_started")["agent_name"]
    assert turn.first("agent_thinking")["reasoning"]
    assert turn.final["status"] == "completed" and turn.final["final_response"]
    for frame in turn.raw:
        assert frame["timestamp"]
