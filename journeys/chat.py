"""A person's WebSocket connection to the chat, with deadlines on every wait.

Uses the websockets threaded client: steps are plain functions, and each
person's connection lives in its own thread-safe object. Every frame in either
direction goes into the scenario's transcript with its time since the
person's last frame; every unexpected close or silence is explained with when
it happened in the journey ("8 ms after our user_message, before agent_started").
A close the client did not ask for is never a success, whatever its code.
Frames of kinds the contract does not name are kept in the transcript and
otherwise left alone (``events.read_frame``); the kinds it names are checked
against their schema after the target's accepted differences are translated
into the contract's terms (``journeys.dialect``). Only
opening the connection may be retried (``journeys.retries``, off by default);
nothing after ``connection_established`` ever is.
"""

from __future__ import annotations

import json
import time
from dataclasses import replace

from websockets.exceptions import ConnectionClosed, InvalidHandshake, InvalidStatus
from websockets.sync.client import ClientConnection, connect

from .contract import check_event
from .dialect import STRICT, Dialect, RunMemory
from . import retries
from .errors import (ApiError, AuthRefused, ContractViolation, EnvironmentDown, ProtocolViolation,
                     StreamClosed, StreamTimeout)
from .events import Event, is_named, is_run_event, read_frame
from .evidence import Evidence
from .handshake import UNAVAILABLE_STATUSES, carrier_options
from .production import refuse_write
from .turns import TERMINAL_KINDS, Turn

GRACE_AFTER_END_S = 0.2   # listen this long after a run ends, to catch anything sent after it
MAX_FRAME_BYTES = 4 * 1024 * 1024


