"""How a pass travels to the chat, and what happens when the chat must say no.

CONTRACT section 5: the token goes as an ``Authorization`` header or as the
subprotocols ``["jwt-auth", "jwt.<base64url(jwt)>"]``. A refusal is either a
handshake answered 401/403, or an accepted connection that closes with 1008
(optionally after an ``AUTH_FAILED`` error frame). ``probe`` records what a
platform actually did, so the security journeys can say precisely what was wrong.
"""

from __future__ import annotations

import base64
import json
import time
from dataclasses import dataclass, field

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import connect

from . import retries
from ..events import NAMED_KINDS
from ..evidence import Evidence
from ..config.policy import OPEN, RunPolicy
from .protocol import REFUSAL_STATUSES, UNAVAILABLE_STATUSES, connect_failure, handshake_refusal

REFUSAL_CLOSE_CODE = 1008


def carrier_options(token: str | None, carrier: str) -> dict:
    if token is None:
        return {}
    if carrier == "subprotocol":
        encoded = base64.urlsafe_b64encode(token.encode()).decode().rstrip("=")
        return {"subprotocols": ["jwt-auth", f"jwt.{encoded}"]}
    return {"additional_headers": {"Authorization": f"Bearer {token}"}}


@dataclass
class Attempt:
    """What the chat did with one connection attempt."""

    handshake_status: int | None = None     # set when the handshake was rejected
    frames: list[dict] = field(default_factory=list)
    close_code: int | None = None
    close_reason: str = ""
    stayed_open: bool = False
    elapsed_ms: float = 0.0

    @property
    def properly_refused(self) -> bool:
        if self.handshake_status is not None:
            return self.handshake_status in REFUSAL_STATUSES
        answered = any(f.get("type") in NAMED_KINDS and f.get("type") not in ("error_message", "heartbeat")
                       for f in self.frames)     # kinds the contract does not name answer nothing
        return self.close_code == REFUSAL_CLOSE_CODE and not answered

    def describe(self) -> str:
        if self.handshake_status is not None:
            return f"the handshake was answered with HTTP {self.handshake_status}"
        kinds = ", ".join(str(f.get("type")) for f in self.frames) or "no frame"
        if self.stayed_open:
            return f"the connection was accepted and stayed open (frames: {kinds})"
        return (f"the connection was accepted, sent {kinds}, then closed with {self.close_code} "
                f"{self.close_reason!r} after {self.elapsed_ms:.0f} ms")


def probe(who: str, url: str, token: str | None, evidence: Evidence,
          policy: RunPolicy = OPEN) -> Attempt:
    """Connect with ``token`` (or none) by the policy's carrier and watch for its ``wait_s``
    what the chat does."""
    attempt = Attempt()
    started = time.monotonic()
    channel_who = f"{who} (refusal check)"
    ws = retries.connect(lambda: _knock(who, url, token, policy, attempt), who,
                         evidence, policy.wait_s, policy.connect_retries)
    if ws is None:
        evidence.frame(channel_who, "received", None, f"handshake refused: HTTP {attempt.handshake_status}")
        return attempt
    try:
        _watch(ws, attempt, channel_who, evidence, started + policy.wait_s)
    finally:
        attempt.elapsed_ms = (time.monotonic() - started) * 1000
        ws.close()
    return attempt


def _knock(who: str, url: str, token: str | None, policy: RunPolicy, attempt: Attempt):
    """The open connection, or None when the handshake was refused (``attempt`` says how)."""
    started = time.monotonic()
    try:
        return connect(url, open_timeout=policy.wait_s, proxy=None, close_timeout=1, legacy=True,
                       **carrier_options(token, policy.carrier))
    except InvalidStatus as refused:
        status = refused.response.status_code
        if status in UNAVAILABLE_STATUSES:      # the environment, not an answer about the pass
            raise handshake_refusal(who, url, status, time.monotonic() - started) from None
        attempt.handshake_status = status
        return None
    except (InvalidHandshake, OSError, TimeoutError) as error:
        raise connect_failure(who, url, error, time.monotonic() - started) from None


def _watch(ws, attempt: Attempt, who: str, evidence: Evidence, deadline: float) -> None:
    try:
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                attempt.stayed_open = True
                return
            text = ws.recv(timeout=remaining)
            evidence.frame(who, "received", None, str(text))
            try:
                frame = json.loads(text)
            except ValueError:
                frame = {"type": "(not JSON)"}
            attempt.frames.append(frame if isinstance(frame, dict) else {"type": "(not an object)"})
    except TimeoutError:
        attempt.stayed_open = True
    except ConnectionClosed as closed:
        frame = closed.rcvd
        attempt.close_code = frame.code if frame else 1006
        attempt.close_reason = frame.reason if frame else ""
        evidence.frame(who, "received", None, f"close {attempt.close_code} {attempt.close_reason!r}")
