"""Chat tickets: the third way into the chat (CONTRACT section 8).

A person asks the backend for a ticket with their pass (``POST`` to
``E2E_TICKET_PATH``, default ``/api/websocket/ticket``) and gets
``{"ticket_id", "expires_at", "ttl_seconds", "single_use"}``; the chat then
accepts ``WEBSOCKET_URL?ticket=<ticket_id>`` with no other credential. A ticket
works once, expires after ``ttl_seconds``, and an unknown, used or expired one is
refused like a missing pass. A ticket is a credential: every one the suite
learns is registered as a secret before anything records it, and the masking
rules (``secrets.py``) also catch ``?ticket=`` and ``"ticket_id"`` by shape.

With ``E2E_WS_AUTH=ticket`` every chat connection of the run goes this way
(``Person.open_chat``); a pass that cannot even get a ticket is a refusal at
the ticket office, reported as such (``RefusedAtTicketOffice``).
"""

from __future__ import annotations

import secrets as random_secrets
import time
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from ..errors import ApiError, AuthRefused, ContractViolation
from ..evidence import HTTP, pointer
from .handshake import REFUSAL_STATUSES, Attempt, probe
from .http import Reply
from ..secrets import registry

if TYPE_CHECKING:
    from typing import Protocol

    from .api import BackendClient
    from ..config.policy import RunPolicy
    from ..evidence import Evidence
    from ..config.settings import Settings

    class Visitor(Protocol):
        """What the ticket office needs of a person (``people.Person`` is one; no import back)."""

        name: str
        settings: Settings
        policy: RunPolicy
        evidence: Evidence
        api: BackendClient

        @property
        def token(self) -> str: ...

TICKET = "ticket"
NO_TICKETS = "none"      # E2E_TICKET_PATH of a target without tickets (the path is checked in settings)
_SENT = pointer(HTTP, step="the step that asked for the ticket")


@dataclass(frozen=True)
class ChatTicket:
    """A ticket as the platform issued it; ``ttl_s`` is the platform's own word for its life."""

    ticket_id: str = field(repr=False)
    owner: str
    ttl_s: float | None = None
    single_use: bool | None = None
    issued_at: float = field(default_factory=time.monotonic)


def ticket_url(websocket_url: str, ticket_id: str) -> str:
    """``WEBSOCKET_URL`` with ``ticket=<ticket_id>`` added to whatever query it has."""
    parts = urlsplit(websocket_url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != TICKET]
    query.append((TICKET, ticket_id))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query), parts.fragment))


def ask_for_ticket(person: Visitor, token: str) -> Reply:
    """The raw answer of the ticket office to ``token`` (nothing judged here)."""
    return person.api.http.call("POST", person.settings.ticket_path, json_body={"single_use": True},
                                token=token)


def ticket_for(person: Visitor, token: str | None = None) -> ChatTicket:
    """A fresh ticket for ``person`` (their own pass unless ``token`` is given)."""
    reply = ask_for_ticket(person, token or person.token)
    return read_ticket(reply, person.name, person.settings)


def read_ticket(reply: Reply, who: str, settings) -> ChatTicket:
    if reply.status == 404:
        raise ApiError(
            f"{who} asked for a chat ticket at {settings.ticket_path} and the backend answered 404 (no such "
            f"path). Set E2E_TICKET_PATH to this target's ticket path, or E2E_TICKET_PATH=none "
            f"if it offers no chat tickets", status=404, evidence=_SENT)
    if not reply.ok:
        raise AuthRefused(f"{who} could not get a chat ticket with their own pass: "
                          f"{reply.describe()}", status=reply.status, evidence=_SENT)
    body = reply.body
    ticket_id = body.get("ticket_id") if isinstance(body, dict) else None
    if not isinstance(ticket_id, str) or not ticket_id:
        raise ContractViolation(
            f"{who} asked for a chat ticket and got no ticket_id: expected "
            f"{{\"ticket_id\", \"expires_at\", \"ttl_seconds\", \"single_use\"}}, got "
            f"{reply.text[:200]!r}", evidence=_SENT)
    registry.add(ticket_id)
    ttl = body.get("ttl_seconds")
    if not isinstance(ttl, (int, float)) or isinstance(ttl, bool) or ttl <= 0:
        raise ContractViolation(f"{who}'s chat ticket came without a positive ttl_seconds "
                                f"(got {ttl!r}); the contract says every ticket tells its life",
                                evidence=_SENT)
    return ChatTicket(ticket_id, who, float(ttl), body.get("single_use"))


