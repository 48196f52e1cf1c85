"""The embedded reference platform's switches (``E2E_LOCAL_*``, ``E2E_RATE_*``): ignored for any
other target, checked against the platform's own names so a typo is a settings problem, not a
platform that will not start."""

from __future__ import annotations

from dataclasses import dataclass

from reference_platform.switches import DEFECTS, VARIANTS   # the embedded platform's names
from reference_platform.variance import Variance

from .dialect import DIALECTS
from .setting_values import SettingReader
from .target_names import unknown_names_problem

LOCAL_MAX_QUESTION_CHARS = 32_000   # reference_platform/limits.py
LOCAL_HEARTBEAT_MS = 250


@dataclass(frozen=True)
class LocalPlatformOptions:
    """Switches for the embedded platform; ignored for any other target."""

    defects: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    shape: str = "flat"
    pause_ms: int = 30
    heartbeat_ms: int = LOCAL_HEARTBEAT_MS   # on, so the keep-alive journey has one to check
    hash_cost: int = 2048    # cheap: 100-person journeys sign up 100 people (the platform's own default is 16384)
    ticket_ttl_s: int = 3             # short, so the expired-ticket journey waits seconds, not minutes
    dialect: str = ""        # E2E_LOCAL_DIALECT: the platform speaks it (e.g. netra); "" = the contract
    chatter: bool = False    # E2E_LOCAL_CHATTER: frames of kinds the contract does not name, at any time
    rate_limit: int = 10              # questions per person per rate_window_s (E2E_RATE_LIMIT)
    rate_window_s: int = 2            # small, so the rate-limit journey waits seconds (E2E_RATE_WINDOW_S)
    vary: str = ""           # E2E_LOCAL_VARY=SEED:BAD_SHARE: the agent varies like a model; "" = never


def read_local_options(self: SettingReader) -> LocalPlatformOptions:
    """The embedded platform's switches, each wrong one a problem on ``self`` (the target's reader)."""
    spoken = self.choice("E2E_LOCAL_DIALECT", ("contract", *DIALECTS), "contract")

    def names(name: str) -> tuple[str, ...]:
        return tuple(n.strip() for n in (self.raw(name) or "").split(",") if n.strip())
    defects, variants = names("E2E_LOCAL_DEFECTS"), names("E2E_LOCAL_VARIANTS")
    for setting, given, known in (("E2E_LOCAL_DEFECTS", defects, DEFECTS),
                                  ("E2E_LOCAL_VARIANTS", variants, VARIANTS)):
        problem = unknown_names_problem(setting, given, known, self.source(setting))
        if problem:
            self.problems.append(problem)
    return LocalPlatformOptions(
        defects=defects, variants=variants,
        shape=self.choice("E2E_LOCAL_SHAPE", ("flat", "nested", "wrapped"), "flat"),
        pause_ms=int(self.number("E2E_LOCAL_PAUSE_MS", 30, int)),
        heartbeat_ms=self.whole("E2E_LOCAL_HEARTBEAT_MS", LOCAL_HEARTBEAT_MS),
        hash_cost=int(self.number("E2E_LOCAL_HASH_COST", LocalPlatformOptions.hash_cost, int)),
        ticket_ttl_s=int(self.number("E2E_LOCAL_TICKET_TTL_S", 3, int)),
        dialect="" if spoken == "contract" else spoken,
        chatter=self.flag("E2E_LOCAL_CHATTER", False),
        rate_limit=self.whole("E2E_RATE_LIMIT", LocalPlatformOptions.rate_limit),
        rate_window_s=int(self.number("E2E_RATE_WINDOW_S", LocalPlatformOptions.rate_window_s)),
        vary=_variance(self),
    )

def _variance(self: SettingReader) -> str:
    """E2E_LOCAL_VARY, checked here so a typo is a settings problem, not a platform that won't start."""
    text = (self.raw("E2E_LOCAL_VARY") or "").strip()
    if not text:
        return ""
    try:
        return Variance.parse(text).describe()
    except ValueError as error:
        self.problems.append(f"E2E_LOCAL_VARY ({self.source('E2E_LOCAL_VARY')}): {error}")
        return ""
