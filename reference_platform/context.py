"""What the auth service, the backend and the WebSocket share inside one process.

One object, built once by the server, handed to each app: the switches, the
store, the token rules, the injected faults, and the URLs the process really
serves on (known only after its sockets are bound, which discovery must report).
"""

from __future__ import annotations

import asyncio
import hmac
import time
from dataclasses import dataclass, field

from .connections import Connection
from .faults import Faults
from .limits import RateLimiter
from .stopping import ActiveRuns
from .store import Store
from .switches import Switches
from .tickets import TicketOffice
from .tokens import TokenService


@dataclass
class ServedUrls:
    auth_url: str = ""
    backend_url: str = ""
    websocket_url: str = ""


@dataclass
class PlatformContext:
    switches: Switches
    store: Store
    tokens: TokenService
    faults: Faults
    bypass_key: str = field(repr=False)
    urls: ServedUrls = field(default_factory=ServedUrls)
    started_monotonic: float = field(default_factory=time.monotonic)
    connections: set[Connection] = field(default_factory=set)
    run_tasks: set[asyncio.Task] = field(default_factory=set)
    tickets: TicketOffice | None = None     # chat tickets: in memory, per process
    active_runs: ActiveRuns = field(default_factory=ActiveRuns)
    rate_limiter: RateLimiter | None = None

    def bypass_key_matches(self, offered: str | None) -> bool:
        """Constant-time comparison, so the key cannot be guessed byte by byte."""
        if not offered:
            return False
        return hmac.compare_digest(offered.encode("utf-8"), self.bypass_key.encode("utf-8"))

    def uptime_s(self) -> float:
        return time.monotonic() - self.started_monotonic

    def iso(self) -> bool:
        return self.switches.variant("iso-timestamps")


def build_context(switches: Switches, jwt_secret: str, bypass_key: str,
                  db_path: str | None) -> PlatformContext:
    store = Store(db_path)
    faults = Faults()
    tokens = TokenService(jwt_secret, store, switches, faults)
    ctx = PlatformContext(switches, store, tokens, faults, bypass_key)
    ctx.tickets = TicketOffice(switches)
    ctx.rate_limiter = RateLimiter(switches)
    return ctx
