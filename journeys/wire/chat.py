"""A person's WebSocket connection to the chat, with deadlines on every wait.

Everything the run decided about the connection comes in one value, the
``RunPolicy`` (``journeys.config.policy``): the deadlines (``wait_s`` for a reply,
``turn_s`` for a whole answer), how the pass travels (``carrier``), the retries,
the production guard and the target's dialect.

Uses the websockets threaded client: steps are plain functions, and each
person's connection lives in its own thread-safe object. Every frame in either
direction goes into the scenario's transcript with its time since the
person's last frame; every unexpected close or silence is explained with when
it happened in the journey ("8 ms after our user_message, before agent_started").
A close the client did not ask for is never a success, whatever its code.
Frames of kinds the contract does not name are kept in the transcript and
otherwise left alone (``events.read_frame``); the kinds it names are checked
against their schema after the target's accepted differences are translated
into the contract's terms (``journeys.config.dialect``). Only
opening the connection may be retried (``journeys.wire.retries``: the ``policy`` says
how often, never by default);
nothing after ``connection_established`` ever is.
"""

from __future__ import annotations

import json
import time

from websockets.exceptions import ConnectionClosed, InvalidHandshake
from websockets.sync.client import ClientConnection, connect

from . import retries
from ..errors import ContractViolation, ProtocolViolation, StreamClosed, StreamTimeout
from ..events import Event
from ..evidence import UNREADABLE, Evidence
from ..findings import Finding
from .handshake import carrier_options
from ..config.policy import OPEN, RunPolicy
from .production import refuse_write
from .protocol import (GREETING, GRACE_AFTER_END_S, MAX_FRAME_BYTES, ChatProtocol, connect_failure,
                       question_frame, sent_kind)
from .turns import TERMINAL_KINDS, Turn


