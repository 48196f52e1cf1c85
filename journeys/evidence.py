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
from .findings import Finding
from .records import Measurement, RateRecord, Retry
from .secrets import MASK, registry

MAX_BODY_CHARS = 4000
SECRET_HEADER_WORDS = ("authorization", "cookie", "token", "secret", "key", "password",
                       "sec-websocket-protocol")
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
TRANSCRIPT_HEADING = f"{'since sent':<12}  {'direction':<9} {'event kind':<21} frame"


HTTP = "HTTP exchanges"
NOTES = "notes"
UNREADABLE = "(not an event)"


TRANSCRIPT_SUFFIX = "'s chat transcript"


def transcript(who: str) -> str:
    """The channel (and attachment) of one person's chat frames."""
    return f"{who}{TRANSCRIPT_SUFFIX}"


def is_transcript(channel: str) -> bool:
    return channel.endswith(TRANSCRIPT_SUFFIX)


def pointer(*channels: str, step: str = "this step") -> str:
    """Where a failure's evidence is: ``attachment 'HTTP exchanges' on this step``."""
    names = " and ".join(f"'{c}'" if "'" not in c else f'"{c}"' for c in channels)
    return f"attachment {names} on {step}"


ASKED = "the step that asked"     # where a question's evidence is attached


def transcript_ref(who: str, step: str = "this step") -> str:
    """Where a failure's evidence is when it is ``who``'s chat: the one pointer to a transcript."""
    return pointer(transcript(who), step=step)


@dataclass(frozen=True)
class Record:
    """One thing that crossed the wire, kept as data (masked) and rendered only when written."""

    channel: str      # attachment name: "HTTP exchanges", "Priya's chat transcript", "notes"
    text: str         # a note, a frame as it came, or an HTTP exchange's headers and bodies
    at: float = 0.0   # time.time() when recorded
    direction: str | None = None   # frames only: "sent", "received", "closed", "note"
    kind: str | None = None        # frames only: the event's kind, read once
    offset_ms: float | None = None  # frames only: since the person's last frame sent
    method: str | None = None      # HTTP only
    url: str | None = None
    status: int | str | None = None
    elapsed_s: float = 0.0

    @property
    def line(self) -> str:
        if self.method is not None:
            return f"{self.method} {self.url} -> {self.status} in {self.elapsed_s * 1000:.0f} ms\n{self.text}"
        if self.kind is not None:
            when = f"+{self.offset_ms:8.1f} ms" if self.offset_ms is not None else "   (no turn)"
            return f"{when}  {self.direction:<9} {self.kind:<21} {self.text}"
        return self.text

    @property
    def writes(self) -> bool:
        """Whether this record is the suite changing something: a non-read call, a frame but a ping."""
        if self.method is not None:
            return self.method not in SAFE_METHODS
        return self.direction == "sent" and self.kind != "ping"


class Evidence:
    """One scenario's evidence, taken step by step."""

    def __init__(self) -> None:
        self._records: list[Record] = []
        self._taken = 0
        self._measurements: list[Measurement] = []
        self._measurements_taken = 0
        self._retries: list[Retry] = []   # chat connections tried again (journeys.wire.retries)
        self._findings: list[Finding] = []   # violations a premise went past (journeys.findings)
        self._rates: list[RateRecord] = []
        self._rates_taken = 0
        self._lock = threading.Lock()

    HTTP, NOTES = HTTP, NOTES
    transcript = staticmethod(transcript)
    is_transcript = staticmethod(is_transcript)
    pointer = staticmethod(pointer)
    transcript_ref = staticmethod(transcript_ref)

    def record(self, channel: str, line: str, direction: str | None = None,
               kind: str | None = None) -> None:
        """A line of its own (a note, a sign-in); ``direction`` and ``kind`` make it a transcript line."""
        self._add(Record(channel, registry.mask(line), time.time(), direction, kind))

    def _add(self, record: Record) -> None:
        with self._lock:
            self._records.append(record)

    def http(self, method: str, url: str, status: int | str, elapsed_s: float,
             request_headers: dict, request_body: str | None, response_body: str | None,
             response_headers: dict | None = None) -> None:
        lines = [f"  request headers: {_headers(request_headers)}",
                 f"  request body: {_clip(request_body) or '-'}"]
        if response_headers is not None:
            lines.append(f"  response headers: {_headers(response_headers)}")
        lines.append(f"  response body: {_clip(response_body) or '-'}")
        self._add(Record(HTTP, registry.mask("\n".join(lines)), time.time(), method=method,
                         url=registry.mask(url), status=status, elapsed_s=elapsed_s))

    def frame(self, who: str, direction: str, offset_ms: float | None, text: str,
              kind: str | None = None) -> None:
        """A frame; ``kind`` is the event's as the reader read it (read here only when not given)."""
        self._add(Record(transcript(who), registry.mask(_clip(text)), time.time(), direction,
                         kind or frame_kind(text), offset_ms))

    def closed(self, who: str, offset_ms: float | None, code: int | None, reason: str) -> None:
        """The connection's end, as its own transcript line."""
        self.frame(who, "closed", offset_ms, f"close {code} {reason!r}")

    def note(self, text: str) -> None:
        self.record(NOTES, text)

    def measure(self, title: str, values_s: Iterable[float],
                objective_p95_s: float | None = None) -> Measurement:
        """Durations a service-level check measured: the report shows them as a table and a chart."""
        measurement = Measurement(title, tuple(values_s), objective_p95_s)
        with self._lock:
            self._measurements.append(measurement)
        return measurement

    def retried(self, retry: Retry) -> None:
        """A connection tried again: a note for the step, and kept for the scenario's end, where
        the report marks the scenario flaky (``journeys.report.hooks``)."""
        self.note(f"flaky: {retry.describe()}")
        with self._lock:
            self._retries.append(retry)

    @property
    def retries(self) -> list[Retry]:
        """The connection retries made in this scenario (``journeys.wire.retries``)."""
        with self._lock:
            return list(self._retries)

    def found(self, finding: Finding) -> None:
        """A violation a premise met and went past: a note for the step, kept for the run's report."""
        self.note(f"finding (the premise went on): {finding.message}")
        with self._lock:
            self._findings.append(finding)

    @property
    def findings(self) -> list[Finding]:
        with self._lock:
            return list(self._findings)

    def rated(self, rate: RateRecord) -> None:
        """A rate measured (``journeys.capabilities.repeats``): the report shows it on its step."""
        with self._lock:
            self._rates.append(rate)

    def take_new_rates(self) -> list[RateRecord]:
        with self._lock:
            new, self._rates_taken = self._rates[self._rates_taken:], len(self._rates)
        return new

    @property
    def rates(self) -> list[RateRecord]:
        with self._lock:
            return list(self._rates)

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

    def records(self, channel: str | None = None) -> list[Record]:
        with self._lock:
            return [r for r in self._records if channel is None or r.channel == channel]

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
        return UNREADABLE


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
