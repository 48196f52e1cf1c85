"""What an HTTP reply means, decided once for both HTTP clients.

``http.RecordedHttp`` (httpx, one scenario's few people) and ``load.http.LoadHttp``
(h11 on the event loop, a crowd) move bytes differently, and read what came
back by the same rules here: which statuses are a success, the body as JSON or
nothing, the body in the contract's terms after the target's accepted
differences (``journeys.config.dialect``), and what "no answer at all" means: the
environment (never a verdict on the product), unless the service's own ``/health``
answers healthy at once, which makes the silent endpoint a product defect
(``hangs_while_healthy``; seen on beta-17, whose ``/auth/me`` leaks a database
connection per call until every later call waits out its deadline).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, replace

from ..config.dialect import Dialect
from ..errors import EnvironmentDown, PlatformError

HEALTH_PATH = "/health"
HEALTHY_WORDS = ("healthy", "ok")


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


class EndpointHangs(PlatformError):
    """One endpoint of a service that reports itself healthy gave no answer in time: the
    product failing, not an outage (the run goes on; its outcome is failed, not exit 3)."""

    cause = "an endpoint of a healthy service gave no answer"


def says_healthy(reply: Reply) -> bool:
    """A health answer that says the service is up: 2xx and ``status`` healthy or ok."""
    status = reply.body.get("status") if isinstance(reply.body, dict) else None
    return reply.ok and status in HEALTHY_WORDS


def hangs_while_healthy(method: str, url: str, elapsed_s: float, error: BaseException,
                        health: Reply) -> EndpointHangs:
    """The verdict when ``method url`` timed out while ``health`` (asked right after) said the
    service is up: which endpoint, how long we waited, and how fast the health answered."""
    return EndpointHangs(
        f"{method} {url} gave no answer within {elapsed_s:.1f} s ({type(error).__name__}) while "
        f"the service reports itself healthy ({health.method} {health.url} answered "
        f"{health.status} {health.body.get('status')!r} in {health.elapsed_s * 1000:.0f} ms): "
        f"the service is up and this endpoint hangs")
