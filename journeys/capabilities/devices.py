"""One person on two devices at once (CONTRACT section 9, "Several devices").

Each device is its own chat for the same person. An answer must arrive where
it was asked (it may also arrive on the other device); a colleague whose chat
was open all along must see none of it.
"""

from __future__ import annotations

from .expectations import expect_meaningful_answer
from ..errors import ProtocolViolation, SecurityBreach, StreamTimeout, SuiteError
from ..events import is_run_event
from .overlapping import drain
from ..evidence import transcript_ref
from ..wire.turns import Turn

DEVICES = ("laptop", "phone")


def on_two_devices(person) -> dict:
    """The person's usual chat is the laptop; a second chat, opened after it, is the phone."""
    return {"laptop": person.chat(), "phone": person.open_chat()}


def ask_on(person, devices: dict, device: str, question: str) -> Turn:
    stream = devices[device]
    drain(stream)           # the other device's answers may have come here too; they are not ours
    try:
        turn = stream.ask(question)
    except StreamTimeout as silent:
        other = next(d for d in devices if d != device)
        came_there = any(is_run_event(e) for e in drain(devices[other]))
        where = f"; it went to {person.name}'s {other} instead" if came_there else ""
        raise ProtocolViolation(f"{person.name} asked on the {device} and the answer never came to the "
                                f"{device}{where}. {silent.detail}",
                                evidence=transcript_ref(person.name)) from None
    person.turns.append(turn)
    return turn


def expect_saw_nothing(colleague, owner) -> None:
    """Everything the colleague's open chat received, read now: no run events at all."""
    seen = [e for e in drain(colleague.chat()) if is_run_event(e)]
    if seen:
        raise SecurityBreach(
            f"{colleague.name} saw {owner.name}'s answers: {len(seen)} event(s) of runs "
            f"{colleague.name} never started reached {colleague.name}'s chat "
            f"({', '.join(e.describe() for e in seen[:5])})", evidence=transcript_ref(colleague.name))


def expect_whole_where_asked(person) -> None:
    """Every answer this person asked for arrived whole on the device where it was asked."""
    if len(person.turns) < len(DEVICES):
        raise SuiteError(f"{person.name} asked {len(person.turns)} question(s); the journey needs one "
                         f"on each of {', '.join(DEVICES)}")
    for turn in person.turns:
        expect_meaningful_answer(turn)
