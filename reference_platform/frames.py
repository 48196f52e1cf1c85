"""A chat frame as this server words it: its type, its fields, and the time it was sent.

Its own module so the chat endpoint and what it calls (``run_control``) build
frames the same way without importing each other.
"""

from __future__ import annotations

from . import netra
from .clock import now, stamp
from .context import Shared, iso


def frame(shared: Shared, kind: str, **fields: object) -> dict:
    return {"type": kind, **fields, "timestamp": stamp(now(), iso(shared))}


def error(shared: Shared, code: str, message: str) -> dict:
    """A refusal, in the contract's words or the dialect's (``netra.refusal``)."""
    kind, fields = netra.refusal(shared.switches.dialect, code, message)
    return frame(shared, kind, **fields)
