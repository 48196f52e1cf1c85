"""The chat for hundreds of people at once: the asyncio client of ``protocol.ChatProtocol``.

``chat.py`` uses the websockets threaded client, one reader thread per
connection, which is right for a scenario's few people and wrong for five
hundred. This module moves the same protocol's frames on one event loop; what
they mean is decided in one place, ``journeys.wire.protocol``, for both: which
frames belong to the turn, refusals, other runs' events, the grace after the
end, the target's dialect, the contract's checks, the question's frame and what
a refused handshake means. So ``run_rules.check_run`` and the expectations
judge a load turn exactly as they judge a scenario's turn.

Nothing here decides pass or fail about the answer; it only raises when the
stream itself fails (closed, silent, refused), with the frames that came.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque

from websockets.asyncio.client import ClientConnection, connect
from websockets.exceptions import ConnectionClosed, InvalidHandshake

from ..config.policy import OPEN, RunPolicy
from ..errors import StreamClosed, StreamTimeout
from ..events import Event
from ..wire.handshake import carrier_options
from ..wire.protocol import MAX_FRAME_BYTES, ChatProtocol, connect_failure, question_frame
from ..wire.turns import Turn

KEPT_FRAMES = 8     # the last frames kept for a failure message


class LoadChat:
    """One person's connection in a load run; ``await LoadChat.open(...)`` to make one."""

    def __init__(self, who: str, ws: ClientConnection, protocol: ChatProtocol) -> None:
        self.who, self._ws, self.protocol = who, ws, protocol
        self.frames: deque[str] = deque(maxlen=KEPT_FRAMES)
        self.established: Event | None = None

    @classmethod
    async def open(cls, who: str, url: str, token: str | None,
                   policy: RunPolicy = OPEN) -> LoadChat:
        """Connect by the policy's carrier and wait for ``connection_established``, within its
        ``wait_s`` in all; the turn is then gathered within its deadlines and read by its dialect."""
        started = time.monotonic()
        try:
            ws = await connect(url, open_timeout=policy.wait_s, close_timeout=policy.wait_s,
                               proxy=None, max_size=MAX_FRAME_BYTES, ping_interval=None,
                               **carrier_options(token, policy.carrier))
        except (InvalidHandshake, OSError, TimeoutError) as error:
            raise connect_failure(who, url, error, time.monotonic() - started) from None
        chat = cls(who, ws, ChatProtocol(who, started, policy))
        deadline = started + policy.wait_s
        try:
            event = await chat.next_event(deadline, "connection_established")
            while not chat.protocol.greeting(event):
                event = await chat.next_event(deadline, "connection_established")
        except StreamClosed as wrong:
            await chat.close()
            raise StreamClosed(f"{wrong.detail}. Last frames: {chat.last_frames()}") from None
        except BaseException:
            await chat.close()
            raise
        chat.established = event
        return chat

    async def ask(self, question: str) -> Turn:
        """Send a user_message on a new thread and gather its run, as ``ChatStream.ask`` does.

        A load connection asks once: what another run sent after ours ended is foreign here."""
        sent_at = time.monotonic()
        text = self.protocol.sending(question_frame(question), None, sent_at)
        self.frames.append(f"-> {text}")
        try:
            await self._ws.send(text)
        except ConnectionClosed as closed:
            raise self._closed_error(closed, "while we were sending") from None
        gathering = self.protocol.gather(self.protocol.turn(question, sent_at))
        while not gathering.done:
            gathering.feed(await self.next_event(gathering.deadline, gathering.waiting))
        if gathering.needs_grace:
            deadline = gathering.grace_deadline(time.monotonic())
            while (event := await self._receive(deadline, "anything after the run ended",
                                                quiet=True)) is not None:
                gathering.feed_after_end(event)
        gathering.finish()
        return gathering.leftover_as_foreign()

    async def next_event(self, deadline: float, waiting_for: str) -> Event:
        """The next frame (kept ones first), normalised and checked against the contract."""
        return self.protocol.buffered() or await self._receive(deadline, waiting_for)

    async def _receive(self, deadline: float, waiting_for: str, quiet: bool = False) -> Event | None:
        """At the deadline: ``StreamTimeout``, or None when ``quiet`` (silence after a run is hoped for)."""
        remaining = deadline - time.monotonic()
        try:
            if remaining <= 0:
                raise TimeoutError
            async with asyncio.timeout(remaining):     # recv is cancel-safe: nothing is lost
                text = await self._ws.recv()
        except TimeoutError:
            if quiet:
                return None
            raise StreamTimeout(self.protocol.timeout_message(waiting_for, time.monotonic(),
                                                              self.last_frames())) from None
        except ConnectionClosed as closed:
            raise self._closed_error(closed, waiting_for) from None
        at = time.monotonic()
        self.frames.append(f"<- +{(at - (self.protocol.origin or self.protocol.opened_at)) * 1000:.0f} ms "
                           f"{str(text)[:300]}")
        return self.protocol.receive(text, at)

    async def close(self) -> None:
        try:
            await self._ws.close()
        except Exception:  # closing a dead socket has nothing to tell anyone
            pass

    def last_frames(self) -> str:
        return "\n    ".join(self.frames) if self.frames else "(none)"

    def _closed_error(self, closed: ConnectionClosed, waiting_for: str) -> StreamClosed:
        frame = closed.rcvd or closed.sent
        code = frame.code if frame else 1006
        reason = frame.reason if frame else ""
        return StreamClosed(self.protocol.closed_message(code, reason, closed.rcvd is not None,
                                                         time.monotonic(), waiting_for,
                                                         self.last_frames()),
                            code=code, reason=reason)
