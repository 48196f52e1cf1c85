"""Too many questions too fast (CONTRACT section 9): refused in plain words, and the limit resets.

The target declares its limit (``E2E_RATE_LIMIT`` questions per ``E2E_RATE_WINDOW_S``
seconds); the journey sends one question more than that, back to back, and needs
one ``RATE_LIMITED`` refusal while the others are answered. Every accepted answer
is read to its end, so later questions on the same chat start clean. The reset
is waited for for real: the window, counted from the first question.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from ..errors import ProtocolViolation, StreamClosed, StreamTimeout
from ..events import TERMINAL_KINDS, Event, is_run_event
from ..rules.refusals import describe, refusal_problems
from ..evidence import transcript_ref
from ..rules.unchecked import skipped_because
from ..wire.turns import Turn
from ..wire.protocol import question_frame

RATE_LIMITED = "RATE_LIMITED"
RESET_MARGIN_S = 0.3


@dataclass
class Flood:
    who: str
    limit: int
    window_s: float
    first_sent: float
    refusals: list[Event] = field(default_factory=list)

    def declared(self) -> str:
        return f"{self.limit} questions every {self.window_s:g} s"


def skipped_without_a_limit(scenario, settings, evidence) -> bool:
    """Skip ``scenario`` on a target that declares no rate limit; the reason goes to its notes too."""
    if settings.rate_limit > 0:
        return False
    return skipped_because(scenario, evidence, f"target '{settings.target}' declares no rate limit "
                           "(E2E_RATE_LIMIT), so the journey cannot know how many questions are too many")


def flood(person, settings) -> Flood:
    """One question more than the limit, back to back; read until every answer has ended."""
    stream, count = person.chat(), settings.rate_limit + 1
    sent = [stream.send(question_frame(
        f"How much would {n + 1} million GPT-4o tokens a month cost?"),
        label=f"question {n + 1}") for n in range(count)]
    result = Flood(person.name, settings.rate_limit, settings.rate_window_s, sent[0])
    ended: set = set()
    heard = sent[0]
    while len(ended) + len(result.refusals) < count:
        # every answer within the turn's deadline, and never a silence longer than a single wait
        deadline = min(sent[0] + stream.policy.turn_s, heard + stream.policy.wait_s)
        try:
            event = stream.next_event(deadline, f"an answer or a refusal for each of {count} questions")
        except StreamTimeout as silent:
            raise ProtocolViolation(f"{person.name} asked {count} questions at once; {len(ended)} were "
                                    f"answered and {len(result.refusals)} refused, the rest got nothing. "
                                    f"{silent.detail}", evidence=transcript_ref(person.name)) from None
        if event.kind == "error_message":
            result.refusals.append(event)
        elif is_run_event(event) and event.kind in TERMINAL_KINDS:
            ended.add(event.run_id)
        if event.kind == "error_message" or is_run_event(event):   # not a heartbeat: progress
            heard = time.monotonic()
    return result


def expect_told_to_slow_down(result: Flood) -> None:
    who = result.who
    if not result.refusals:
        raise ProtocolViolation(
            f"{who} was never told to slow down: {result.limit + 1} questions in a row, more than the "
            f"{result.declared()} the target declares, were all answered", evidence=transcript_ref(who))
    problems = refusal_problems(result.refusals[0], (RATE_LIMITED,))
    if problems:
        raise ProtocolViolation(f"{who} asked too fast and was refused without plain words: "
                                f"{'; '.join(problems)} ({describe(result.refusals[0])})",
                                evidence=transcript_ref(who))


def ask_after_reset(person, result: Flood, question: str) -> Turn:
    """Wait out the window (for real, bounded by it), then ask; still refused is a failure."""
    time.sleep(max(0.0, result.first_sent + result.window_s + RESET_MARGIN_S - time.monotonic()))
    turn = person.ask(question)
    if turn.refusal is not None:
        waited = time.monotonic() - result.first_sent
        raise ProtocolViolation(
            f"{person.name}'s limit never reset: {waited:.1f} s after the first question they were still "
            f"refused ({describe(turn.refusal)}), though the target declares {result.declared()}",
            evidence=transcript_ref(person.name))
    return turn


def expect_chat_still_works(person) -> None:
    if not person.chat().still_usable():
        raise StreamClosed(f"{person.name}'s chat stopped answering a ping after being told to slow down",
                           evidence=transcript_ref(person.name))
