"""Chat tickets (CONTRACT section 8): a short-lived, single-use way into ``/ws``.

``POST /api/websocket/ticket`` with a bearer pass issues one; the chat accepts
``/ws?ticket=<ticket_id>`` with no other credential. Tickets live in memory, per
platform process, not in the database: they last seconds, work once, and a
restart that forgets the outstanding ones only refuses a ticket, it never lets
anyone in (the real platform keeps them in Redis with a TTL, to the same effect).
Auth service, backend and chat run in one process here, so one office is shared.
The five ticket defect switches weaken exactly one rule each.
"""

from __future__ import annotations

import secrets
import threading
import time
from dataclasses import dataclass, field

from .switches import Switches

GUEST = "ticket-guest"


@dataclass
class Ticket:
    ticket_id: str = field(repr=False)
    user_id: str
    email: str | None
    permissions: list[str]
    created_at: float
    expires_at: float
    used: bool = False
    open_connections: int = 0


class TicketRefused(Exception):
    """Why a ticket did not open the chat; safe to show (it never holds the ticket)."""


class TicketOffice:
    def __init__(self, switches: Switches) -> None:
        self._switches = switches
        self._tickets: dict[str, Ticket] = {}
        self._lock = threading.Lock()

    def issue(self, user_id: str, email: str | None, permissions: list[str],
              ttl_s: int | None = None) -> dict:
        created = time.time()
        ttl_s = ttl_s or self._switches.ticket_ttl_s
        ticket = Ticket(secrets.token_urlsafe(24), user_id, email, list(permissions), created,
                        created + ttl_s)
        with self._lock:
            self._forget_expired(created)
            self._tickets[ticket.ticket_id] = ticket
        return {"ticket_id": ticket.ticket_id, "expires_at": ticket.expires_at,
                "created_at": created, "ttl_seconds": ttl_s, "single_use": True}

    def admit(self, ticket_id: str) -> Ticket:
        """The ticket's owner, once; raises ``TicketRefused`` for unknown, used or expired."""
        on = self._switches.defect
        with self._lock:
            ticket = self._tickets.get(ticket_id)
            if on("tickets-refused"):
                raise TicketRefused("tickets are not accepted")
            if ticket is None:
                if on("ticket-unknown-accepted"):
                    return Ticket(ticket_id, GUEST, None, ["read", "write"], time.time(), time.time())
                raise TicketRefused("the ticket is unknown")
            if time.time() >= ticket.expires_at and not on("ticket-never-expires"):
                raise TicketRefused("the ticket has expired")
            reusable = on("ticket-reusable") or (
                on("ticket-reuse-while-open") and ticket.open_connections > 0)
            if ticket.used and not reusable:
                raise TicketRefused("the ticket was already used")
            ticket.used = True
            ticket.open_connections += 1
            return ticket

    def release(self, ticket_id: str) -> None:
        """The connection a ticket opened has closed."""
        with self._lock:
            ticket = self._tickets.get(ticket_id)
            if ticket is not None and ticket.open_connections > 0:
                ticket.open_connections -= 1

    def _forget_expired(self, at: float) -> None:
        """Keep memory bounded: a ticket long expired can only ever be refused as unknown."""
        stale = [key for key, t in self._tickets.items()
                 if t.expires_at + 3600 < at and t.open_connections == 0]
        for key in stale:
            del self._tickets[key]
