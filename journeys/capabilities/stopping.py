"""Stopping an answer (CONTRACT section 9): ``stop_agent`` ends the asker's run, nobody else's.

The premise is made real and checked: the question asks for a detailed answer,
the stop is sent only once the run has started, and if the answer had already
finished by then the outcome says so (the journey is skipped with that reason,
never passed). After ``agent_stopped`` we listen a little longer, because
"nothing more for that run" can only be seen by waiting for it. The history is
read at once, and read again until the answer would have finished: a platform
that only says it stopped writes the whole answer there seconds later.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass, field

from ..errors import ApiError, ProtocolViolation, SecurityBreach, StreamTimeout
from ..events import TERMINAL_KINDS, Event, is_run_event
from .expect_history import conversation_of, said, whole_history
from ..evidence import HTTP, pointer, transcript_ref
from ..rules.unchecked import skipped_because
from ..wire.turns import Turn
from ..wire.protocol import question_frame

STOP_WITHIN_S = 2.0       # CONTRACT section 9
LISTEN_AFTER_STOP_S = 1.0
STOPPED = "agent_stopped"
WHOLE_ANSWER_EVENTS = 10  # a detailed costed answer: started, 4 thoughts, 2 tools of 2 events, completed
MARGIN_EVENTS = 3         # read again this many events' time after it would have finished
MIN_REREAD_EVERY_S = 0.25  # however quick the pace, the history is read at most 4 times a second


@dataclass
class Stop:
    """A run someone tried to stop: what came before and after the stop."""

    turn: Turn
    stopped_by: str
    stop_sent_at: float | None = None
    stopped: Event | None = None
    after: list[Event] = field(default_factory=list)   # events of the run after agent_stopped
    too_quick: str | None = None                       # why the premise did not happen

    @property
    def who(self) -> str:
        return self.turn.who


def ask_and_await_start(person, question: str) -> Turn:
    """Ask, and return as soon as the run has started (its first event)."""
    stream = person.chat()
    sent_at = stream.send(question_frame(question))
    turn = Turn(person.name, question, sent_at)
    deadline = sent_at + stream.policy.wait_s
    while not turn.events:
        event = stream.next_event(deadline, "the first event of the run")
        if event.kind == "error_message":
            raise ProtocolViolation(f"{person.name} asked {question!r} and was refused: "
                                    f"{event.fields.get('error_message')!r}",
                                    evidence=transcript_ref(person.name))
        if is_run_event(event):
            turn.events.append(event)
    person.turns.append(turn)
    return turn


def send_stop(stopper, turn: Turn) -> Stop:
    """``stopper`` asks the chat to stop ``turn``'s answer; premise checked first."""
    stop = Stop(turn, stopper.name)
    if turn.terminal is not None:
        stop.too_quick = (f"the answer to {turn.question!r} had finished "
                          f"{turn.elapsed_s:.1f} s after asking, before it could be stopped")
        return stop
    stop.stop_sent_at = stopper.chat().send({"type": "stop_agent", "payload": {"run_id": turn.run_id}})
    return stop


def follow(person, stop: Stop) -> Stop:
    """Read the run's events on ``person``'s chat until it ends or stops (within a whole
    answer's deadline, the policy's ``turn_s``), then listen on."""
    stream, turn = person.chat(), stop.turn
    deadline = time.monotonic() + stream.policy.turn_s
    while True:
        try:
            event = stream.next_event(deadline, "the end of the answer or word that it stopped")
        except StreamTimeout:
            return stop
        if event.run_id != turn.run_id:
            continue
        if event.kind == STOPPED and stop.stopped is None:
            stop.stopped = event
            deadline = time.monotonic() + LISTEN_AFTER_STOP_S
        elif is_run_event(event) or event.kind == STOPPED:
            (stop.after if stop.stopped else turn.events).append(event)
            if event.kind in TERMINAL_KINDS and stop.stopped is None:
                deadline = min(deadline, time.monotonic() + LISTEN_AFTER_STOP_S)


def stop_answer(stopper, owner, scenario) -> Stop:
    """``stopper`` stops ``owner``'s answer in progress (given its id: the worst case), and we watch.

    When the answer had already finished, ``scenario`` is skipped with that reason.
    """
    stop = send_stop(stopper, owner.last_turn)
    if skipped_because(scenario, owner.evidence, stop.too_quick):
        return stop
    return follow(owner, stop)


