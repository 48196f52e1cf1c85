"""Garbled requests: a body that is not JSON at all, sent where a person's data goes.

CONTRACT sections 3 and 4: malformed JSON gets 422 (or 400) with a JSON error
body on every auth and backend call, never a 500 and never a stack trace. The
journeys name the place in a person's words ("sign in", "ask the assistant");
this module knows which call that is and which error body it must answer with.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import SuiteError
from ..wire.http import Reply

if TYPE_CHECKING:
    from .people import Person

# The start of a real request, cut off mid-string: what a dropped connection or a buggy
# client sends. It is not JSON, and it holds nothing secret.
GARBLED_BODY = '{"email": "garbled@example.com", "message": "How much would 2 million tok'


@dataclass(frozen=True)
class Place:
    service: str          # "auth" or "backend"
    path: str
    needs_pass: bool

    @property
    def error_kind(self) -> str:
        return f"{self.service}.error"


PLACES = {
    "sign in": Place("auth", "/auth/login", False),
    "sign up": Place("auth", "/auth/register", False),
    "renew a session": Place("auth", "/auth/refresh", False),
    "start a conversation": Place("backend", "/api/threads", True),
    "ask the assistant": Place("backend", "/api/agents/execute", True),
}


@dataclass(frozen=True)
class Garbled:
    who: str
    place: str
    error_kind: str       # the contract schema its refusal must match
    reply: Reply


def send_garbled(person: Person, place: str) -> Garbled:
    """Send the garbled body as ``person`` (with their pass where the place needs one)."""
    if place not in PLACES:
        raise SuiteError(f"no place called {place!r}; the journeys know: {', '.join(PLACES)}")
    where = PLACES[place]
    if where.service == "auth":
        reply = person.auth.send_raw(where.path, GARBLED_BODY)
    else:
        token = person.token if where.needs_pass else None
        reply = person.api.send_raw(where.path, GARBLED_BODY, token)
    return Garbled(person.name, place, where.error_kind, reply)
