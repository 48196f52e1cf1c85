"""A measured series of questions and its service-level figures (CONTRACT section 6).

One lucky turn says nothing about service levels; a series does. A person
asks different questions one after another on one connection, each turn is
timed from the moment its frame was sent (``slo.TurnTiming``), and the
figures (p50, p95, max) are computed from those measurements only. They are
written where people read them (the step's "service levels" attachment, the
scenario's captured output and the report's measurements) before any
objective is checked, so a passing run shows its figures too, and a breach
repeats them in its message.
"""

from __future__ import annotations

from dataclasses import dataclass

from .errors import ProtocolViolation, ServiceLevelBreach, SuiteError
from .expectations import expect_meaningful_answer
from .people import Person
from .questions import cost_question
from .slo import Summary, TurnTiming, check_objective, summarise
from .turns import Turn

FIRST_EVENT = "time to first event"
ANSWER = "time to answer"
LONGEST_GAP = "longest gap"
CHANNEL = "service levels"
EVIDENCE = f"attachment '{CHANNEL}' on the step that asked, and each turn in the chat transcript"


@dataclass(frozen=True)
class Series:
    """The turns of one person's measured series, with each turn's timing."""

    who: str
    turns: tuple[Turn, ...]
    timings: tuple[TurnTiming, ...]
    objectives: dict[str, float]        # figure -> p95 limit in seconds, as the target set them

    def summary(self, figure: str) -> Summary:
        return summarise(self.values(figure))

    def values(self, figure: str) -> list[float]:
        attribute = {FIRST_EVENT: "first_event_s", ANSWER: "answer_s",
                     LONGEST_GAP: "longest_gap_s"}.get(figure)
        if attribute is None:
            raise SuiteError(f"no figure called {figure!r}; known: {FIRST_EVENT}, {ANSWER}, {LONGEST_GAP}")
        return [getattr(t, attribute) for t in self.timings]

    def table(self) -> str:
        """The figures, one line each, with the objective where there is one."""
        lines = [f"{self.who}'s service levels over {len(self.timings)} questions asked one after "
                 f"another (seconds from sending the question):"]
        for figure in (FIRST_EVENT, ANSWER, LONGEST_GAP):
            s = self.summary(figure)
            goal = (f"objective: p95 under {self.objectives[figure]:.2f}" if figure in self.objectives
                    else "no objective")
            lines.append(f"  {figure:<20} p50 {s.p50:6.3f}  p95 {s.p95:6.3f}  max {s.max:6.3f}  ({goal})")
        return "\n".join(lines)


def measure_series(person: Person) -> Series:
    """Ask E2E_SLO_TURNS different cost questions in turn; every turn must be a real answer.

    A turn that is not a complete run with a meaningful answer stops the
    series with that turn's own failure: an answer that is not one has no
    time to answer to report.
    """
    count = person.settings.slo_turns
    objectives = {FIRST_EVENT: person.settings.slo_first_event_p95_s,
                  ANSWER: person.settings.slo_answer_p95_s}
    if count < 1:
        raise SuiteError(f"a measured series needs at least one question; E2E_SLO_TURNS is {count}")
    turns, timings = [], []
    for index in range(count):
        turn = person.ask(cost_question(index))
        expect_meaningful_answer(turn)
        timing = TurnTiming.from_events(turn.sent_at, turn.events)
        if timing.first_event_s is None or timing.answer_s is None:
            raise ProtocolViolation(
                f"{person.name}'s question {index + 1} of {count} could not be timed: the run sent "
                f"{turn.summary()}", evidence=EVIDENCE)
        turns.append(turn)
        timings.append(timing)
    series = Series(person.name, tuple(turns), tuple(timings), dict(objectives))
    _publish(person, series)
    return series


def expect_within_objective(series: Series, figure: str) -> None:
    """The figure's p95 is under its objective; a breach names the figure, the limit and all figures."""
    if figure not in series.objectives:
        raise SuiteError(f"{figure} has no objective; objectives are set for "
                         f"{', '.join(series.objectives) or 'nothing'}")
    try:
        check_objective(figure, series.summary(figure), series.objectives[figure])
    except ServiceLevelBreach as breach:
        raise ServiceLevelBreach(f"{series.who}'s {breach.detail}.\n{series.table()}",
            evidence=EVIDENCE) from None


def _publish(person: Person, series: Series) -> None:
    table = series.table()
    print(table)                                  # behave's captured output for this step
    person.evidence.record(CHANNEL, table)        # the step's attachment and the transcript
    for figure, title in ((FIRST_EVENT, "Time to the first event"), (ANSWER, "Time to the answer"),
                          (LONGEST_GAP, "Longest gap between events")):
        person.evidence.measure(title, series.values(figure), series.objectives.get(figure))
