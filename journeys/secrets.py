"""Secrets that mask themselves, and one place that knows every secret of the run.

Masking happens where evidence is recorded (``evidence.py``), not in each step,
so a new step cannot forget it. Everything that learns a secret (settings, the
auth client when a token is issued, a person's password) registers it here.
"""

from __future__ import annotations

import base64
import re
import threading
import urllib.parse

MASK = "***"

# A JWT anywhere in text: three base64url parts, the first starting with '{"' encoded.
_JWT = re.compile(r"eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]*")
_BEARER = re.compile(r"(?i)(bearer\s+)[^\s\"',]+")
_SECRET_FIELD = re.compile(
    r'(?i)("(?:password|access_token|refresh_token|token|secret|key|jwt|ticket_id|ticket)"\s*:\s*")[^"]*(")')
_SUBPROTOCOL = re.compile(r"jwt\.[A-Za-z0-9_=-]{8,}")
_TICKET_QUERY = re.compile(r"([?&]ticket=)[^&\s\"'#]+")    # a chat ticket in a URL


class Secret:
    """A string that never prints itself; ``reveal()`` is the only way in."""

    __slots__ = ("_value",)

    def __init__(self, value: str) -> None:
        self._value = value

    def reveal(self) -> str:
        return self._value

    def __repr__(self) -> str:
        return "Secret('***')"

    __str__ = __repr__

    def __bool__(self) -> bool:
        return bool(self._value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Secret) and other._value == self._value

    def __hash__(self) -> int:
        return hash(self._value)


class SecretRegistry:
    """Every secret value seen in this run, in the forms it might be written in."""

    def __init__(self) -> None:
        self._forms: set[str] = set()
        self._longest_first: list[str] = []
        self._lock = threading.Lock()

    def add(self, value: str | Secret | None) -> None:
        if isinstance(value, Secret):
            value = value.reveal()
        if not value or len(value) < 4:
            return
        forms = {value, urllib.parse.quote(value, safe=""),
                 base64.b64encode(value.encode()).decode().rstrip("="),
                 base64.urlsafe_b64encode(value.encode()).decode().rstrip("=")}
        with self._lock:
            self._forms.update(f for f in forms if len(f) >= 4)
            self._longest_first = sorted(self._forms, key=len, reverse=True)

    def mask(self, text: str) -> str:
        """Replace every known secret and anything shaped like a token."""
        with self._lock:
            forms = self._longest_first
        for form in forms:
            if form in text:
                text = text.replace(form, MASK)
        text = _JWT.sub(MASK, text)
        text = _SUBPROTOCOL.sub("jwt." + MASK, text)
        text = _BEARER.sub(lambda m: m.group(1) + MASK, text)
        text = _TICKET_QUERY.sub(lambda m: m.group(1) + MASK, text)
        return _SECRET_FIELD.sub(lambda m: m.group(1) + MASK + m.group(2), text)


registry = SecretRegistry()
"""The process's registry, and the one deliberate exception to "no per-run state in a module
global" (docs/architecture.md): masking must reach every output of the process, behave's own
console formatter and Python's logging included, which are handed no run object. It only ever
grows, and its one effect is to mask more: a secret learnt by one run is still masked in the next
run in the same process (the tests), which no verdict or report figure depends on."""
