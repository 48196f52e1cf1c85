"""A scenario whose premise did not occur is skipped with that reason: it never passes.

Each function here answers "did the thing this step is about happen?" and, when
it did not, gives a reason a person can act on; the step skips the scenario with
it (``journeys.rules.unchecked.skipped_because``, which writes it to the
scenario's evidence too). A step that checks something that never happened
would pass without having checked anything.

- A keep-alive check needs a keep-alive: if none came while the question was
  answered, the chat is listened to for one, up to E2E_WAIT_S. (The local
  platform sends one every E2E_LOCAL_HEARTBEAT_MS.)
- "told what was wrong" needs an explanation: a bare ``ack`` (which the
  contract allows for an unknown kind of message) tells nothing to check.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

from ..errors import StreamTimeout
from ..events import Event
from ..wire.tokens import expiry_of

if TYPE_CHECKING:
    from .people import Person


def keepalives_seen(person: Person) -> list[Event]:
    """The keep-alive signals around the last question; listens for one when none came yet."""
    turn = person.last_turn
    seen = [e for e in turn.events + turn.others if e.kind == "heartbeat"]
    if seen:
        return seen
    chat = person.chat()
    deadline = time.monotonic() + person.policy.wait_s
    while time.monotonic() < deadline:
        try:
            event = chat.next_event(deadline, "a keep-alive signal")
        except StreamTimeout:
            break
        turn.others.append(event)
        if event.kind == "heartbeat":
            return [event]
    return []


def no_keepalive(person: Person) -> str | None:
    if keepalives_seen(person):
        return None
    settings = person.settings
    where = (f"E2E_LOCAL_HEARTBEAT_MS is {settings.local.heartbeat_ms}" if settings.is_local
             else f"target '{settings.target}' may not send keep-alives")
    return (f"no keep-alive signal came while {person.name}'s question was answered, nor in "
            f"{person.policy.wait_s:g} s after it ({where}): there was nothing to check")


def told_nothing(person: Person, rebuff) -> str | None:
    """A bare ack tells nothing: "told what was wrong" did not happen."""
    if rebuff.reply.kind != "ack":
        return None
    return (f"the chat answered {person.name}'s {rebuff.bad.label} with a bare ack, which the "
            f"contract allows for an unknown kind of message, and said nothing about what was "
            f"wrong: there was no explanation to check")


def pass_life_unknown(person: Person) -> str | None:
    """Why how long ``person``'s pass lasts cannot be held against what the platform said, or
    None: a pass the suite minted itself (the platform said nothing), or a pass that is not a
    readable token (its life cannot be measured from outside)."""
    pair = person.session
    if pair is None or pair.expires_in is None and not pair.refresh_token:
        return (f"{person.name}'s pass was minted by the suite (sign-in mode "
                f"{person.settings.auth_mode!r}): the platform said nothing about how long it lasts")
    if expiry_of(pair.access_token) is None:
        return f"{person.name}'s pass carries no readable expiry (exp): its life cannot be measured"
    return None
