"""The run's rules, handed to every client as a parameter: none lives in a module global.

httpx's model (``Client(transport=..., timeout=...)``): what a client may do is
given to it when it is made, so two runs in one process, a test and a Locust
worker all get exactly the rules they were given, and nothing depends on
whether some set-up function ran first. ``RunPolicy.of(settings)`` is built
once per target (``Settings.policy``) and handed to ``Person``, ``ChatStream``,
``RecordedHttp`` and ``handshake.probe``:

- ``wait_s`` / ``turn_s``: the deadlines of every wait;
- ``carrier``: how a pass travels to the chat;
- ``connect_retries``: how often a chat connection may be tried again before it
  exists (``journeys.wire.retries``; 0, the default, means never);
- ``guarded_target``: the production target whose writes the suite refuses
  (``journeys.wire.production``); None when the target is not production.

``OPEN`` is the policy of a client made without one: no retries, no guard.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class RunPolicy:
    wait_s: float = 10.0
    turn_s: float = 30.0
    carrier: str = "header"
    connect_retries: int = 0
    guarded_target: str | None = None

    @classmethod
    def of(cls, settings) -> RunPolicy:
        """The policy ``settings`` (a ``journeys.config.settings.Settings``) describe."""
        return cls(wait_s=settings.wait_s, turn_s=settings.turn_s, carrier=settings.ws_auth,
                   connect_retries=max(0, int(settings.connect_retries)),
                   guarded_target=settings.target if settings.production else None)

    @property
    def guarded(self) -> bool:
        return self.guarded_target is not None


OPEN = RunPolicy()
