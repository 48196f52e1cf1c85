"""The reference platform's run-time faults, for ``@local-only`` journeys.

``POST /_reference/faults`` (guarded by the bypass key) makes the next run fail
or makes new passes short-lived, without restarting the platform. The platform
is shared by every scenario of a run, so a fault that would outlive its journey
(short passes) is cleared again inside the same call that needed it.
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from ..config.policy import OPEN
from ..wire.api import BackendClient
from ..errors import SuiteError
from ..evidence import HTTP, Evidence, pointer
from ..wire.http import RecordedHttp
from .local_platform import PlatformUrls
from .shared_platform import refuse
from .target import Target

if TYPE_CHECKING:
    from ..capabilities.people import Person


def set_faults(target: Target, evidence: Evidence, faults: dict) -> dict:
    platform = _platform(target, f"set the fault {faults}")
    http = RecordedHttp(target.settings.backend_url, evidence,
                        replace(OPEN, wait_s=target.settings.wait_s))
    try:
        reply = BackendClient(http).reference_faults(platform.bypass_key.reveal(), faults)
    finally:
        http.close()
    if not reply.ok:
        raise SuiteError(f"the reference platform refused the fault {faults}: {reply.describe()}",
                         evidence=pointer(HTTP))
    return reply.body


def fail_next_answer(target: Target, evidence: Evidence) -> None:
    set_faults(target, evidence, {"fail_next_runs": 1})


def clear_faults(target: Target) -> None:
    """Scenario clean-up: a fault armed by a scenario that failed early must not hit the next."""
    set_faults(target, Evidence(), {"clear": True})


def sign_up_with_short_passes(person: Person, target: Target, evidence: Evidence, ttl_s: int = 2) -> None:
    """Sign up for real (so there is a refresh token) while new passes last ``ttl_s``."""
    set_faults(target, evidence, {"access_ttl_s": ttl_s})
    try:
        person.sign_up()
    finally:
        set_faults(target, evidence, {"clear": True})


def restart_platform(target: Target) -> PlatformUrls:
    """Same ports, same database: what a person sees after the platform restarts."""
    return _platform(target, "restart the platform").restart()


def _platform(target: Target, action: str):
    if target.platform is None:
        raise SuiteError(f"cannot {action}: target '{target.settings.target}' is not the reference "
                         f"platform; the scenario should be tagged @local-only")
    if getattr(target.platform, "shared", False):
        raise refuse(action)
    return target.platform
