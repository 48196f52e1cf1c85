"""Faults injected at run time through ``POST /_reference/faults``.

Defect switches are fixed for a process; these are for ``@local-only`` journeys
that need one failure at a chosen moment (the next run fails, tokens issued from
now on expire quickly) without restarting the platform.
"""

from __future__ import annotations

from dataclasses import dataclass


class FaultRequestError(ValueError):
    """The request body names a fault wrongly; the message says which field and why."""


@dataclass
class Faults:
    """Mutable, shared by the auth service and the backend (one process, one loop)."""

    fail_next_runs: int = 0
    access_ttl_s: int | None = None

    def apply(self, body: dict) -> None:
        """Validate the whole body first, so a bad request changes nothing."""
        known = {"fail_next_runs", "access_ttl_s", "clear"}
        unknown = sorted(set(body) - known)
        if unknown:
            raise FaultRequestError(f"unknown fault field {unknown[0]!r}; known: {sorted(known)}")
        clear = body.get("clear", False)
        if not isinstance(clear, bool):
            raise FaultRequestError("'clear' must be true or false")
        runs = body.get("fail_next_runs")
        if runs is not None and (not _is_int(runs) or runs < 0):
            raise FaultRequestError("'fail_next_runs' must be a whole number >= 0")
        ttl = body.get("access_ttl_s")
        if ttl is not None and (not _is_int(ttl) or ttl < 1):
            raise FaultRequestError("'access_ttl_s' must be a whole number of seconds >= 1")
        if clear:
            self.fail_next_runs, self.access_ttl_s = 0, None
        if runs is not None:
            self.fail_next_runs = runs
        if ttl is not None:
            self.access_ttl_s = ttl

    def take_failure(self) -> bool:
        """True (and one fewer pending) when the run starting now must fail."""
        if self.fail_next_runs > 0:
            self.fail_next_runs -= 1
            return True
        return False

    def as_dict(self) -> dict:
        return {"fail_next_runs": self.fail_next_runs, "access_ttl_s": self.access_ttl_s}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
