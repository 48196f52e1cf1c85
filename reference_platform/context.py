"""What the auth service, the backend and the chat share inside one process, and where it lives.

One ``PlatformContext`` is built once by the server: the switches, the store, the
token rules, the injected faults, the chat tickets, the runs in flight, and the
URLs the process really serves on (known only after its sockets are bound, which
discovery must report). ``share`` puts each of its fields on an app's
``app.state`` under the same name, Starlette's documented place for an app's
state, so an endpoint reads ``request.app.state.store``. Both apps get the very
same objects: that is how a logout on the auth service revokes a token the
backend and the chat check.

The helpers below take either the context or an app's state (``Shared``): they
hold the same names.
"""

from __future__ import annotations

import asyncio
import hmac
import time
from dataclasses import dataclass, field, fields

from starlette.applications import Starlette
from starlette.datastructures import Secret, State

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
    tickets: TicketOffice                 # chat tickets: in memory, per process
    rate_limiter: RateLimiter
    bypass_key: Secret                    # masks itself in a repr
    urls: ServedUrls = field(default_factory=ServedUrls)
    started_monotonic: float = field(default_factory=time.monotonic)
    connections: set[Connection] = field(default_factory=set)
    run_tasks: set[asyncio.Task] = field(default_factory=set)
    active_runs: ActiveRuns = field(default_factory=ActiveRuns)


Shared = PlatformContext | State


def build_context(switches: Switches, jwt_secret: str, bypass_key: str,
                  db_path: str | None) -> PlatformContext:
    store = Store(db_path)
    faults = Faults()
    tokens = TokenService(jwt_secret, store, switches, faults)
    return PlatformContext(switches, store, tokens, faults, TicketOffice(switches),
                           RateLimiter(switches), Secret(bypass_key))


def share(ctx: PlatformContext, app: Starlette) -> Starlette:
    """Put the context on ``app.state``, field by field; built before serving, never reassigned."""
    for item in fields(ctx):
        setattr(app.state, item.name, getattr(ctx, item.name))
    return app


def bypass_key_matches(shared: Shared, offered: str | None) -> bool:
    """Constant-time comparison, so the key cannot be guessed byte by byte."""
    if not offered:
        return False
    return hmac.compare_digest(offered.encode("utf-8"), str(shared.bypass_key).encode("utf-8"))


def uptime_s(shared: Shared) -> float:
    return time.monotonic() - shared.started_monotonic


def iso(shared: Shared) -> bool:
    """Whether timestamps are ISO 8601 text (a variant) rather than Unix seconds."""
    return shared.switches.variant("iso-timestamps")