def expect_stopped_promptly(stop: Stop, within_s: float = STOP_WITHIN_S) -> None:
    who, late = stop.who, ""
    if stop.stopped is not None:
        took = stop.stopped.at - stop.stop_sent_at
        if took <= within_s:
            return
        late = f"word that it stopped came only after {took:.1f} s"
    ended = stop.turn.terminal
    observed = late or (f"the answer went on to {ended.kind}" if ended else "nothing said it stopped")
    raise ProtocolViolation(
        f"{who} stopped the answer to {stop.turn.question!r}, and it did not stop within "
        f"{within_s:g} s: {observed}. Events of the answer: {stop.turn.summary()}",
        evidence=transcript_ref(who))


def expect_nothing_more(stop: Stop) -> None:
    if stop.after:
        raise ProtocolViolation(
            f"{stop.who}'s answer kept coming after it was stopped: "
            f"{', '.join(e.describe() for e in stop.after)} arrived after agent_stopped "
            f"(we listened {LISTEN_AFTER_STOP_S:.0f} s)", evidence=transcript_ref(stop.who))


def expect_stopped_in_history(person, stop: Stop) -> None:
    """The question is kept; no answer after it, or one marked stopped."""
    conversation = _conversation(person, stop)
    held = whole_history(person, conversation)
    if ("user", stop.turn.question) not in said(held):
        raise ApiError(f"{person.name} stopped an answer and the conversation lost the question: "
                       f"it holds {len(held)} message(s)", evidence=pointer(HTTP))
    answers = unmarked_answers(held)
    if answers:
        raise ApiError(f"{person.name} stopped the answer to {stop.turn.question!r}, but the conversation "
                       f"holds an answer not marked stopped: {str(answers[0].get('content'))[:200]!r}",
                       evidence=pointer(HTTP))
    expect_no_answer_written_late(person, stop, lambda: whole_history(person, conversation))


def unmarked_answers(held: list[dict]) -> list[dict]:
    """The assistant's messages in a history that do not say they were stopped."""
    return [m for m in held if m.get("role") == "assistant"
            and "stopped" not in json.dumps(m.get("metadata") or {}).lower()]


def would_have_finished_at(stop: Stop, turn_s: float) -> tuple[float, float]:
    """When the stopped answer would have ended had nobody stopped it, and the pace that says so.

    The pace is measured on the answer itself: the time from asking to its last event before
    the stop, per event. A detailed answer, the kind this journey asks for, runs
    ``WHOLE_ANSWER_EVENTS`` events at that pace; ``MARGIN_EVENTS`` more are the margin. Never
    later than the policy's deadline for a whole answer (``turn_s`` after asking).
    """
    turn = stop.turn
    pace_s = (turn.events[-1].at - turn.sent_at) / len(turn.events)
    return turn.sent_at + min(turn_s, pace_s * (WHOLE_ANSWER_EVENTS + MARGIN_EVENTS)), pace_s


def expect_no_answer_written_late(person, stop: Stop, read_history) -> None:
    """Read the history again, until the stopped answer would have finished: a platform that only
    says it stopped goes on and writes the whole answer seconds later (issue 19). ``read_history``
    reads the conversation the stop journey checked; it fails as soon as an answer appears."""
    until, pace_s = would_have_finished_at(stop, person.policy.turn_s)
    every_s = max(pace_s, MIN_REREAD_EVERY_S)
    while True:
        answers = unmarked_answers(read_history())
        if answers:
            raise ApiError(
                f"{person.name} stopped the answer to {stop.turn.question!r}, and "
                f"{time.monotonic() - stop.stop_sent_at:.1f} s after the stop the conversation holds "
                f"an answer not marked stopped: {str(answers[0].get('content'))[:200]!r} "
                f"(it was not there at once; we read it again until {until - stop.turn.sent_at:.1f} s "
                f"after asking, when the whole answer would have finished at the pace measured "
                f"before the stop, {pace_s:.2f} s an event)", evidence=pointer(HTTP))
        if time.monotonic() >= until:
            return
        time.sleep(min(every_s, max(0.0, until - time.monotonic())))


def _conversation(person, stop: Stop) -> str | None:
    """Named by the run's events or by agent_stopped (``run-events-without-thread``: the run's
    first events may name only the run), else found in the history (``conversation_of``)."""
    return conversation_of(person, stop.turn, stop.stopped)


def expect_answer_not_stopped(stop: Stop) -> None:
    """Someone else's stop did nothing: the answer arrived whole, with no word of stopping."""
    owner, stranger = stop.who, stop.stopped_by
    if stop.stopped is not None or stop.turn.answer is None:
        what = "said it stopped" if stop.stopped is not None else (
            f"ended with {stop.turn.terminal.kind}" if stop.turn.terminal else "never finished")
        raise SecurityBreach(
            f"{stranger} stopped {owner}'s answer: after {stranger} asked to stop {owner}'s answer to "
            f"{stop.turn.question!r}, it {what}. Events: {stop.turn.summary()}", evidence=transcript_ref(owner))
