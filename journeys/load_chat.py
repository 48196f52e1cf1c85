"""The chat for hundreds of people at once: an asyncio twin of ``chat.ChatStream``.

``chat.py`` uses the websockets threaded client, one reader thread per
connection, which is right for a scenario's few people and wrong for five
hundred. This module speaks the same protocol on one event loop, and reads it
with the same rules: every frame goes through ``events.read_frame`` and
``contract.check_event``, the run is gathered into a ``turns.Turn`` exactly as
``ChatStream.collect_turn`` does (the first new run after our frame is ours,
an ``error_message`` before it is a refusal, we keep listening
``chat.GRACE_AFTER_END_S`` after the end), so ``run_rules.check_run`` and the
expectations judge a load turn the way they judge a scenario's turn.

Nothing here decides pass or fail about the answer; it only raises when the
stream itself fails (closed, silent, refused), with the frames that came.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections import deque

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidStatus

from .chat import GRACE_AFTER_END_S, MAX_FRAME_BYTES
from .contract import check_event
from .errors import AuthRefused, EnvironmentDown, StreamClosed, StreamTimeout
from .events import Event, is_named, is_run_event, read_frame
from .handshake import carrier_options
from .turns import Turn

KEPT_FRAMES = 8     # the last frames kept for a failure message


class LoadChat:
    """One person's connection in a load run; ``await LoadChat.open(...)`` to make one."""

    def __init__(self, who: str, ws: ClientConnection, wait_s: float, turn_s: float) -> None:
        self.who, self._ws = who, ws
        self.wait_s, self.turn_s = wait_s, turn_s
        self.frames: deque[str] = deque(maxlen=KEPT_FRAMES)
        self.established: Event | None = None
        self._origin = time.monotonic()
        self._waiting = "connection_established"

    @classmethod
    async def open(cls, who: str, url: str, token: str, carrier: str, wait_s: float,
                   turn_s: float) -> LoadChat:
        """Connect and wait for ``connection_established``, within ``wait_s`` in all."""
        started = time.monotonic()
        try:
            ws = await connect(url, open_timeout=wait_s, close_timeout=wait_s, proxy=None,
                               max_size=MAX_FRAME_BYTES, ping_interval=None,
                               **carrier_options(token, carrier))
        except InvalidStatus as refused:
            status = refused.response.status_code
            raise AuthRefused(f"{who}'s connection to the chat was refused at the handshake "
                              f"with HTTP {status}", status=status) from None
        except (OSError, TimeoutError) as error:
            raise EnvironmentDown(
                f"{who} could not reach the chat at {url} within "
                f"{time.monotonic() - started:.1f} s ({type(error).__name__}: {error})") from None
        chat = cls(who, ws, wait_s, turn_s)
        chat._origin = started
        deadline = started + wait_s
        event = await chat.next_event(deadline)
        while event.kind == "heartbeat":
            event = await chat.next_event(deadline)
        if event.kind != "connection_established":
            await chat.close()
            raise StreamClosed(f"{who}'s first frame was {event.kind!r}, expected "
                               f"connection_established. Last frames: {chat.last_frames()}")
        chat.established = event
        return chat

    async def ask(self, question: str) -> Turn:
        """Send a user_message on a new thread and gather its run, as ``ChatStream.ask`` does."""
        frame = json.dumps({"type": "user_message",
                            "payload": {"content": question, "thread_id": None}})
        sent_at = time.monotonic()
        self._origin = sent_at
        self.frames.append(f"-> {frame}")
        try:
            await self._ws.send(frame)
        except ConnectionClosed as closed:
            raise self._closed_error(closed, "while we were sending") from None
        return await self._collect(Turn(self.who, question, sent_at))

    async def _collect(self, turn: Turn) -> Turn:
        first_deadline = turn.sent_at + self.wait_s
        deadline = turn.sent_at + self.turn_s
        run_key = None
        while turn.terminal is None:
            self._waiting = "the first event of the run" if run_key is None else "the end of the run"
            event = await self.next_event(first_deadline if run_key is None else deadline)
            if event.kind == "error_message" and run_key is None:
                turn.refusal = event
                return turn
            if not is_run_event(event):
                turn.others.append(event)
                continue
            if run_key is None:
                run_key = event.run_id if event.run_id is not None else ""
            if (event.run_id or "") != run_key:
                turn.foreign.append(event)
                continue
            turn.events.append(event)
        await self._listen_after_end(turn, run_key)
        return turn

    async def _listen_after_end(self, turn: Turn, run_key: str) -> None:
        """Anything of our run after its end is a defect the run rules must see."""
        deadline = time.monotonic() + GRACE_AFTER_END_S
        turn.grace_s = GRACE_AFTER_END_S
        self._waiting = "anything after the run ended"
        while True:
            event = await self.next_event(deadline, quiet=True)
            if event is None:
                return
            if is_run_event(event) and (event.run_id or "") == run_key:
                turn.events.append(event)
            elif is_run_event(event):
                turn.foreign.append(event)
            else:
                turn.others.append(event)

    async def next_event(self, deadline: float, quiet: bool = False) -> Event | None:
        """The next frame, normalised and checked against the contract.

        At the deadline: ``StreamTimeout``, or None when ``quiet`` (silence is
        what we hope for after a run ends, so it is no error there).
        """
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError
            async with asyncio.timeout(remaining):     # recv is cancel-safe: nothing is lost
                text = await self._ws.recv()
        except TimeoutError:
            if quiet:
                return None
            raise self._timeout() from None
        except ConnectionClosed as closed:
            raise self._closed_error(closed, self._waiting) from None
        at = time.monotonic()
        self.frames.append(f"<- +{(at - self._origin) * 1000:.0f} ms {str(text)[:300]}")
        event = read_frame(text, at)
        if is_named(event):         # other kinds are left alone (CONTRACT.md section 8)
            check_event(event.kind, {**event.fields, "type": event.kind})
        return event

    async def close(self) -> None:
        try:
            await self._ws.close()
        except Exception:  # closing a dead socket has nothing to tell anyone
            pass

    def last_frames(self) -> str:
        return "\n    ".join(self.frames) if self.frames else "(none)"

    def _since(self) -> str:
        return f"{(time.monotonic() - self._origin) * 1000:.0f} ms after our last frame"

    def _timeout(self) -> StreamTimeout:
        return StreamTimeout(f"{self.who} waited for {self._waiting} and got nothing more "
                             f"{self._since()}. Last frames:\n    {self.last_frames()}")

    def _closed_error(self, closed: ConnectionClosed, waiting_for: str) -> StreamClosed:
        frame = closed.rcvd or closed.sent
        code = frame.code if frame else 1006
        reason = frame.reason if frame else ""
        return StreamClosed(
            f"{self.who}'s connection was closed with {code} {reason!r} {self._since()}; we were "
            f"waiting for {waiting_for}. Last frames:\n    {self.last_frames()}",
            code=code, reason=reason)

