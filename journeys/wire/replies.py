"""What an HTTP reply means, decided once for both HTTP clients.

``http.RecordedHttp`` (httpx, one scenario's few people) and ``load.http.LoadHttp``
(h11 on the event loop, a crowd) move bytes differently, and read what came
back by the same rules here: which statuses are a success, the body as JSON or
nothing, the body in the contract's terms after the target's accepted
differences (``journeys.config.dialect``), and what "no answer at all" means (the
environment, never a verdict on the product).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from ..config.dialect import Dialect
from ..errors import EnvironmentDown


@dataclass(frozen=True)
class Reply:
    """One answer from an HTTP service, whichever client got it."""

    method: str
    url: str
    status: int
    body: object          # parsed JSON, or None when the body is not JSON
    text: str
    elapsed_s: float

    @property
    def ok(self) -> bool:
        return is_success(self.status)

    def describe(self) -> str:
        """Short, masked-by-evidence form for messages: 'POST /auth/login -> 401 {...}'."""
        return f"{self.method} {self.url} -> {self.status} {self.text[:300]}"

    def read(self, kind: str, dialect: Dialect) -> Reply:
        """This reply with its body in the contract's terms (``api.BackendClient`` reads so)."""
        return replace(self, body=contract_body(dialect, kind, self.status, self.body))


def is_success(status: int) -> bool:
    return 200 <= status < 300


def json_or_none(text: str) -> object:
    """The parsed body, or None when it is not JSON (the contract's check then says so)."""
    try:
        return json.loads(text)
    except ValueError:
        return None


def contract_body(dialect: Dialect, kind: str, status: int, body: object) -> object:
    """A successful reply's body in the contract's terms; an error reply's as it came."""
    return dialect.body(kind, body) if is_success(status) else body


def no_answer(doing: str, method: str, url: str, elapsed_s: float, error: BaseException) -> EnvironmentDown:
    return EnvironmentDown(
        f"{doing}{method} {url} got no answer after {elapsed_s:.1f} s "
        f"({type(error).__name__}: {error}); is the target up and the URL right?")
