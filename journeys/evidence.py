"""What crossed the wire during a scenario, masked as it is recorded.

Clients write here; ``environment.py`` attaches what each step produced to
that step in the report. Masking is done in ``record`` so no caller can
forget it: a secret never reaches a list, a file or an attachment.
"""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass

from .secrets import registry

MAX_BODY_CHARS = 4000


@dataclass(frozen=True)
class Record:
    channel: str      # attachment name: "HTTP exchanges", "Priya's chat transcript", "notes"
    line: str


class Evidence:
    """One scenario's evidence, taken step by step."""

    def __init__(self) -> None:
        self._records: list[Record] = []
        self._taken = 0
        self._lock = threading.Lock()

    def record(self, channel: str, line: str) -> None:
        masked = registry.mask(line)
        with self._lock:
            self._records.append(Record(channel, masked))

    def http(self, method: str, url: str, status: int | str, elapsed_s: float,
             request_headers: dict, request_body: str | None, response_body: str | None) -> None:
        headers = ", ".join(f"{k}: {v}" for k, v in request_headers.items())
        self.record("HTTP exchanges", (
            f"{method} {url} -> {status} in {elapsed_s * 1000:.0f} ms\n"
            f"  request headers: {headers or '-'}\n"
            f"  request body: {_clip(request_body) or '-'}\n"
            f"  response body: {_clip(response_body) or '-'}"))

    def frame(self, who: str, direction: str, offset_ms: float | None, text: str) -> None:
        when = f"+{offset_ms:8.1f} ms" if offset_ms is not None else "   (no turn)"
        arrow = "->" if direction == "sent" else "<-"
        self.record(f"{who}'s chat transcript", f"{when} {arrow} {_clip(text)}")

    def note(self, text: str) -> None:
        self.record("notes", text)

    def take_new(self) -> dict[str, str]:
        """Records since the last call, grouped by channel: one attachment each."""
        with self._lock:
            new, self._taken = self._records[self._taken:], len(self._records)
        grouped: dict[str, list[str]] = {}
        for rec in new:
            grouped.setdefault(rec.channel, []).append(rec.line)
        return {channel: "\n".join(lines) for channel, lines in grouped.items()}

    def as_text(self) -> str:
        """Everything, channel by channel: the scenario's transcript file."""
        with self._lock:
            records = list(self._records)
        grouped: dict[str, list[str]] = {}
        for rec in records:
            grouped.setdefault(rec.channel, []).append(rec.line)
        return "".join(f"== {channel}\n" + "\n".join(lines) + "\n\n" for channel, lines in grouped.items())

    def lines(self, channel: str, last: int = 8) -> list[str]:
        with self._lock:
            return [r.line for r in self._records if r.channel == channel][-last:]


def as_text(body: object) -> str | None:
    if body is None:
        return None
    if isinstance(body, (bytes, bytearray)):
        body = body.decode("utf-8", "replace")
    if isinstance(body, str):
        return body
    return json.dumps(body, default=str)


def _clip(text: str | None) -> str | None:
    if text is None or len(text) <= MAX_BODY_CHARS:
        return text
    return text[:MAX_BODY_CHARS] + f"... ({len(text) - MAX_BODY_CHARS} more characters)"
