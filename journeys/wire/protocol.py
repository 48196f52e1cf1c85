"""The chat's protocol without I/O: fed frames and times, it decides; the clients only move bytes.

The websockets model (its ``protocol`` module under ``sync`` and ``asyncio``):
the threaded client (``chat.ChatStream``, the journeys and Locust) and the
asyncio client (``load.chat.LoadChat``, the load driver) both hand every frame
they receive, with the time it arrived, to one ``ChatProtocol``, and ask it
what to wait for and until when. So the two read the chat by the same rules:

- a frame is read once (``events.read_frame``); a kind the contract names is
  translated from the target's accepted differences (``journeys.config.dialect``)
  and checked against its schema; other kinds are evidence, nothing more;
- the first frame that matters must be ``connection_established``;
- the first new run after our frame is ours; an ``error_message`` before it or
  during it (or, under the ``error-frames`` difference, the real platform's
  ``{"type": "error"}``) is a refusal that ends the turn; run events of other
  runs are foreign; after the end we listen
  ``GRACE_AFTER_END_S`` more, and what of another run comes then is kept for the
  next turn;
- the user's question is framed in one place (``question_frame``);
- a handshake the chat answers with an HTTP status is classified in one place
  (``handshake_refusal``): 502/503/504 is the environment, 401/403 the pass.

Every message it builds says who, what we waited for and when it happened in
the journey ("8 ms after our user_message"), so both clients fail alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from websockets.exceptions import InvalidHandshake, InvalidStatus

from ..rules.contract import check_event
from ..config.dialect import RunMemory
from ..config.policy import OPEN, RunPolicy
from ..errors import (ApiError, AuthRefused, ContractViolation, EnvironmentDown, SuiteError,
                     ProtocolViolation, StreamClosed)
from ..events import NAMED_KINDS, Event, is_named, is_run_event, read_frame
from .turns import Turn

GRACE_AFTER_END_S = 0.2   # listen this long after a run ends, to catch anything sent after it
MAX_FRAME_BYTES = 4 * 1024 * 1024
REFUSAL_STATUSES = (401, 403)
UNAVAILABLE_STATUSES = (502, 503, 504)   # a gateway saying the service is not there (yet)
_UNSET = object()


def question_frame(question: str, thread_id: str | None = None,
                   frame_type: str = "user_message") -> dict:
    """The frame that asks ``question`` (CONTRACT section 5); ``start_agent`` names it differently."""
    if frame_type == "start_agent":
        return {"type": "start_agent", "payload": {"user_request": question, "thread_id": thread_id}}
    return {"type": frame_type, "payload": {"content": question, "thread_id": thread_id}}


def handshake_refusal(who: str, url: str, status: int, elapsed_s: float) -> SuiteError:
    """What an HTTP status at the chat's handshake means, the same for every client."""
    if status in UNAVAILABLE_STATUSES:
        return EnvironmentDown(
            f"{who}'s connection to the chat at {url} was answered with HTTP {status} (not "
            f"available) after {elapsed_s:.1f} s; is the target up?")
    error = AuthRefused if status in REFUSAL_STATUSES else ApiError
    return error(f"{who}'s connection to the chat was refused at the handshake with HTTP "
                 f"{status}", status=status)


def unreachable(who: str, url: str, error: BaseException, elapsed_s: float) -> EnvironmentDown:
    """No handshake answer at all: the target is not there, which is no verdict on the product."""
    return EnvironmentDown(
        f"{who} could not reach the chat at {url} within {elapsed_s:.1f} s "
        f"({type(error).__name__}: {error}); is the target up and WEBSOCKET_URL right?")


def broken_handshake(who: str, url: str, error: BaseException, elapsed_s: float) -> EnvironmentDown:
    """An answer that is no WebSocket handshake: the wrong URL, or a target not (yet) up."""
    return EnvironmentDown(
        f"{who}'s connection to the chat at {url} got no valid handshake answer within "
        f"{elapsed_s:.1f} s ({type(error).__name__}: {error}); is WEBSOCKET_URL a WebSocket "
        f"endpoint, and is the target up?")