class ChatStream:
    """One open connection; ``established`` is the platform's first frame."""

    def __init__(self, who: str, url: str, token: str, carrier: str, evidence: Evidence,
                 wait_s: float, turn_s: float, dialect: Dialect = STRICT) -> None:
        self.who, self.url, self.evidence = who, url, evidence
        self.dialect, self._runs = dialect, RunMemory()
        self.wait_s, self.turn_s = wait_s, turn_s
        self._origin: float | None = None
        self._last_sent = "nothing"
        self._stage = "before connection_established"
        self._pending: list[Event] = []
        self._ended_runs: set = set()
        self.opened_at = time.monotonic()
        self._ws = retries.connect(lambda: _open(who, url, token, carrier, wait_s), who, evidence, wait_s)
        self._check_subprotocol(carrier)
        self.established = self._await_established()

    # -- sending -----------------------------------------------------------
    def send(self, frame: dict | str, label: str | None = None) -> float:
        text = frame if isinstance(frame, str) else json.dumps(frame)
        if not (isinstance(frame, dict) and frame.get("type") == "ping"):
            refuse_write(self.who, f"send a {label or _kind(frame)} frame to the chat")
        sent_at = time.monotonic()
        self._origin = sent_at
        self._last_sent = label or _kind(frame)
        self.evidence.frame(self.who, "sent", 0.0, text)
        self._stage = f"right after our {self._last_sent}, before any reply"
        try:
            self._ws.send(text)
        except ConnectionClosed as closed:
            raise self._closed_error(closed, "while we were sending") from None
        return sent_at

    def ask(self, question: str, thread_id: str | None = None, frame_type: str = "user_message") -> Turn:
        if frame_type == "start_agent":
            frame = {"type": "start_agent", "payload": {"user_request": question, "thread_id": thread_id}}
        else:
            frame = {"type": frame_type, "payload": {"content": question, "thread_id": thread_id}}
        sent_at = self.send(frame)
        return self.collect_turn(Turn(self.who, question, sent_at, frame_type,
                                      thread_optional=self.dialect.thread_may_be_missing()))

    # -- receiving ---------------------------------------------------------
    def collect_turn(self, turn: Turn) -> Turn:
        """Read until this run ends; the first new run after our frame is ours."""
        first_deadline = turn.sent_at + self.wait_s
        deadline = turn.sent_at + self.turn_s
        run_key = _UNSET = object()
        while turn.terminal is None:
            waiting = "the first event of the run" if run_key is _UNSET else "the end of the run"
            event = self.next_event(first_deadline if run_key is _UNSET else deadline, waiting)
            if event.kind == "error_message" and run_key is _UNSET:
                turn.refusal = event
                return turn
            if not is_run_event(event):
                turn.others.append(event)
                continue
            if run_key is _UNSET and event.run_id not in self._ended_runs:
                run_key = event.run_id
            if event.run_id != run_key:
                turn.foreign.append(event)
                continue
            turn.events.append(event)
            self._stage = f"mid-run after {event.kind}"
        self._ended_runs.add(run_key)
        self._listen_after_end(turn, run_key)
        self._stage = f"after the run ended with {turn.terminal.kind}"
        return turn

    def next_event(self, deadline: float, waiting_for: str) -> Event:
        """The next frame (buffered first), normalised and checked against the contract."""
        if self._pending:
            return self._pending.pop(0)
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
        self.evidence.frame(self.who, "received", self._offset_ms(at), str(text))
        try:
            event = read_frame(text, at)
        except ProtocolViolation as unreadable:
            raise ProtocolViolation(f"{unreadable.detail}; {self.who} received it {self._since_sent()}",
                                    evidence=self._evidence_ref()) from None
        if not is_named(event):
            return event            # CONTRACT.md section 8, "other frames": evidence, nothing more
        event = replace(event, fields=self.dialect.event_fields(event.kind, event.fields, self._runs))
        optional = ("thread_id",) if self.dialect.thread_may_be_missing() else ()
        try:
            check_event(event.kind, {**event.fields, "type": event.kind}, optional=optional)
        except ContractViolation as violation:
            raise ContractViolation(f"{violation.detail}; {self.who} received it "
                                    f"{self._since_sent()}", evidence=self._evidence_ref()) from None
        return event

    def await_kind(self, kinds: tuple[str, ...], waiting_for: str) -> tuple[Event, list[Event]]:
        """Wait for a frame of one of ``kinds``; return it and what came before it."""
        deadline = time.monotonic() + self.wait_s
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
        """Ping; the pong (None when none came within wait_s) and the seconds we waited.

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
    def _await_established(self) -> Event:
        deadline = self.opened_at + self.wait_s
        event = self.next_event(deadline, "connection_established")
        while event.kind == "heartbeat" or not is_named(event):
            event = self.next_event(deadline, "connection_established")
        if event.kind != "connection_established":
            raise StreamClosed(
                f"{self.who}'s first frame was {event.kind!r}, expected connection_established",
                evidence=self._evidence_ref())
        self._stage = "after connection_established, before our first frame"
        return event

    def _listen_after_end(self, turn: Turn, run_key: object) -> None:
        deadline = time.monotonic() + GRACE_AFTER_END_S
        turn.grace_s = GRACE_AFTER_END_S
        while time.monotonic() < deadline:
            try:
                event = self.next_event(deadline, "anything after the run ended")
            except StreamTimeout:
                return
            if is_run_event(event) and event.run_id == run_key:
                turn.events.append(event)
            elif is_run_event(event) or event.kind == "error_message":
                self._pending.append(event)
            else:
                turn.others.append(event)

    def _check_subprotocol(self, carrier: str) -> None:
        """The contract has the chat select ``jwt-auth``; never show the one carrying the pass."""
        selected = getattr(self._ws, "subprotocol", None)
        if carrier != "subprotocol" or self.dialect.selected_subprotocol_ok(selected):
            return
        shown = "jwt.<the pass, masked>" if str(selected).startswith("jwt.") else repr(selected)
        self.close()
        raise ContractViolation(
            f"{self.who}'s chat selected the subprotocol {shown} at the handshake; the contract "
            f"says the chat selects 'jwt-auth' (a target whose platform selects the one carrying "
            f"the pass declares subprotocol-echoes-token in E2E_ACCEPT)", evidence=self._evidence_ref())

    def _offset_ms(self, at: float) -> float | None:
        return (at - self._origin) * 1000 if self._origin is not None else None

    def _since_sent(self) -> str:
        if self._origin is None:
            return f"{(time.monotonic() - self.opened_at) * 1000:.0f} ms after connecting"
        return f"{(time.monotonic() - self._origin) * 1000:.0f} ms after our {self._last_sent}"

    def _evidence_ref(self) -> str:
        return f"attachment \"{self.who}'s chat transcript\" on this step"

    def _last_frames(self) -> str:
        lines = self.evidence.lines(f"{self.who}'s chat transcript", last=5)
        return "\n    ".join(lines) if lines else "(none)"

    def _closed_error(self, closed: ConnectionClosed, waiting_for: str) -> StreamClosed:
        frame = closed.rcvd or closed.sent
        code = frame.code if frame else 1006
        reason = frame.reason if frame else ""
        who_closed = "the platform closed" if closed.rcvd else "the connection dropped"
        return StreamClosed(
            f"{self.who}'s connection: {who_closed} it with {code} {reason!r} {self._since_sent()}, "
            f"{self._stage}; we were waiting for {waiting_for}. Last frames:\n    {self._last_frames()}",
            code=code, reason=reason, evidence=self._evidence_ref())

    def _timeout(self, waiting_for: str) -> StreamTimeout:
        return StreamTimeout(
            f"{self.who} waited for {waiting_for} and got nothing more {self._since_sent()} "
            f"({self._stage}). Last frames:\n    {self._last_frames()}", evidence=self._evidence_ref())


def _open(who: str, url: str, token: str | None, carrier: str, wait_s: float) -> ClientConnection:
    started = time.monotonic()
    try:
        return connect(url, open_timeout=wait_s, proxy=None, max_size=MAX_FRAME_BYTES, legacy=True,
                       close_timeout=wait_s, **carrier_options(token, carrier))
    except InvalidStatus as refused:
        status = refused.response.status_code
        if status in UNAVAILABLE_STATUSES:
            raise EnvironmentDown(
                f"{who}'s connection to the chat at {url} was answered with HTTP {status} (not "
                f"available) after {time.monotonic() - started:.1f} s; is the target up?") from None
        error = AuthRefused if status in (401, 403) else ApiError
        raise error(f"{who}'s connection to the chat was refused at the handshake with HTTP "
                    f"{status}", status=status) from None
    except InvalidHandshake as broken:
        raise EnvironmentDown(
            f"{who}'s connection to the chat at {url} got no valid handshake answer within "
            f"{time.monotonic() - started:.1f} s ({type(broken).__name__}: {broken}); is "
            f"WEBSOCKET_URL a WebSocket endpoint, and is the target up?") from None
    except (OSError, TimeoutError) as error:
        raise EnvironmentDown(
            f"{who} could not reach the chat at {url} within {time.monotonic() - started:.1f} s "
            f"({type(error).__name__}: {error}); is the target up and WEBSOCKET_URL right?") from None


def _kind(frame: dict | str) -> str:
    return str(frame.get("type", "frame")) if isinstance(frame, dict) else "frame"


__all__ = ["ChatStream", "TERMINAL_KINDS"]
