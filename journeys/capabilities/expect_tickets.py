"""The chat-ticket journeys: a ticket opens the chat once, for a short time, for its owner.

A refusal proves something only if a good ticket would have opened the same door:
the used-ticket journeys first come in with the ticket (so it worked once), and the
expired and made-up ticket journeys end by coming in with a fresh one. An expiry is
waited for for real: past the ticket's own ``ttl_seconds`` as the platform reported
it; a ttl longer than a journey waits (``E2E_WAIT_S``) skips the scenario with that
reason instead of pretending.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..errors import AuthRefused, ProtocolViolation, SecurityBreach, StreamClosed
from ..evidence import transcript_ref
from ..rules.unchecked import skipped_because
from ..wire.handshake import Attempt
from .expectations import wrong_close
from ..wire.tickets import (ChatTicket, expiry_wait_s, knock_with_ticket, made_up_ticket, ticket_for,
                      tickets_offered)

if TYPE_CHECKING:
    from .people import Person



@dataclass(frozen=True)
class TicketTry:
    """What the chat did when ``who`` came with ``what``."""

    who: str
    what: str          # "Mia's used chat ticket"
    why: str           # why it must be refused
    attempt: Attempt
    owner: str = ""        # whose ticket it was, when not the visitor's own
    owner_id: str = ""


def skipped_without_tickets(scenario, person: Person) -> bool:
    """Skip ``scenario`` on a target that offers no tickets; the reason goes to its notes too."""
    return skipped_because(scenario, person.evidence, tickets_offered(person.settings))


def come_in(person: Person, *, stay: bool) -> ChatTicket:
    """Into the chat with a fresh ticket (which proves tickets work here); then leave, or stay."""
    ticket = ticket_for(person)
    try:
        person.enter_chat_with(ticket)
    except (AuthRefused, StreamClosed, ProtocolViolation) as refused:
        raise AuthRefused(
            f"{person.name} came to the chat with a chat ticket issued a moment ago, as the web "
            f"app does, and was not let in: {refused.detail}", evidence=refused.evidence) from None
    if not stay:
        person.hang_up()
    return ticket


def hold_ticket(person: Person) -> ChatTicket:
    return ticket_for(person)


def let_run_out(scenario, person: Person, ticket: ChatTicket) -> bool:
    """Wait until ``ticket``'s own ttl has passed; False (and the scenario skipped) if too long."""
    wait_s, too_long = expiry_wait_s(ticket, person.settings)
    if skipped_because(scenario, person.evidence, too_long):
        return False
    person.evidence.note(f"{person.name}'s chat ticket lasts {ticket.ttl_s:g} s (its ttl_seconds); "
                         f"waiting {wait_s:.1f} s until it has run out")
    deadline = time.monotonic() + wait_s
    while (left := deadline - time.monotonic()) > 0:
        time.sleep(min(left, 0.5))
    return True


def try_used(visitor, owner, ticket: ChatTicket) -> TicketTry:
    whose = "the same chat ticket" if visitor is owner else f"{owner.name}'s used chat ticket"
    owner_id = owner.session.user_id if owner.session else ""
    return TicketTry(visitor.name, whose, "a chat ticket works only once",
                     knock_with_ticket(visitor, ticket),
                     "" if visitor is owner else owner.name, owner_id)


def try_expired(person: Person, ticket: ChatTicket) -> TicketTry:
    return TicketTry(person.name, "a chat ticket whose time is up",
                     f"it lasts {ticket.ttl_s:g} s (its ttl_seconds) and that time has passed",
                     knock_with_ticket(person, ticket))


def try_made_up(person: Person) -> TicketTry:
    return TicketTry(person.name, "a chat ticket the platform never issued",
                     "only a ticket the platform issued may open the chat",
                     knock_with_ticket(person, made_up_ticket(person.name)))


def expect_ticket_refused(tried: TicketTry) -> None:
    """Refused like a missing pass: handshake 401/403, or close 1008 without answering."""
    attempt = tried.attempt
    if attempt.properly_refused:
        return
    greeted = [f for f in attempt.frames if f.get("type") == "connection_established"]
    as_whom = ""
    if greeted:
        data = greeted[0].get("data") if isinstance(greeted[0].get("data"), dict) else greeted[0]
        user_id = str(data.get("user_id"))
        as_whom = f"; the chat greeted {tried.who} as user {user_id!r}"
        if tried.owner and tried.owner_id and user_id[:8] == tried.owner_id[:8]:
            as_whom += f", which is {tried.owner}'s account: {tried.who} could read {tried.owner}'s answers"
    wrong = wrong_close(attempt)
    extra = f"; {wrong}" if wrong else ""
    raise SecurityBreach(
        f"{tried.who} came to the chat with {tried.what} and was not turned away: "
        f"{attempt.describe()}{as_whom}{extra}. It must be refused because {tried.why}",
        evidence=transcript_ref(f"{tried.who} (refusal check)"))


def expect_fresh_ticket_lets_in(person: Person) -> None:
    """The twin: a ticket just issued opens the chat, so the refusal before it meant something."""
    come_in(person, stay=False)