def made_up_ticket(owner: str = "nobody") -> ChatTicket:
    """A ticket the platform never issued, shaped like a real one."""
    ticket_id = random_secrets.token_urlsafe(24)
    registry.add(ticket_id)
    return ChatTicket(ticket_id, owner)


def open_url(person: Visitor, ticket: ChatTicket) -> str:
    return ticket_url(person.settings.websocket_url, ticket.ticket_id)


def by_ticket(visitor: Visitor) -> RunPolicy:
    """``visitor``'s policy with the pass travelling as a ticket (the URL carries it)."""
    return replace(visitor.policy, carrier=TICKET)


def knock_with_ticket(visitor: Visitor, ticket: ChatTicket) -> Attempt:
    """``visitor`` knocks on the chat with ``ticket`` alone and watches what it does."""
    return _knock(visitor, open_url(visitor, ticket))


@dataclass
class RefusedAtTicketOffice(Attempt):
    """The pass did not even get a ticket: the chat's door stayed shut one step earlier."""

    office_status: int = 0

    @property
    def properly_refused(self) -> bool:
        return self.office_status in REFUSAL_STATUSES

    def describe(self) -> str:
        return f"the ticket office answered HTTP {self.office_status} and gave no ticket"


def knock_with_pass(visitor: Visitor, token: str | None) -> Attempt:
    """``E2E_WS_AUTH=ticket``: a pass reaches the chat only through a ticket bought with it."""
    if token is None:       # no pass, no ticket: the bare chat URL, with no credential at all
        return _knock(visitor, visitor.settings.websocket_url)
    reply = ask_for_ticket(visitor, token)
    if reply.ok:
        return knock_with_ticket(visitor, read_ticket(reply, visitor.name, visitor.settings))
    if reply.status not in REFUSAL_STATUSES:
        raise ApiError(f"{visitor.name} asked for a chat ticket with a pass that must be refused "
                       f"and got {reply.describe()}; expected a refusal as not signed in "
                       f"({' or '.join(map(str, REFUSAL_STATUSES))})", status=reply.status,
                       evidence=_SENT)
    visitor.evidence.frame(f"{visitor.name} (refusal check)", "received", None,
                           f"no ticket: the ticket office answered HTTP {reply.status}")
    return RefusedAtTicketOffice(office_status=reply.status)


def tickets_offered(settings) -> str | None:
    """Why this target's journeys cannot use tickets (a skip reason), or None."""
    if settings.ticket_path == NO_TICKETS:
        return (f"target '{settings.target}' offers no chat tickets (E2E_TICKET_PATH=none); "
                f"set E2E_TICKET_PATH to its ticket path to run this journey")
    return None


def expiry_wait_s(ticket: ChatTicket, settings) -> tuple[float | None, str | None]:
    """How long until ``ticket`` must be refused, or why a journey cannot wait that long.

    The wait is the ticket's own ttl_seconds (as the platform reported it) plus one
    second for clocks, counted from when it was issued. A ttl longer than E2E_WAIT_S is
    too long for a journey: the scenario is skipped with that reason, never shortened.
    """
    wait_s = settings.policy.wait_s
    if ticket.ttl_s > wait_s:
        return None, (f"the chat ticket lasts {ticket.ttl_s:g} s (its ttl_seconds), longer than "
                      f"a journey waits (E2E_WAIT_S={wait_s:g} s); raise E2E_WAIT_S to "
                      f"run this journey on target '{settings.target}'")
    left = ticket.issued_at + ticket.ttl_s + 1.0 - time.monotonic()
    return max(left, 0.0), None


def _knock(visitor: Visitor, url: str) -> Attempt:
    """The one knock with a ticket carrier: ``url`` holds the ticket, or nothing at all."""
    return probe(visitor.name, url, None, visitor.evidence, by_ticket(visitor))
