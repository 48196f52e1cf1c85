"""One person's answer against the promise the feature states ("within 1 second").

A single journey compares its one measurement with a per-answer limit written
in the feature (``journeys.rules.promises``), never with a p95 objective: one answer
has no 95th percentile. A check of an answer looks at its meaning and its time
together and reports both problems when both occur (``journeys.findings``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..errors import ProtocolViolation, ServiceLevelBreach
from ..evidence import ASKED, transcript_ref
from .expectations import expect_a_run, expect_cost_answer
from ..findings import Findings
from ..rules.promises import Promise

if TYPE_CHECKING:
    from .people import Person


def expect_start_kept(person: Person, promise: Promise) -> None:
    """The assistant showed it was at work (agent_started) within the promised time."""
    turn = person.last_turn
    expect_a_run(turn)
    started = turn.seconds_to("agent_started")
    if started is None:
        raise ProtocolViolation(
            f"{turn.who} never saw the assistant start (no agent_started); the run sent: "
            f"{turn.summary()}", evidence=transcript_ref(turn.who, ASKED))
    _hold_to(person, promise, started, "the assistant started", f"{turn.who} saw the assistant start",
             cause="the assistant starts too late")


def expect_answer_time_kept(person: Person, promise: Promise) -> None:
    """The whole answer (agent_completed) arrived within the promised time; no answer is left to
    the meaning check, which reports it."""
    turn = person.last_turn
    answered = turn.seconds_to("agent_completed")
    if answered is None:
        return
    _hold_to(person, promise, answered, "the whole answer arrived", f"{turn.who}'s whole answer arrived",
             cause="the answer arrives too late")


def expect_cost_answer_in_time(person: Person, promise: Promise) -> None:
    """A costed, meaningful answer, all of it within the promise: both checked, both reported."""
    findings = Findings()
    findings.check(expect_cost_answer, person.last_turn)
    findings.check(expect_answer_time_kept, person, promise)
    findings.raise_any()


def _hold_to(person: Person, promise: Promise, seconds: float, noted: str, breached: str,
             cause: str) -> None:
    """The measurement beside its promise, in the step's evidence, for a pass as for a failure;
    a breach when it is over the promise's limit."""
    person.evidence.note(f"{person.name}: {noted} {seconds:.2f} s after the question; "
                         f"promise: {promise.describe()}")
    if seconds > promise.limit_s:
        raise ServiceLevelBreach(
            f"{breached} {seconds:.2f} s after asking; the promise is {promise.describe()}",
            evidence=transcript_ref(person.last_turn.who, ASKED), cause=cause)
