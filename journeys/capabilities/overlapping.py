"""Several answers in flight on one chat (CONTRACT section 5: runs may overlap; run_id tells them apart).

``ChatStream.collect_turn`` follows one run at a time. This reader follows
several: it sends every question first, then sorts the events by ``run_id``
until each run has ended, and learns which run answered which question from
each run's conversation (every question here starts its own), because the
contract fixes no order between overlapping runs.
"""

from __future__ import annotations

import time

from ..errors import ProtocolViolation, StreamTimeout
from ..events import TERMINAL_KINDS, is_run_event
from .expectations import expect_meaningful_answer
from .expect_history import whole_history
from ..evidence import transcript_ref
from ..wire.turns import Turn
from ..wire.protocol import question_frame


def ask_together(person, questions: list[str]) -> list[Turn]:
    """Send all ``questions`` back to back on one chat; one ``Turn`` per question, in order."""
    stream = person.chat()
    sent = [stream.send(question_frame(q),
                        label=f"question {n + 1}") for n, q in enumerate(questions)]
    runs = _collect_runs(person, stream, len(questions), sent[0])
    turns = _match(person, stream, questions, sent, runs)
    person.turns.extend(turns)
    return turns


def _collect_runs(person, stream, count: int, first_sent: float) -> dict[str, list]:
    runs: dict[str, list] = {}
    while sum(any(e.kind in TERMINAL_KINDS for e in events) for events in runs.values()) < count:
        policy = stream.policy      # a first reply within wait_s, then whole answers within turn_s
        deadline = first_sent + (policy.turn_s if runs else policy.wait_s)
        try:
            event = stream.next_event(deadline, f"the end of all {count} answers")
        except StreamTimeout as late:
            raise ProtocolViolation(f"{person.name} asked {count} questions at once and not every answer "
                                    f"finished: {late.detail}", evidence=transcript_ref(person.name)) from None
        if event.kind == "error_message":
            raise ProtocolViolation(f"{person.name} asked {count} questions at once and one was refused: "
                                    f"{event.fields.get('error_message')!r}",
                                    evidence=transcript_ref(person.name))
        if not is_run_event(event):
            continue
        events = runs.setdefault(event.run_id, [])
        if event.kind == "agent_started" and any(e.kind == "agent_started" for e in events):
            raise ProtocolViolation(
                f"the answers to {person.name}'s {count} questions were mixed together: two answers "
                f"came under one run id ({event.run_id}), so no one can tell them apart",
                evidence=transcript_ref(person.name))
        events.append(event)
    return runs


def _match(person, stream, questions: list[str], sent: list[float], runs: dict[str, list]) -> list[Turn]:
    """Each run to its question, by the conversation any of its events names (under
    ``run-events-without-thread`` only some do); each turn reads its run under the target's dialect."""
    turns: dict[str, Turn] = {}
    for run_id, events in runs.items():
        thread_id = next((e.thread_id for e in events if e.thread_id), None)
        asked = [m.get("content") for m in whole_history(person, thread_id)
                 if m.get("role") == "user"] if thread_id else []
        question = next((q for q in questions if q in asked and q not in turns), None)
        if question is None:
            raise ProtocolViolation(
                f"{person.name} asked {len(questions)} questions at once, and the answer {run_id} belongs "
                f"to none of them: its conversation holds {asked!r}", evidence=transcript_ref(person.name))
        turn = stream.protocol.turn(question, sent[questions.index(question)])
        turn.events.extend(events)
        turns[question] = turn
    return [turns[q] for q in questions]


def expect_each_whole(turns: list[Turn]) -> None:
    """Each question (``ask_together`` gives one turn per question) got its own whole answer."""
    for turn in turns:
        expect_meaningful_answer(turn)


def drain(stream, quiet_s: float = 0.3) -> list:
    """Read what is still arriving until ``quiet_s`` without anything but keep-alives (bounded)."""
    seen, limit = [], time.monotonic() + stream.policy.wait_s
    quiet_until = time.monotonic() + quiet_s
    while time.monotonic() < min(limit, quiet_until):
        try:
            event = stream.next_event(min(limit, quiet_until), "silence")
        except StreamTimeout:
            break
        if event.kind != "heartbeat":
            seen.append(event)
            quiet_until = time.monotonic() + quiet_s
    return seen
