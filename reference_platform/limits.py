"""How much a person may send: the rate limit and the longest question (CONTRACT section 9).

The rate limit is per person, over a sliding window, and off unless the process
was started with one (``--rate-limit N --rate-window-s S``): the suite starts its
platform with a small one and declares the same figures in its settings, so the
journey knows how many questions are "too many" and how long the reset takes.
Questions refused by the limit do not count against it.
"""

from __future__ import annotations

import time
from collections import deque

from .switches import Switches

MAX_QUESTION_CHARS = 32_000


class RateLimiter:
    """Questions accepted per person within the last ``window_s`` seconds."""

    def __init__(self, switches: Switches) -> None:
        self.switches = switches
        self._accepted: dict[str, deque[float]] = {}
        self._refused_once: set[str] = set()

    def refusal(self, user_id: str) -> str | None:
        """None when ``user_id`` may ask now (and the question is counted); else the reason."""
        limit, window = self.switches.rate_limit, self.switches.rate_window_s
        if limit <= 0:
            return None
        at = time.monotonic()
        accepted = self._accepted.setdefault(user_id, deque())
        while accepted and accepted[0] <= at - window:
            accepted.popleft()
        stuck = user_id in self._refused_once and self.switches.defect("rate-limit-never-resets")
        if len(accepted) >= limit or stuck:
            self._refused_once.add(user_id)
            return (f"You are sending questions too quickly: at most {limit} every {window:g} "
                    f"seconds. Please wait {window:g} seconds and ask again.")
        accepted.append(at)
        return None


def too_long(question: str) -> str | None:
    """The refusal for a question over the length limit, else None."""
    if len(question) <= MAX_QUESTION_CHARS:
        return None
    return (f"Your question is {len(question):,} characters long; the limit is "
            f"{MAX_QUESTION_CHARS:,}. Please shorten it and ask again.")
