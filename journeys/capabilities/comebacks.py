"""A person coming back later: a real pause, a new sign-in, a new connection.

"Lena comes back later and carries on" used to be a reconnect a few
milliseconds later with the same pass: nothing of "later" happened. Here the
person hangs up, a pause the feature states really passes (measured), they sign
in again by the target's mode and open a new connection; the evidence says
all of it, measured, so a reader can see the premise happened.
"""

from __future__ import annotations

import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .people import Person


def come_back_later(person: Person, pause_s: float) -> None:
    before = person.session.access_token if person.session else None
    person.hang_up()
    left_at = time.monotonic()
    time.sleep(pause_s)                       # "later" is a real pause, as long as the feature says
    person.session = None
    person.log_in()
    person.chat()                             # a new connection, greeted anew
    away_s = time.monotonic() - left_at
    new_pass = "a new pass" if person.session.access_token != before else "the same pass as before"
    person.evidence.note(f"{person.name} hung up, came back {away_s:.1f} s later (the feature says "
                         f"{pause_s:g} s), signed in again ({new_pass}) and opened a new connection")
