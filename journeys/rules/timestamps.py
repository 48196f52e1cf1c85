"""Timestamps in either of the contract's two forms (CONTRACT.md section 1).

The real platform writes Unix seconds in some bodies and ISO 8601 strings in
others, so every comparison (newest thread first, a token's expiry) goes
through ``parse_timestamp`` and works on aware UTC datetimes. A numeric string
("1732560000") is neither form and is refused: accepting it would hide the
platform changing a field's type.
"""

from __future__ import annotations

import math
from datetime import datetime, timezone
from typing import Any

from ..errors import ContractViolation
from ..events import shorten


def parse_timestamp(value: Any, *, field: str | None = None) -> datetime:
    """Unix seconds (int or float) or an ISO 8601 string, as an aware UTC datetime.

    A string without an offset is read as UTC. ``field`` only names the value
    in the message when it is refused.
    """
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if isinstance(value, float) and not math.isfinite(value):
            raise _refused(value, field, "it is not a finite number")
        try:
            return datetime.fromtimestamp(value, tz=timezone.utc)
        except (OverflowError, OSError, ValueError):
            raise _refused(value, field, "it is out of range for Unix seconds "
                                         "(milliseconds, perhaps?)") from None
    if isinstance(value, str):
        text = value.strip()
        if not text or text.lstrip("+-").replace(".", "", 1).isdigit():
            raise _refused(value, field, "a string must be ISO 8601, e.g. '2025-11-25T20:19:00Z'")
        try:
            parsed = datetime.fromisoformat(text)
        except ValueError:
            raise _refused(value, field, "it is not ISO 8601, e.g. '2025-11-25T20:19:00Z'") from None
        if parsed.tzinfo is None:
            return parsed.replace(tzinfo=timezone.utc)
        return parsed.astimezone(timezone.utc)
    raise _refused(value, field, f"a {type(value).__name__} is neither Unix seconds nor "
                                 f"an ISO 8601 string")


def _refused(value: Any, field: str | None, why: str) -> ContractViolation:
    name = f"timestamp {field}" if field else "timestamp"
    return ContractViolation(f"{name} {shorten(repr(value), 80)} was refused: {why}")
