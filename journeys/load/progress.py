"""The line that shows while a load run goes: its phase, who signed in, passed, failed, in flight.

On a terminal it rewrites itself every second; into a log (CI) it adds a line
every two seconds, so a long run leaves a readable trail instead of a wall.
"""

from __future__ import annotations

import asyncio
import time
from typing import TextIO

PROGRESS_EVERY_S = 1.0


class Progress:
    """The line that shows while a run goes: where it is, how many passed, how many in flight."""

    def __init__(self, out: TextIO | None, people: int, stage: str) -> None:
        self.out, self.people = out, people
        self.signed_in = self.passed = self.failed = 0
        self.in_flight = self.peak_in_flight = 0
        self.stage = stage
        self.started = time.monotonic()
        self._tty = bool(out is not None and getattr(out, "isatty", lambda: False)())
        self._task = asyncio.get_running_loop().create_task(self._tick()) if out else None

    def begin(self) -> None:
        self.in_flight += 1
        self.peak_in_flight = max(self.peak_in_flight, self.in_flight)

    def end(self) -> None:
        self.in_flight -= 1

    def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            self._print(final=True)

    async def _tick(self) -> None:
        every = PROGRESS_EVERY_S if self._tty else 2 * PROGRESS_EVERY_S
        while True:
            await asyncio.sleep(every)
            self._print()

    def _print(self, final: bool = False) -> None:
        if self.out is None:
            return
        line = (f"load {time.monotonic() - self.started:6.1f} s  {self.stage:8}  signed in "
                f"{self.signed_in}/{self.people}  passed {self.passed}  failed {self.failed}  "
                f"in flight {self.in_flight}")
        end = "\n" if final or not self._tty else ""
        self.out.write(("\r" if self._tty else "") + line + end)
        self.out.flush()
