"""Service levels from measured figures (CONTRACT.md section 6).

Percentiles use the **nearest-rank** method: the p-th percentile of n sorted
values is the value at rank ceil(p/100 * n) (rank 1 is the smallest; p = 0
gives the smallest). It was chosen over linear interpolation because every
figure it reports is one the suite actually measured ("measured values are
reported, never invented"), and because with the small samples a journey run
collects (tens of turns) it errs towards the slower turn, which is the safe
side for an objective: p95 of 20 turns is the 19th fastest, not a blend of the
two slowest.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ..errors import ServiceLevelBreach, SuiteError
from ..events import TERMINAL_KINDS, Event
from ..plurals import plural


@dataclass(frozen=True)
class Summary:
    count: int
    p50: float
    p95: float
    p99: float
    max: float
    mean: float

    def describe(self, unit: str = "s") -> str:
        return (f"p50 {self.p50:.2f} {unit}, p95 {self.p95:.2f} {unit}, p99 {self.p99:.2f} {unit}, "
                f"max {self.max:.2f} {unit}, mean {self.mean:.2f} {unit} over {self.count}")


@dataclass(frozen=True)
class TurnTiming:
    """One turn's figures, in seconds from the moment the user's frame was sent.

    A figure is ``None`` when the event it measures never came: the suite
    reports what it measured and nothing else.
    """

    first_event_s: float | None    # to agent_started
    answer_s: float | None         # to the terminal event (agent_completed or agent_error)
    longest_gap_s: float | None    # longest silence, counting send -> first event
    frames: int

    @classmethod
    def from_events(cls, sent_at: float, events: Sequence[Event]) -> TurnTiming:
        """``events`` are the turn's events (one run's) with ``at`` on the clock of ``sent_at``."""
        early = [e for e in events if e.at < sent_at]
        if early:
            raise SuiteError(f"event {early[0].kind} was stamped {sent_at - early[0].at:.3f} s "
                             f"before the message was sent; sent_at and Event.at must come "
                             f"from the same clock (time.monotonic())")
        started = next((e.at for e in events if e.kind == "agent_started"), None)
        ended = next((e.at for e in events if e.kind in TERMINAL_KINDS), None)
        moments = [sent_at] + sorted(e.at for e in events)
        gaps = [later - earlier for earlier, later in zip(moments, moments[1:])]
        return cls(
            first_event_s=None if started is None else started - sent_at,
            answer_s=None if ended is None else ended - sent_at,
            longest_gap_s=max(gaps) if gaps else None,
            frames=len(events),
        )


def percentile(values: Iterable[float], p: float) -> float:
    """Nearest-rank percentile (see the module docstring)."""
    ordered = sorted(_measured(values, f"the p{p:g}"))
    if not 0 <= p <= 100:
        raise SuiteError(f"percentile p{p:g} asked for; p must be between 0 and 100")
    rank = max(1, math.ceil(round(p * len(ordered) / 100, 9)))  # round: 0.57 * 100 is 57.000...01
    return ordered[rank - 1]


def summarise(values: Iterable[float]) -> Summary:
    measured = _measured(values, "a summary")
    return Summary(
        count=len(measured),
        p50=percentile(measured, 50),
        p95=percentile(measured, 95),
        p99=percentile(measured, 99),
        max=max(measured),
        mean=math.fsum(measured) / len(measured),
    )


def check_objective(name: str, summary: Summary, p95_limit_s: float) -> None:
    """Raise ``ServiceLevelBreach`` unless ``summary.p95`` is under ``p95_limit_s``."""
    breach = breach_of(name, summary, p95_limit_s, plural(summary.count, "turn"))
    if breach is not None:
        raise ServiceLevelBreach(breach)


def breach_of(name: str, summary: Summary, p95_limit_s: float, counted: str) -> str | None:
    """The breach sentence for ``summary`` (None when it is under the objective)."""
    if summary.p95 < p95_limit_s:
        return None
    return breach_sentence(name, summary.p95, summary.count, counted, p95_limit_s,
                           f"p50 {summary.p50:.2f} s, max {summary.max:.2f} s")


def breach_sentence(name: str, p95_s: float, count: int, counted: str, p95_limit_s: float,
                    figures: str) -> str:
    """The one way a missed objective is said, by the journeys, the load mode and Locust's gate."""
    return (f"{name} p95 was {p95_s:.2f} s over {count} {counted} ({figures}); objective is under "
            f"{p95_limit_s:.2f} s")


def breach_headline(name: str, p95_s: float, p95_limit_s: float) -> str:
    """The same breach, short, for a product owner's headline ("answer p95 3.40 s, objective
    under 2 s"); ``breach_sentence`` gives the engineer the counts and figures behind it."""
    return f"{name} p95 {p95_s:.2f} s, objective under {p95_limit_s:g} s"


def unmeasured(name: str, p95_limit_s: float) -> str:
    return f"no {name} was measured, so its objective (p95 under {p95_limit_s:g} s) cannot be met"


def percentile_table(heading: str, rows: list[tuple[str, list[str]]], extra: tuple[str, ...] = (),
                     width: int = 8) -> str:
    """The one table of figures: a stage per row, count (and ``extra``) then p50, p95, p99, max."""
    columns = [(c, 6) for c in ("count",) + extra] + [(c, width) for c in ("p50", "p95", "p99", "max")]
    lines = [f"{heading:<14} " + " ".join(f"{c:>{w}}" for c, w in columns)]
    lines += [f"{name:<14} " + " ".join(f"{cell:>{w}}" for (_, w), cell in zip(columns, cells))
              for name, cells in rows]
    return "\n".join(lines)


def _measured(values: Iterable[float], purpose: str) -> list[float]:
    measured = list(values)
    if not measured:
        raise SuiteError(f"no measurements to compute {purpose} from; "
                         f"a figure needs at least one measured turn")
    for value in measured:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not math.isfinite(value):
            raise SuiteError(f"{value!r} is not a measured duration; cannot compute {purpose}")
    return measured
