"""What crossed the wire during a scenario, masked as it is recorded.

Clients write here; ``environment.py`` attaches what each step produced to
that step in the report. Masking is done in ``record`` so no caller can
forget it: a secret never reaches a list, a file or an attachment. Header
values whose name says they carry a credential are masked by name as well,
whatever their value (``SECRET_HEADER_WORDS``).

Channels become attachment names: "HTTP exchanges", "<who>'s chat
transcript", "notes", "service levels". A transcript line reads::

    +   12.3 ms  received  agent_started         {"type": "agent_started", ...}

milliseconds since the person's last frame sent, direction, event kind
(after unwrapping the event shapes), and the frame as received.
"""

from __future__ import annotations

import json
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass

from .events import read_frame
from .secrets import MASK, registry

MAX_BODY_CHARS = 4000
SECRET_HEADER_WORDS = ("authorization", "cookie", "token", "secret", "key", "password",
                       "sec-websocket-protocol")
TRANSCRIPT_HEADING = f"{'since sent':<12}  {'direction':<9} {'event kind':<21} frame"


@dataclass(frozen=True)
class Record:
    channel: str      # attachment name: "HTTP exchanges", "Priya's chat transcript", "notes"
    line: str
    at: float = 0.0   # time.time() when recorded
    direction: str | None = None   # frames only: "sent", "received", "closed"


@dataclass(frozen=True)
class Measurement:
    """Measured durations of one kind, for the service-level table and chart."""

    title: str                         # "Time to the answer"
    values_s: tuple[float, ...]
    objective_p95_s: float | None = None


class Evidence:
    """One scenario's evidence, taken step by step."""

    def __init__(self) -> None:
        self._records: list[Record] = []
        self._taken = 0
        self._measurements: list[Measurement] = []
        self._measurements_taken = 0
        self._lock = threading.Lock()

    def record(self, channel: str, line: str, direction: str | None = None) -> None:
        masked = registry.mask(line)
        with self._lock:
            self._records.append(Record(channel, masked, time.time(), direction))

    def http(self, method: str, url: str, status: int | str, elapsed_s: float,
             request_headers: dict, request_body: str | None, response_body: str | None,
             response_headers: dict | None = None) -> None:
        lines = [f"{method} {url} -> {status} in {elapsed_s * 1000:.0f} ms",
                 f"  request headers: {_headers(request_headers)}",
                 f"  request body: {_clip(request_body) or '-'}"]
        if response_headers is not None:
            lines.append(f"  response headers: {_headers(response_headers)}")
        lines.append(f"  response body: {_clip(response_body) or '-'}")
        self.record("HTTP exchanges", "\n".join(lines))

    def frame(self, who: str, direction: str, offset_ms: float | None, text: str) -> None:
        when = f"+{offset_ms:8.1f} ms" if offset_ms is not None else "   (no turn)"
        self.record(f"{who}'s chat transcript",
                    f"{when}  {direction:<9} {frame_kind(text):<21} {_clip(text)}", direction)

    def closed(self, who: str, offset_ms: float | None, code: int | None, reason: str) -> None:
        """The connection's end, as its own transcript line."""
        self.frame(who, "closed", offset_ms, f"close {code} {reason!r}")

    def note(self, text: str) -> None:
        self.record("notes", text)

    def measure(self, title: str, values_s: Iterable[float],
                objective_p95_s: float | None = None) -> Measurement:
        """Durations a service-level check measured: the report shows them as a table and a chart."""
        measurement = Measurement(title, tuple(values_s), objective_p95_s)
        with self._lock:
            self._measurements.append(measurement)
        return measurement

    def take_new(self) -> dict[str, str]:
        """Records since the last call, grouped by channel: one attachment each."""
        with self._lock:
            new, self._taken = self._records[self._taken:], len(self._records)
        return _grouped(new)

    def take_new_measurements(self) -> list[Measurement]:
        with self._lock:
            new = self._measurements[self._measurements_taken:]
            self._measurements_taken = len(self._measurements)
        return new

    @property
    def measurements(self) -> list[Measurement]:
        with self._lock:
            return list(self._measurements)

    def as_text(self) -> str:
        """Everything, channel by channel: the scenario's transcript file."""
        with self._lock:
            records = list(self._records)
        return "".join(f"== {channel}\n{text}\n\n" for channel, text in _grouped(records).items())

    def lines(self, channel: str, last: int = 8, direction: str | None = None) -> list[str]:
        """The channel's last lines; with ``direction``, only frames that went that way."""
        with self._lock:
            return [r.line for r in self._records if r.channel == channel
                    and (direction is None or r.direction == direction)][-last:]

    def channels(self) -> list[str]:
        with self._lock:
            return list(dict.fromkeys(r.channel for r in self._records))


def frame_kind(text: str) -> str:
    """The event's kind for the transcript; never raises (a bad frame is still evidence)."""
    if text.startswith("close ") or text.startswith("handshake refused"):
        return text.split(" ", 1)[0]
    try:
        return read_frame(text, 0.0).kind
    except Exception:  # not UTF-8, not JSON: the line itself says what it was
        return "(not an event)"


def as_text(body: object) -> str | None:
    if body is None:
        return None
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        return body
    return json.dumps(body, default=str)


def _grouped(records: list[Record]) -> dict[str, str]:
    grouped: dict[str, list[str]] = {}
    for rec in records:
        grouped.setdefault(rec.channel, []).append(rec.line)
    return {channel: "\n".join(lines) for channel, lines in grouped.items()}


def _headers(headers: dict | None) -> str:
    if not headers:
        return "-"
    shown = []
    for name, value in headers.items():
        secret = any(word in str(name).lower() for word in SECRET_HEADER_WORDS)
        shown.append(f"{name}: {_masked_header(str(value)) if secret else value}")
    return ", ".join(shown)


def _masked_header(value: str) -> str:
    """Keep the scheme word of an Authorization header ("Bearer ***"): it is evidence."""
    scheme, _, rest = value.partition(" ")
    return f"{scheme} {MASK}" if rest and scheme.isalpha() and len(scheme) <= 10 else MASK


def _clip(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_BODY_CHARS:
        return text
    return text[:MAX_BODY_CHARS] + f"... ({len(text) - MAX_BODY_CHARS} more characters)"
