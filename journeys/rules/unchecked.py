"""A scenario whose premise did not happen is skipped with the reason, and the reason noted.

A scenario must not pass when its premise did not happen. ``skipped_because``
is the one way every journey says so: the reason goes to the scenario's notes
too, where readers look (behave shows a skip's reason only in its log).

Under some dialects (``journeys.config.dialect``) the thing a journey looks at
is simply not there: a health report that names no check, a tool catalogue of
true/false flags that names no tool. Such a journey checks what there is, then
skips with the reason.
"""

from __future__ import annotations

from .contract import check_body
from ..errors import ApiError

OPTIONAL_IN_READY = ("timestamp", "uptime_seconds", "checks")


def skipped_health_checks(scenario, readings: dict, dialect, evidence) -> bool:
    """A health report without checks: its overall status is judged, then the scenario skips."""
    if dialect.health_report_has_checks():
        return False
    reading = readings["backend health report"]
    reply = reading.reply
    if not reply.ok:
        raise ApiError(f"the backend health report answered {reply.describe()} after "
                       f"{reading.ms:.0f} ms; expected it to answer ok", status=reply.status,
                       evidence=reading.evidence())
    check_body("backend.api_health", reply.body, optional=OPTIONAL_IN_READY)
    return skipped_because(scenario, evidence, f"the backend's health report ({reply.url}) says "
                           f"{reply.body['status']!r} and names no check (accepted difference "
                           f"health-ready-without-checks), so no check could be judged healthy")


def skipped_unnamed_tools(scenario, dialect, evidence) -> bool:
    if dialect.catalogue_names_tools():
        return False
    return skipped_because(scenario, evidence, "the tool catalogue has true/false capability flags "
                           "and names no tool (accepted difference tool-capability-flags), so "
                           "whether it lists the tools seen at work cannot be checked")


def skipped_because(scenario, evidence, reason: str | None) -> bool:
    """Skip ``scenario`` with ``reason``, noted in ``evidence``; False (and no skip) when there is none."""
    if reason:
        evidence.note(f"skipped: {reason}")
        scenario.skip(reason)
    return reason is not None
