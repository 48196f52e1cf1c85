"""A measured series of questions and its service-level figures (CONTRACT section 6).

One lucky turn says nothing about service levels; a series does. A person
asks different questions one after another on one connection, each turn is
timed from the moment its frame was sent (``slo.TurnTiming``), and the
figures (p50, p95, max) are computed from those measurements only, and beside
them the answers' quality as a rate ("9 of 10 answers meaningful", with its 95 %
Wilson interval, ``Series.quality``): a model's answers vary, so a series says
how often they were right as it says how fast they came. They are
written where people read them (the step's "service levels" attachment, the
scenario's captured output and the report's measurements) before any
objective is checked, so a passing run shows its figures too, and a breach
repeats them in its message.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import AnswerNotMeaningful, PlatformError, ProtocolViolation, ServiceLevelBreach, SuiteError
from .expectations import expect_meaningful_answer
from ..findings import Findings
from .people import Person
from ..rules.rates import Rate
from ..rules.promises import ANSWER as PROMISED_ANSWER, FIRST_EVENT as PROMISED_START, Promise
from .questions import cost_question
from ..rules.slo import Summary, TurnTiming, summarise
from ..wire.turns import Turn

FIRST_EVENT = "time to first event"
ANSWER = "time to answer"
LONGEST_GAP = "longest gap"
CHANNEL = "service levels"
EVIDENCE = f"attachment '{CHANNEL}' on the step that asked, and each turn in the chat transcript"
QUALITY = "meaningful answers"
QUALITY_CHANNEL = "answer quality"      # "meaningful answers: 9/10" (Rate.describe), read by the summary


@dataclass(frozen=True)
class Series:
    """The turns of one person's measured series, with each turn's timing."""

    who: str
    turns: tuple[Turn, ...]
    timings: tuple[TurnTiming, ...]
    objectives: dict[str, float]        # figure -> p95 limit in seconds, as the target set them
    wrong_answers: tuple[PlatformError, ...] = ()   # turns answered in time but not meaningfully

    def summary(self, figure: str) -> Summary:
        return summarise(self.values(figure))

    def values(self, figure: str) -> list[float]:
        attribute = {FIRST_EVENT: "first_event_s", ANSWER: "answer_s",
                     LONGEST_GAP: "longest_gap_s"}.get(figure)
        if attribute is None:
            raise SuiteError(f"no figure called {figure!r}; known: {FIRST_EVENT}, {ANSWER}, {LONGEST_GAP}")
        return [getattr(t, attribute) for t in self.timings]

    def quality(self) -> Rate:
        """Meaningful answers of the questions timed: every timed turn ended, and its answer was
        judged (``wrong_answers`` holds the ones that were not meaningful)."""
        return Rate(len(self.timings) - len(self.wrong_answers), len(self.timings))

    def table(self) -> str:
        """The figures, one line each, with the objective where there is one; then the answers' quality."""
        lines = [f"{self.who}'s service levels over {len(self.timings)} questions asked one after "
                 f"another (seconds from sending the question):"]
        for figure in (FIRST_EVENT, ANSWER, LONGEST_GAP):
            s = self.summary(figure)
            goal = (f"objective: p95 under {self.objectives[figure]:.2f}" if figure in self.objectives
                    else "no objective")
            lines.append(f"  {figure:<20} p50 {s.p50:6.3f}  p95 {s.p95:6.3f}  max {s.max:6.3f}  ({goal})")
        lines.append(f"  {'answer quality':<20} {answers_meaningful(self.quality())}")
        return "\n".join(lines)


def measure_series(person: Person, count: int | None = None) -> Series:
    """Ask ``count`` (E2E_SLO_TURNS) different cost questions in turn, and time every one.

    A turn whose answer is not meaningful is still timed (its run did finish)
    and kept in ``wrong_answers``, so a series both slow and wrong reports
    both. Only a turn that cannot be timed at all (no start or no end) stops
    the series, with that turn's own failure and every wrong answer before it.
    """
    count = person.settings.slo_turns if count is None else count
    objectives = {FIRST_EVENT: person.settings.slo_first_event_p95_s,
                  ANSWER: person.settings.slo_answer_p95_s}
    if count < 1:
        raise SuiteError(f"a measured series needs at least one question; E2E_SLO_TURNS is {count}")
    turns, timings = [], []
    wrong = Findings()
    for index in range(count):
        turn = person.ask(cost_question(index))
        timing = TurnTiming.from_events(turn.sent_at, turn.events)
        if timing.first_event_s is None or timing.answer_s is None:
            wrong.check(expect_meaningful_answer, turn)
            wrong.add(ProtocolViolation(
                f"{person.name}'s question {index + 1} of {count} could not be timed: the run sent "
                f"{turn.summary()}", evidence=EVIDENCE))
            wrong.raise_any()
        wrong.check(expect_meaningful_answer, turn)
        turns.append(turn)
        timings.append(timing)
    series = Series(person.name, tuple(turns), tuple(timings), dict(objectives), tuple(wrong.problems))
    _publish(person, series)
    return series


def expect_series_keeps(series: Series, promises: list[Promise]) -> None:
    """Every promise ("95 of every 100 answers within 2 seconds") and every answer's meaning,
    checked together: a series both slow and wrong reports the breach and the wrong answers."""
    findings = Findings()
    if series.wrong_answers:
        findings.add(_wrong_answers(series))
    figures = {PROMISED_START: FIRST_EVENT, PROMISED_ANSWER: ANSWER}
    for kept in promises:
        figure = figures[kept.figure]
        values = sorted(series.values(figure))
        within = sum(1 for v in values if v <= kept.limit_s)
        needed = kept.share * len(values) / 100
        if within < needed:
            findings.add(ServiceLevelBreach(
                f"{series.who}'s {figure}: {within} of {len(values)} within "
                f"{kept.limit_s:g} s; the promise is {kept.describe()}.\n{series.table()}",
                evidence=EVIDENCE, cause=f"the {kept.figure} misses its promise"))
    findings.raise_any()


def answers_meaningful(rate: Rate) -> str:
    """ "96 of 100 answers meaningful (96%; 95 % confidence 90% to 99%, Wilson)": the phrase the
    series and the load mode both print beside their percentiles."""
    if not rate.attempts:
        return "no answer came, so none could be judged meaningful"
    low, high = rate.interval()
    return (f"{rate.successes} of {rate.attempts} answers meaningful ({rate.share:.0%}; 95 % "
            f"confidence {low:.0%} to {high:.0%}, Wilson)")


def _wrong_answers(series: Series) -> AnswerNotMeaningful:
    first = series.wrong_answers[0]
    lines = "\n".join(f"  - {problem.detail}" for problem in series.wrong_answers)
    return AnswerNotMeaningful(
        f"{len(series.wrong_answers)} of {len(series.timings)} of {series.who}'s answers were not "
        f"meaningful (all were timed):\n{lines}", evidence=EVIDENCE, cause=first.cause)


def _publish(person: Person, series: Series) -> None:
    table = series.table()
    print(table)                                  # behave's captured output for this step
    person.evidence.record(CHANNEL, table)        # the step's attachment and the transcript
    person.evidence.record(QUALITY_CHANNEL, f"{QUALITY}: {series.quality().describe()}")   # the summary's
    for figure, title in ((FIRST_EVENT, "Time to the first event"), (ANSWER, "Time to the answer"),
                          (LONGEST_GAP, "Longest gap between events")):
        person.evidence.measure(title, series.values(figure), series.objectives.get(figure))