def connect_failure(who: str, url: str, error: BaseException, elapsed_s: float) -> SuiteError:
    """Why a chat connection could not be opened, the same for the threaded and asyncio clients:
    a refusal at the handshake, an answer that is no handshake, or no answer at all."""
    if isinstance(error, InvalidStatus):
        return handshake_refusal(who, url, error.response.status_code, elapsed_s)
    if isinstance(error, InvalidHandshake):
        return broken_handshake(who, url, error, elapsed_s)
    return unreachable(who, url, error, elapsed_s)


GREETING = "connection_established"
GREETING_CAUSE = "the chat's greeting does not match the contract"


class ChatProtocol:
    """One connection's reading state: where we are in the journey, and what is owed to whom.

    ``policy`` is the run's rules: its dialect translates what is read, its deadlines
    bound each turn's gathering (``gather``)."""

    def __init__(self, who: str, opened_at: float, policy: RunPolicy = OPEN,
                 evidence_ref: str | None = None) -> None:
        self.who, self.policy, self.evidence_ref = who, policy, evidence_ref
        self.opened_at = opened_at
        self.origin: float | None = None
        self.last_sent = "nothing"
        self.stage = "before connection_established"
        self._runs = RunMemory()
        self._ended_runs: set = set()
        self._pending: list[Event] = []

    # -- sending ---------------------------------------------------------------------
    def sending(self, frame: dict | str, label: str | None, at: float) -> str:
        """The frame's text; from now on times are measured from it."""
        self.origin, self.last_sent = at, label or sent_kind(frame)
        self.stage = f"right after our {self.last_sent}, before any reply"
        return frame if isinstance(frame, str) else json.dumps(frame)

    def offset_ms(self, at: float) -> float | None:
        return (at - self.origin) * 1000 if self.origin is not None else None

    def since(self, now: float) -> str:
        if self.origin is None:
            return f"{(now - self.opened_at) * 1000:.0f} ms after connecting"
        return f"{(now - self.origin) * 1000:.0f} ms after our {self.last_sent}"

    # -- receiving -------------------------------------------------------------------
    def receive(self, text: str | bytes, at: float) -> Event:
        """One frame as received: read once, translated and checked when the contract names it."""
        return self.check(self.read(text, at))

    def read(self, text: str | bytes, at: float) -> Event:
        """The frame as an event, as it came (the evidence records this kind)."""
        try:
            return read_frame(text, at)
        except ProtocolViolation as unreadable:
            raise ProtocolViolation(f"{unreadable.detail}; {self.who} received it {self.since(at)}",
                                    evidence=self.evidence_ref) from None

    def check(self, event: Event) -> Event:
        """A kind the contract names, in the contract's terms and checked; other kinds as they are."""
        event, violation = self.checked(event)
        if violation is not None:
            raise violation
        return event

    def checked(self, event: Event) -> tuple[Event, ContractViolation | None]:
        """As ``check``, the violation returned beside the event: the greeting's, which a
        connection goes past as a finding (``ChatStream``), is no reason to stop reading."""
        kind = self.policy.dialect.contract_kind(event.kind)   # {"type": "error"} once error-frames is declared
        if kind not in NAMED_KINDS:
            return event, None      # CONTRACT.md section 8, "other frames": evidence, nothing more
        dialect = self.policy.dialect
        event = replace(event, kind=kind, fields=dialect.event_fields(kind, event.fields, self._runs))
        optional = dialect.optional_fields(kind)
        try:
            check_event(event.kind, {**event.fields, "type": event.kind}, optional=optional)
        except ContractViolation as violation:
            return event, ContractViolation(f"{violation.detail}; {self.who} received it "
                                            f"{self.since(event.at)}", evidence=self.evidence_ref,
                                            cause=GREETING_CAUSE if kind == GREETING else None)
        return event, None

    def buffered(self) -> Event | None:
        """An event kept from the last turn's grace period, to be read before the socket."""
        return self._pending.pop(0) if self._pending else None

    def greeting(self, event: Event) -> bool:
        """Whether ``event`` is the greeting; heartbeats and unnamed kinds before it are passed over."""
        if event.kind == "heartbeat" or not is_named(event):
            return False
        if event.kind != "connection_established":
            raise StreamClosed(f"{self.who}'s first frame was {event.kind!r}, expected "
                               f"connection_established", evidence=self.evidence_ref)
        self.stage = "after connection_established, before our first frame"
        return True

    def turn(self, question: str, sent_at: float, frame_type: str = "user_message") -> Turn:
        return Turn(self.who, question, sent_at, frame_type,
                    thread_optional=self.policy.dialect.thread_may_be_missing())

    def gather(self, turn: Turn) -> Gathering:
        """``turn``'s gathering, within the policy's deadlines (``wait_s`` for the first event,
        ``turn_s`` for the whole run)."""
        return Gathering(self, turn)

    def closed_message(self, code: int, reason: str, by_platform: bool, now: float,
                       waiting_for: str, last_frames: str) -> str:
        who_closed = "the platform closed" if by_platform else "the connection dropped"
        return (f"{self.who}'s connection: {who_closed} it with {code} {reason!r} {self.since(now)}, "
                f"{self.stage}; we were waiting for {waiting_for}. Last frames:\n    {last_frames}")

    def timeout_message(self, waiting_for: str, now: float, last_frames: str) -> str:
        return (f"{self.who} waited for {waiting_for} and got nothing more {self.since(now)} "
                f"({self.stage}). Last frames:\n    {last_frames}")