class ChatStream:
    """One open connection; ``established`` is the platform's first frame."""

    def __init__(self, who: str, url: str, token: str | None, evidence: Evidence,
                 policy: RunPolicy = OPEN) -> None:
        """Open the connection by ``policy``: its carrier, deadlines, retries, guard and dialect."""
        self.who, self.url, self.evidence, self.policy = who, url, evidence, policy
        self.opened_at = time.monotonic()
        self.protocol = ChatProtocol(who, self.opened_at, policy, evidence.transcript_ref(who))
        self._ws = retries.connect(lambda: _open(who, url, token, policy), who, evidence,
                                   policy.wait_s, policy.connect_retries)
        self._check_subprotocol()
        self.established = self._await_established()

    # -- sending -----------------------------------------------------------
    def send(self, frame: dict | str, label: str | None = None) -> float:
        if not (isinstance(frame, dict) and frame.get("type") == "ping"):
            refuse_write(self.policy, self.who, f"send a {label or sent_kind(frame)} frame to the chat")
        sent_at = time.monotonic()
        text = self.protocol.sending(frame, label, sent_at)
        self.evidence.frame(self.who, "sent", 0.0, text)
        try:
            self._ws.send(text)
        except ConnectionClosed as closed:
            raise self._closed_error(closed, "while we were sending") from None
        return sent_at

    def ask(self, question: str, thread_id: str | None = None, frame_type: str = "user_message") -> Turn:
        sent_at = self.send(question_frame(question, thread_id, frame_type))
        return self.collect_turn(self.protocol.turn(question, sent_at, frame_type))

    # -- receiving ---------------------------------------------------------
    def collect_turn(self, turn: Turn) -> Turn:
        """Read until this run ends; the first new run after our frame is ours."""
        gathering = self.protocol.gather(turn)
        while not gathering.done:
            gathering.feed(self.next_event(gathering.deadline, gathering.waiting))
        if gathering.needs_grace:
            deadline = gathering.grace_deadline(time.monotonic())
            while time.monotonic() < deadline:
                try:
                    event = self._receive(deadline, "anything after the run ended")
                except StreamTimeout:
                    break
                gathering.feed_after_end(event)
        return gathering.finish()

    def next_event(self, deadline: float, waiting_for: str) -> Event:
        """The next frame (kept ones first), normalised and checked against the contract."""
        return self.protocol.buffered() or self._receive(deadline, waiting_for)

    def await_kind(self, kinds: tuple[str, ...], waiting_for: str) -> tuple[Event, list[Event]]:
        """Wait for a frame of one of ``kinds``; return it and what came before it."""
        deadline = time.monotonic() + self.policy.wait_s
        skipped: list[Event] = []
        while True:
            event = self.next_event(deadline, waiting_for)
            if event.kind in kinds:
                return event, skipped
            skipped.append(event)

    def still_usable(self) -> bool:
        try:
            self._ws.send(json.dumps({"type": "ping"}))
            self.await_kind(("pong",), "a pong to show the connection still works")
            return True
        except (StreamClosed, StreamTimeout):
            return False

    def ping(self) -> tuple[Event | None, float]:
        """Ping; the pong (None when none came within the policy's wait_s) and the seconds we waited.

        A missing pong is returned, not raised, so the expectation can say what it means.
        """
        sent_at = self.send({"type": "ping"})
        try:
            pong, _ = self.await_kind(("pong",), "a pong to our ping")
        except StreamTimeout:
            return None, time.monotonic() - sent_at
        return pong, pong.at - sent_at

    def drop(self) -> None:
        """Abruptly: no close frame, like a laptop lid closing."""
        self._ws.socket.close()

    def close(self) -> None:
        try:
            self._ws.close()
        except Exception:  # closing a dead socket has nothing to tell anyone
            pass

    # -- internals ---------------------------------------------------------
    def _receive(self, deadline: float, waiting_for: str, premise: bool = False) -> Event:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise self._timeout(waiting_for)
        try:
            text = self._ws.recv(timeout=remaining)
        except TimeoutError:
            raise self._timeout(waiting_for) from None
        except ConnectionClosed as closed:
            raise self._closed_error(closed, waiting_for) from None
        at = time.monotonic()
        offset = self.protocol.offset_ms(at)
        try:
            event = self.protocol.read(text, at)
        except ProtocolViolation:
            self.evidence.frame(self.who, "received", offset, str(text), kind=UNREADABLE)
            raise
        self.evidence.frame(self.who, "received", offset, str(text), kind=event.kind)
        event, violation = self.protocol.checked(event)
        if violation is not None and premise and event.kind == GREETING:
            self.evidence.found(Finding.of(violation, self.who, "connect to the chat"))
        elif violation is not None:
            raise violation
        return event

    def _await_established(self) -> Event:
        """The greeting. Connecting is a premise: a greeting that breaks its schema but is there
        is a finding on the evidence (the journey that checks the greeting fails on it) and the
        connection goes on; no greeting, or another frame first, fails here."""
        deadline = self.opened_at + self.policy.wait_s
        event = self._receive(deadline, "connection_established", premise=True)
        while not self.protocol.greeting(event):
            event = self._receive(deadline, "connection_established", premise=True)
        return event

    def _check_subprotocol(self) -> None:
        """The contract has the chat select ``jwt-auth``; never show the one carrying the pass."""
        selected = getattr(self._ws, "subprotocol", None)
        if self.policy.carrier != "subprotocol" or self.policy.dialect.selected_subprotocol_ok(selected):
            return
        shown = "jwt.<the pass, masked>" if str(selected).startswith("jwt.") else repr(selected)
        self.close()
        raise ContractViolation(
            f"{self.who}'s chat selected the subprotocol {shown} at the handshake; the contract "
            f"says the chat selects 'jwt-auth' (a target whose platform selects the one carrying "
            f"the pass declares subprotocol-echoes-token in E2E_ACCEPT)",
            evidence=self.protocol.evidence_ref)

    def _last_frames(self) -> str:
        lines = self.evidence.lines(self.evidence.transcript(self.who), last=5)
        return "\n    ".join(lines) if lines else "(none)"

    def _closed_error(self, closed: ConnectionClosed, waiting_for: str) -> StreamClosed:
        frame = closed.rcvd or closed.sent
        code = frame.code if frame else 1006
        reason = frame.reason if frame else ""
        message = self.protocol.closed_message(code, reason, closed.rcvd is not None, time.monotonic(),
                                               waiting_for, self._last_frames())
        return StreamClosed(message, code=code, reason=reason, evidence=self.protocol.evidence_ref)

    def _timeout(self, waiting_for: str) -> StreamTimeout:
        return StreamTimeout(self.protocol.timeout_message(waiting_for, time.monotonic(), self._last_frames()),
                             evidence=self.protocol.evidence_ref)


def _open(who: str, url: str, token: str | None, policy: RunPolicy) -> ClientConnection:
    started = time.monotonic()
    try:
        # max_queue=None: a person who never reads (a bystander whose chat only gets
        # heartbeats) must not stop the client reading, or its close waits the whole
        # close_timeout for a close frame it no longer looks for (10 s per such chat).
        return connect(url, open_timeout=policy.wait_s, proxy=None, max_size=MAX_FRAME_BYTES,
                       legacy=True, close_timeout=policy.wait_s, max_queue=None,
                       **carrier_options(token, policy.carrier))
    except (InvalidHandshake, OSError, TimeoutError) as error:
        raise connect_failure(who, url, error, time.monotonic() - started) from None


__all__ = ["ChatStream", "GRACE_AFTER_END_S", "TERMINAL_KINDS"]
