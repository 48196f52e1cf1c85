"""The run's rules, handed to every client as one value: none lives in a module global.

httpx's model (``Client(transport=..., timeout=...)``): what a client may do is
given to it when it is made, so two runs in one process, a test and a Locust
worker all get exactly the rules they were given, and nothing depends on
whether some set-up function ran first. ``RunPolicy.of(settings)`` is built
once per target (``Settings.policy``) and handed to ``Person``, ``ChatStream``,
``ChatProtocol``, ``RecordedHttp``, ``handshake.probe``, the crowd and the load
wing's ``LoadChat``; each reads its deadlines and carrier here, never from a
parameter of its own beside the policy:

- ``wait_s`` / ``turn_s``: the deadlines of every wait (a reply, a whole answer);
- ``carrier``: how a pass travels to the chat (``header``, ``subprotocol`` or
  ``ticket``);
- ``connect_retries``: how often a chat connection may be tried again before it
  exists (``journeys.wire.retries``; 0, the default, means never);
- ``guarded_target``: the production target whose writes the suite refuses
  (``journeys.wire.production``); None when the target is not production;
- ``dialect``: the contract differences the target declared (``Settings.dialect``,
  ``journeys.config.dialect``). It is here because it is a rule of the run that
  every chat client must read by, exactly like the deadlines: a client handed the
  policy reads frames the way the run declared, and cannot be handed deadlines of
  one run and a dialect of another. ``Settings.dialect`` stays where the report
  and the skips read it; the policy only carries it to the clients.

A scenario that needs a different rule derives a policy
(``dataclasses.replace(policy, wait_s=...)``, or ``carrier="ticket"`` for a
person who comes back with a chat ticket); no client takes a loose deadline or
carrier beside its policy. ``OPEN`` is the policy of a client made without one:
the default deadlines, no retries, no guard, the contract strictly.
"""

from __future__ import annotations

from dataclasses import dataclass

from .dialect import STRICT, Dialect


@dataclass(frozen=True)
class RunPolicy:
    wait_s: float = 10.0
    turn_s: float = 30.0
    carrier: str = "header"
    connect_retries: int = 0
    guarded_target: str | None = None
    dialect: Dialect = STRICT

    @classmethod
    def of(cls, settings) -> RunPolicy:
        """The policy ``settings`` (a ``journeys.config.settings.Settings``) describe."""
        return cls(wait_s=settings.wait_s, turn_s=settings.turn_s, carrier=settings.ws_auth,
                   connect_retries=max(0, int(settings.connect_retries)),
                   guarded_target=settings.target if settings.production else None,
                   dialect=settings.dialect)

    @property
    def guarded(self) -> bool:
        return self.guarded_target is not None


OPEN = RunPolicy()