@dataclass
class Gathering:
    """One turn being gathered: feed it events until ``done``, then the grace period's."""

    protocol: ChatProtocol
    turn: Turn
    run_key: object = _UNSET
    done: bool = False

    @property
    def deadline(self) -> float:
        policy = self.protocol.policy
        return self.turn.sent_at + (policy.wait_s if self.run_key is _UNSET else policy.turn_s)

    @property
    def waiting(self) -> str:
        return "the first event of the run" if self.run_key is _UNSET else "the end of the run"

    def feed(self, event: Event) -> None:
        turn = self.turn
        if event.kind == "error_message":
            # Before our run or during it: the connection carries one question at a time, so the
            # refusal is of our question (beta-17 sends such frames with no run_id, e.g.
            # services/websocket/message_queue.py:580); waiting on would only wait out the deadline.
            turn.refusal, self.done = event, True
            return
        if not is_run_event(event):
            turn.others.append(event)
            return
        if self.run_key is _UNSET and event.run_id not in self.protocol._ended_runs:
            self.run_key = event.run_id
        if event.run_id != self.run_key:
            turn.foreign.append(event)
            return
        turn.events.append(event)
        self.protocol.stage = f"mid-run after {event.kind}"
        if turn.terminal is not None:
            self.protocol._ended_runs.add(self.run_key)
            self.done = True

    @property
    def needs_grace(self) -> bool:
        """A refusal ends the turn at once; a run that ended is listened past."""
        return self.turn.refusal is None

    def grace_deadline(self, now: float) -> float:
        self.turn.grace_s = GRACE_AFTER_END_S
        return now + GRACE_AFTER_END_S

    def feed_after_end(self, event: Event) -> None:
        """Our run's late events are the run rules' business; another run's wait for the next turn."""
        if is_run_event(event) and event.run_id == self.run_key:
            self.turn.events.append(event)
        elif is_run_event(event) or event.kind == "error_message":
            self.protocol._pending.append(event)
        else:
            self.turn.others.append(event)

    def finish(self) -> Turn:
        if self.turn.terminal is not None:
            self.protocol.stage = f"after the run ended with {self.turn.terminal.kind}"
        return self.turn

    def leftover_as_foreign(self) -> Turn:
        """A connection that asks once: what was kept for a next turn is another run's, seen here."""
        kept, self.protocol._pending = self.protocol._pending, []
        self.turn.foreign += [e for e in kept if is_run_event(e)]
        self.turn.others += [e for e in kept if not is_run_event(e)]
        return self.turn


def sent_kind(frame: dict | str) -> str:
    return str(frame.get("type", "frame")) if isinstance(frame, dict) else "frame"
