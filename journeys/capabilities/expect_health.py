"""What the platform says about itself: health, the service directory, the tool servers.

Monitoring, the web app and the assistant's tools act on these answers without a
person looking, so an answer with no content, or a directory that names another
machine, fails them silently. Each answer is read once, its response time is
measured and written to the evidence ("notes"), and then checked: first against
the contract's schema (``contract.check_body``), then for real content.

The directory check compares scheme, host and port of every advertised address
with the address this run is testing: it catches a platform that advertises
``localhost:8000`` from staging, and a run whose settings point at one machine
while it claims to test another.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urljoin, urlsplit

from ..rules.contract import check_body
from ..errors import ApiError
from ..evidence import HTTP, NOTES, pointer
from ..wire.http import Reply

if TYPE_CHECKING:
    from .people import Person

HEALTH = ("auth service health", "backend health", "backend health report")
DIRECTORY = ("service directory",)
TOOLS = ("tool servers", "tool configuration")
DEFAULT_PORTS = {"http": 80, "ws": 80, "https": 443, "wss": 443}
NOT_HEALTHY_WORDS = ("unhealthy", "degraded", "down", "error", "failed", "failing")


@dataclass(frozen=True)
class Reading:
    """One answer the platform gave about itself, with its measured response time."""

    part: str
    reply: Reply

    @property
    def ms(self) -> float:
        return self.reply.elapsed_s * 1000

    def evidence(self) -> str:
        return pointer(HTTP, NOTES, step=f"the step that read the {self.part}")


def read(person: Person, parts: tuple[str, ...]) -> dict[str, Reading]:
    """Ask for each part and note how long it took; nothing is judged here."""
    calls = {"auth service health": person.auth.health, "backend health": person.api.health,
             "backend health report": person.api.api_health,
             "service directory": person.api.discovery, "tool servers": person.api.mcp_servers,
             "tool configuration": person.api.mcp_config}
    readings = {}
    for part in parts:
        reading = Reading(part, calls[part]())
        person.evidence.note(f"{part}: {reading.reply.method} {reading.reply.url} answered "
                             f"{reading.reply.status} in {reading.ms:.0f} ms")
        readings[part] = reading
    return readings


def _content(reading: Reading, kind: str) -> dict:
    """A successful answer that matches the contract's schema, or a message saying why not."""
    reply = reading.reply
    if not reply.ok:
        raise ApiError(f"the {reading.part} answered {reply.describe()} after {reading.ms:.0f} ms; "
                       f"expected it to answer with its content", status=reply.status,
                       evidence=reading.evidence())
    check_body(kind, reply.body)
    return reply.body


def expect_service_healthy(readings: dict[str, Reading], part: str) -> None:
    """Schema ``auth.health`` / ``backend.health`` pins status to healthy (or ok)."""
    _content(readings[part], "auth.health" if part.startswith("auth") else "backend.health")


def expect_health_report_healthy(readings: dict[str, Reading]) -> None:
    reading = readings["backend health report"]
    body = _content(reading, "backend.api_health")
    checks = body["checks"]
    if not checks:
        raise ApiError(f"the backend health report names no checks (answered in {reading.ms:.0f} "
                       f"ms); expected at least one, each with its status",
                       evidence=reading.evidence())
    failing = [f"{name} ({check.get('status')})" for name, check in checks.items()
               if str(check.get("status")).lower() in NOT_HEALTHY_WORDS]
    if body["status"] != "healthy" or failing:
        raise ApiError(f"the backend health report says the backend is {body['status']!r}; checks "
                       f"not healthy: {', '.join(failing) or 'none named'} (answered in "
                       f"{reading.ms:.0f} ms)", evidence=reading.evidence())


def expect_directory_lists_services(readings: dict[str, Reading]) -> None:
    _content(readings["service directory"], "backend.discovery")


def expect_directory_points_at(readings: dict[str, Reading], settings) -> None:
    """Every advertised address has the scheme, host and port this run is testing."""
    reading = readings["service directory"]
    services = _content(reading, "backend.discovery")["services"]
    pairs = [("the backend", services["backend"]["url"], "BACKEND_URL", settings.backend_url),
             ("the chat", services["backend"]["ws_url"], "WEBSOCKET_URL", settings.websocket_url),
             ("the auth service", services["auth"]["url"], "AUTH_SERVICE_URL", settings.auth_url)]
    websocket = services.get("websocket")
    if isinstance(websocket, dict) and isinstance(websocket.get("url"), str):   # optional entry
        pairs.append(("the websocket service", websocket["url"], "WEBSOCKET_URL",
                      settings.websocket_url))
    wrong = [f"{name} at {advertised} while this run tests {tested} ({setting})"
             for name, advertised, setting, tested in pairs
             if _origin(urljoin(tested, advertised)) != _origin(tested)]
    if wrong:
        raise ApiError(
            f"the service directory of target '{settings.target}' points " + "; ".join(wrong)
            + ". Scheme, host or port differ, so the directory sends clients to another machine "
            "than the one under test: either the platform advertises addresses it does not serve, "
            "or this run's settings point elsewhere than the platform they claim to test",
            evidence=reading.evidence())


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    try:
        port = parts.port
    except ValueError:
        port = None
    return scheme, (parts.hostname or "").lower(), port or DEFAULT_PORTS.get(scheme)


def expect_tool_servers_listed(readings: dict[str, Reading]) -> None:
    reading = readings["tool servers"]
    servers = _content(reading, "backend.mcp_servers")["data"]
    with_tools = [s["name"] for s in servers if s["capabilities"]["tools"]]
    if not with_tools:
        names = ", ".join(repr(s["name"]) for s in servers) or "none"
        raise ApiError(f"the tool servers list offers no tool: servers listed: {names} (answered "
                       f"in {reading.ms:.0f} ms); expected at least one server with its tools",
                       evidence=reading.evidence())


def expect_tool_configuration(readings: dict[str, Reading]) -> None:
    reading = readings["tool configuration"]
    body = _content(reading, "backend.mcp_config")
    if not [name for name, config in body.items() if isinstance(config, dict) and config]:
        raise ApiError(f"the tool configuration describes no client: every entry is empty "
                       f"({', '.join(body) or 'no entries'}; answered in {reading.ms:.0f} ms)",
                       evidence=reading.evidence())
