"""What a scenario or the run measured beside its exchanges: a chat connection tried again, a
series of durations, a rate, the run's tally of scenarios. Plain records: the wire and the
capabilities make them, ``journeys.evidence.Evidence`` keeps a scenario's, and the report wing
renders them (``journeys.report.hooks``, ``run_files``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Retry:
    """A chat connection tried again (``journeys.wire.retries``): it marks its scenario flaky."""

    who: str
    attempt: int          # 1 for the first retry
    failure: str          # why the attempt before it failed
    paused_s: float

    def describe(self) -> str:
        return (f"{self.who}'s chat connection, retry {self.attempt} after {self.paused_s:.1f} s: "
                f"the previous attempt failed ({self.failure})")


@dataclass(frozen=True)
class Measurement:
    """Measured durations of one kind, for the service-level table and chart."""

    title: str                         # "Time to the answer"
    values_s: tuple[float, ...]
    objective_p95_s: float | None = None


@dataclass(frozen=True)
class RateRecord:
    """A rate a step measured: a step parameter and attachment, and a JUnit property ``rate: <what>``."""

    what: str                          # "meaningful answers with the right figures"
    described: str                     # "9/10, at least 9 of 10" (``Rate.describe``, what the history reads)
    sentence: str                      # the rate, its 95 % interval and the threshold, for a person
    attempts: tuple[str, ...] = ()     # one line per attempt: its verdict, category and transcript


class RunTally:
    """What the whole run records for its reports beside each scenario's ``Evidence``: how many
    of its scenarios ran (not skipped), ``outcome.json``'s ``scenarios_ran``. One per run, made
    in ``before_all`` and kept on behave's context (``journeys.report.hooks``)."""

    def __init__(self) -> None:
        self.scenarios_ran = 0

    def scenario_ended(self, status: str) -> None:
        """A scenario's end, with behave's status name: skipped and untested ones did not run."""
        if status not in ("skipped", "untested"):
            self.scenarios_ran += 1
