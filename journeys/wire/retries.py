"""Connection retries, only where they are honest: before a chat connection exists.

A target that scales to zero may refuse the first connection of a run while it
wakes up (a "cold start"). ``E2E_CONNECT_RETRIES`` (0, the default, means none)
lets each chat connection try again a bounded number of times. A retry is never
silent: it is written to the scenario's notes and kept in its evidence
(``Evidence.retries``), from which the report wing, when the scenario ends,
tags the scenario ``flaky`` with the reason and names it on the console
(``journeys.report.hooks``): this module records, it writes no report. Nothing
that happens after a connection is established (a close, a silence, a wrong
answer) is ever retried: that is the product's behaviour, and it is the verdict.

The count is part of the run's policy (``journeys.config.policy.RunPolicy``), handed to
each client that opens a chat connection.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import TypeVar

from ..errors import EnvironmentDown
from ..evidence import Evidence
from ..records import Retry
from ..plurals import plural

T = TypeVar("T")
FIRST_PAUSE_S = 0.5


def connect(open_once: Callable[[], T], who: str, evidence: Evidence, wait_s: float,
            allowed: int = 0) -> T:
    """``open_once()``, again after an ``EnvironmentDown`` while ``allowed`` retries remain.

    Each retry is recorded in ``evidence`` (``Evidence.retried``: a note, and kept for the
    scenario's end). Only ``EnvironmentDown`` is retried: a refused pass or a closed socket is
    an answer.
    """
    attempt = 0
    while True:
        try:
            return open_once()
        except EnvironmentDown as down:
            if attempt >= allowed:
                if attempt:
                    raise EnvironmentDown(f"{down.detail} (after {attempt} connection "
                                          f"{plural(attempt, 'retry', 'retries')}, E2E_CONNECT_RETRIES)") from None
                raise
            attempt += 1
            pause = min(FIRST_PAUSE_S * 2 ** (attempt - 1), wait_s)
            evidence.retried(Retry(who, attempt, down.detail.split(";")[0], pause))
            time.sleep(pause)
