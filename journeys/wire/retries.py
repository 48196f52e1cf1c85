"""Connection retries, only where they are honest: before a chat connection exists.

A target that scales to zero may refuse the first connection of a run while it
wakes up (a "cold start"). ``E2E_CONNECT_RETRIES`` (0, the default, means none)
lets each chat connection try again a bounded number of times. A retry is never
silent: it is written to the scenario's notes, the scenario is tagged ``flaky``
in the report with the reason, and a line on the console names it. Nothing that
happens after a connection is established (a close, a silence, a wrong answer)
is ever retried: that is the product's behaviour, and it is the verdict.

The count is part of the run's policy (``journeys.config.policy.RunPolicy``), handed to
each client that opens a chat connection; the retries made are kept in the
scenario's evidence, which ``mark_flaky`` reads when the scenario ends.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from ..errors import EnvironmentDown
from ..evidence import Evidence
from ..plurals import plural

T = TypeVar("T")
FIRST_PAUSE_S = 0.5
FLAKY_TAG = "flaky"

try:
    import allure
    import allure_commons
    from allure_commons.model2 import Label
except ImportError:  # allure-behave not installed: the console and the notes still say it
    allure = None


@dataclass(frozen=True)
class Retry:
    who: str
    attempt: int          # 1 for the first retry
    failure: str          # why the attempt before it failed
    paused_s: float

    def describe(self) -> str:
        return (f"{self.who}'s chat connection, retry {self.attempt} after {self.paused_s:.1f} s: "
                f"the previous attempt failed ({self.failure})")


def connect(open_once: Callable[[], T], who: str, evidence: Evidence, wait_s: float,
            allowed: int = 0) -> T:
    """``open_once()``, again after an ``EnvironmentDown`` while ``allowed`` retries remain.

    Each retry is a note in ``evidence`` and is kept there (``Evidence.retries``) for the
    scenario's end. Only ``EnvironmentDown`` is retried: a refused pass or a closed socket is
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
            retry = Retry(who, attempt, down.detail.split(";")[0], pause)
            evidence.note(f"flaky: {retry.describe()}")
            evidence.retried(retry)
            time.sleep(pause)


def mark_flaky(scenario, made: list[Retry]) -> None:
    """Tag the scenario ``flaky`` in the report and say why on the console."""
    if not made:
        return
    reasons = "; ".join(retry.describe() for retry in made)
    # The real stderr: behave captures hook output and shows it only for failures.
    print(f"FLAKY: scenario '{scenario.name}' needed {len(made)} connection "
          f"{plural(len(made), 'retry', 'retries')}: {reasons}", file=sys.__stderr__, flush=True)
    scenario.flaky_retries = made    # for a formatter that sets Allure's own flaky flag
    if allure is not None:
        _tag_current_allure_result(FLAKY_TAG)
        allure.attach("\n".join(retry.describe() for retry in made), name="connection retries",
                      attachment_type=allure.attachment_type.TEXT)


def _tag_current_allure_result(tag: str) -> None:
    """allure-behave 2.16 ignores ``allure.dynamic.tag``: add the label to the open result."""
    for plugin in allure_commons.plugin_manager.get_plugins():
        logger, uuid = getattr(plugin, "logger", None), getattr(plugin, "current_scenario_uuid", None)
        result = logger.get_test(uuid) if logger is not None and uuid else None
        if result is not None:
            result.labels.append(Label(name="tag", value=tag))
