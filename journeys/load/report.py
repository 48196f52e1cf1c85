"""A load run's figures, its summary table and its verdict.

Figures are the measured ones only: a stage a journey never reached has no
figure (it is counted as a failure instead). Percentiles are nearest-rank
(``slo.py``), so every p95 printed is a time some person actually waited.
Journeys per second is the passed journeys divided by the time from the start
of the measured phase to the last passed journey's end. Beside the
percentiles, answer quality as a rate: "96 of 100 answers meaningful", with
its 95 % Wilson interval (``answer_quality``), in the table and the JSON.
"""

from __future__ import annotations

import time
from collections import Counter
from dataclasses import dataclass, field

from ..errors import ProtocolViolation, ServiceLevelBreach
from .journey import JourneyResult
from ..config.settings import Settings
from ..plurals import counted
from ..capabilities.measurements import answers_meaningful
from ..rules.rates import Rate
from ..rules.slo import Summary, breach_headline, percentile_table, summarise, unmeasured

SHOWN_FAILURES = 3
EVIDENCE = "attachment \"many people's figures\" on the step that asked"


@dataclass
class LoadReport:
    settings: Settings
    people: int
    ramp_s: float
    results: list[JourneyResult]
    sign_in_wall_s: float
    measured_wall_s: float
    measured_from: float
    peak_in_flight: int
    stats: dict[str, Summary] = field(init=False)

    def __post_init__(self) -> None:
        columns = {
            "account": [r.account_s for r in self.results],
            "sign-in": [r.sign_in_s for r in self.results],
            "connect": [r.connect_s for r in self.results],
            "first event": [r.timing.first_event_s if r.timing else None for r in self.results],
            "answer": [r.timing.answer_s if r.timing else None for r in self.results],
            "longest gap": [r.timing.longest_gap_s if r.timing else None for r in self.results],
            "frames": [float(r.timing.frames) if r.timing else None for r in self.results],
            "history": [r.history_s for r in self.results],
        }
        self.stats = {name: summarise([v for v in values if v is not None])
                      for name, values in columns.items() if any(v is not None for v in values)}

    # -- counts ------------------------------------------------------------
    @property
    def passed_count(self) -> int:
        return sum(r.passed for r in self.results)

    @property
    def failed(self) -> list[JourneyResult]:
        return [r for r in self.results if not r.passed]

    @property
    def lost_event_runs(self) -> int:
        return sum(r.lost_events for r in self.results)

    def answer_quality(self) -> Rate:
        """Meaningful answers of the answers that came (a journey cut off before its answer
        has none to judge): a rate beside the percentiles, reported, never a verdict of its own
        (a journey with a wrong answer already failed)."""
        judged = [r.meaningful for r in self.results if r.meaningful is not None]
        return Rate(sum(judged), len(judged))

    @property
    def journeys_per_s(self) -> float:
        ends = [r.finished_at for r in self.results if r.passed]
        span = (max(ends) - self.measured_from) if ends else 0.0
        return len(ends) / span if span > 0 else 0.0

    # -- the verdict -------------------------------------------------------
    # A failure's first line is a headline for the product owner ("12 of 100 people got no
    # complete answer; answer p95 3.40 s, objective under 2 s"); the table and the first
    # failures, each in full, follow for the engineer. Nothing is said twice or cut short.
    def breaches(self) -> list[str]:
        s = self.settings
        found = []
        for stage, limit in (("answer", s.slo_answer_p95_s), ("first event", s.slo_first_event_p95_s)):
            summary = self.stats.get(stage)
            if summary is None:
                found.append(unmeasured(stage, limit))
            elif summary.p95 >= limit:
                found.append(breach_headline(stage, summary.p95, limit))
        return found

    @property
    def passed(self) -> bool:
        return not self.failed and not self.lost_event_runs and not self.breaches()

    def verdict_text(self) -> str:
        """The headline: who did not get an answer, what went missing, which objective was missed."""
        lines = []
        if self.failed:
            lines.append(f"{len(self.failed)} of {counted(self.people, 'person', 'people')} "
                         f"got no complete answer")
        if self.lost_event_runs:
            lines.append(f"{counted(self.lost_event_runs, 'answer')} lost part of the assistant's "
                         f"work on the way")
        lines += self.breaches()
        return "; ".join(lines) if lines else "every journey passed within the objectives"

    def journeys_error(self) -> ProtocolViolation | None:
        """Failed journeys or lost events: the headline, then the table and the first failures."""
        if not self.failed and not self.lost_event_runs:
            return None
        return ProtocolViolation(f"{self.verdict_text()}\n{self.details()}", evidence=EVIDENCE,
                                 cause="not everyone got a complete answer")

    def objectives_error(self) -> ServiceLevelBreach | None:
        breaches = self.breaches()
        if not breaches:
            return None
        return ServiceLevelBreach(f"{counted(self.people, 'person', 'people')} asked at once: "
                                  + "; ".join(breaches) + f"\n{self.details()}", evidence=EVIDENCE,
                                  cause="many people at once miss an objective")

    def details(self) -> str:
        """For the engineer, after the headline: where journeys failed, the table, the first failures."""
        lines = []
        if self.failed:
            kinds = Counter(_kind(r.failure) for r in self.failed)
            lines.append("failed at: " + ", ".join(f"{k} ({n})" for k, n in kinds.most_common()))
        lines.append(self.table(verdict=False))
        lines += [f"  failed: {r.failure}" for r in self.failed[:SHOWN_FAILURES]]
        if len(self.failed) > SHOWN_FAILURES:
            lines.append(f"  and {counted(len(self.failed) - SHOWN_FAILURES, 'more failure')}, "
                         f"in the attachment")
        return "\n".join(lines)

    def values(self, stage: str) -> list[float]:
        """A stage's measured seconds, one per journey that reached it (for charts)."""
        attribute = {"first event": "first_event_s", "answer": "answer_s",
                     "longest gap": "longest_gap_s"}[stage]
        return [getattr(r.timing, attribute) for r in self.results
                if r.timing is not None and getattr(r.timing, attribute) is not None]

    # -- output --------------------------------------------------------------
    def table(self, verdict: bool = True) -> str:
        """The figures; with ``verdict``, also the first failures and the verdict (the step's output)."""
        s = self.settings
        lines = [f"Load: {self.people} people, ramp {self.ramp_s:.1f} s, target '{s.target}' "
                 f"(sign-in by {s.auth_mode}, chat pass by {s.ws_auth})"]
        rows = []
        for name, summary in self.stats.items():
            unit = "" if name == "frames" else " s"
            shown = "{:.0f}" if name == "frames" else "{:.3f}"
            rows.append((name + unit, [str(summary.count)] + [shown.format(v) for v in (
                summary.p50, summary.p95, summary.p99, summary.max)]))
        lines.append(percentile_table("stage", rows))
        lines.append(f"answer quality: {answers_meaningful(self.answer_quality())}")
        lines.append(f"journeys: {self.passed_count} passed, {len(self.failed)} failed, "
                     f"{self.lost_event_runs} with lost events; {self.journeys_per_s:.1f} journeys/s; "
                     f"peak {self.peak_in_flight} in flight; sign-in phase "
                     f"{self.sign_in_wall_s:.1f} s, measured phase {self.measured_wall_s:.1f} s")
        lines.append(f"objectives: answer p95 under {s.slo_answer_p95_s:.2f} s, first event p95 "
                     f"under {s.slo_first_event_p95_s:.2f} s (percentiles by nearest rank)")
        if verdict:
            lines += [f"  failed: {r.failure}" for r in self.failed[:SHOWN_FAILURES]]
            lines.append(("PASSED: " if self.passed else "FAILED: ") + self.verdict_text())
        return "\n".join(lines)

    def as_dict(self) -> dict:
        return {"people": self.people, "ramp_s": self.ramp_s, "passed": self.passed,
                "passed_journeys": self.passed_count, "failed_journeys": len(self.failed),
                "lost_event_runs": self.lost_event_runs, "journeys_per_s": self.journeys_per_s,
                "peak_in_flight": self.peak_in_flight, "sign_in_wall_s": self.sign_in_wall_s,
                "measured_wall_s": self.measured_wall_s, "verdict": self.verdict_text(),
                "stats": {name: vars(summary) for name, summary in self.stats.items()},
                "meaningful_answers": quality_dict(self.answer_quality()),
                "measured_at": time.strftime("%Y-%m-%dT%H:%M:%S")}


def quality_dict(rate: Rate) -> dict:
    low, high = rate.interval()
    return {"rate": rate.describe(), "meaningful": rate.successes, "answers": rate.attempts,
            "wilson_95": [round(low, 4), round(high, 4)]}


def _kind(failure: str | None) -> str:
    """'[journey] product defect: ...' -> 'journey: product defect'."""
    if not failure:
        return "unfinished"
    stage, _, rest = failure.partition("] ")
    return f"{stage.lstrip('[')}: {rest.split(':', 1)[0]}"
