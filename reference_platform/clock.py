"""Time as the platform shows it.

The contract lets a timestamp be Unix seconds or an ISO 8601 string, and the suite
must read both, so every timestamp leaves the platform through ``stamp`` and the
``iso-timestamps`` variant flips all of them at once. Inside, time is always a float.
"""

from __future__ import annotations

import time
from datetime import datetime, timezone


def now() -> float:
    """Wall-clock Unix seconds: what is stored and put in tokens."""
    return time.time()


def stamp(seconds: float, iso: bool) -> float | str:
    """Render a stored time for a response or an event."""
    if iso:
        return datetime.fromtimestamp(seconds, timezone.utc).isoformat(timespec="milliseconds")
    return round(seconds, 3)
