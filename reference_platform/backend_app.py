"""The backend (CONTRACT section 4): HTTP API and, on the same port, ``/ws``.

Module-level endpoints and one ``routes`` list, Starlette's documented shape;
the shared context is on ``app.state`` (``context.share``). The service's own
endpoints are here; the conversations are ``conversations_api``, the chat is
``chat_socket``. Discovery reports the URLs this very process serves on. The
``/_reference/faults`` control endpoint exists only here, guarded by the bypass
key, for ``@local-only`` journeys.
"""

from __future__ import annotations

import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from . import agent, netra, tools
from .bodies import EXCEPTION_HANDLERS, ApiError, caller_claims, read_object
from .chat_socket import chat
from .clock import now, stamp
from .context import PlatformContext, bypass_key_matches, iso, share, uptime_s
from .conversations_api import create_thread, execute, get_thread, list_threads, thread_messages
from .faults import FaultRequestError

TICKET_PATH = "/api/websocket/ticket"
MAX_TICKET_TTL_S = 3600
WRONG_URLS = {"backend": "http://localhost:8000", "ws": "ws://localhost:8000/ws",
              "auth": "http://localhost:8081"}


async def health(request: Request) -> JSONResponse:
    switches = request.app.state.switches
    if switches.defect("health-unhealthy"):
        return JSONResponse({"status": "unhealthy"}, status_code=503)
    return JSONResponse({"status": "ok" if switches.variant("health-ok") else "healthy"})


async def api_health(request: Request) -> JSONResponse:
    state = request.app.state
    started = time.perf_counter()
    database_ok = state.store.ping()
    database = {"status": "healthy" if database_ok else "unhealthy",
                "latency_ms": round((time.perf_counter() - started) * 1000, 3)}
    agent_check = {"status": "healthy", "agent_name": agent.AGENT_NAME,
                   "tools": len(tools.tool_catalogue())}
    if state.switches.defect("health-unhealthy"):
        agent_check = {**agent_check, "status": "unhealthy", "error": "agent unavailable"}
    statuses = {database["status"], agent_check["status"]}
    status = "healthy" if statuses == {"healthy"} else "unhealthy"
    return JSONResponse({"status": status, "timestamp": stamp(now(), iso(state)),
                         "uptime_seconds": round(uptime_s(state), 3),
                         "checks": {"database": database, "agent": agent_check}})


async def api_health_ready(request: Request) -> JSONResponse:
    """The real platform's readiness: ok, with no per-check breakdown (``netra.routes``)."""
    state = request.app.state
    healthy = state.store.ping() and not state.switches.defect("health-unhealthy")
    return JSONResponse({"status": "ok" if healthy else "unhealthy"},
                        status_code=200 if healthy else 503)


async def discovery(request: Request) -> JSONResponse:
    state = request.app.state
    if state.switches.defect("discovery-wrong-urls"):
        backend, ws, auth = WRONG_URLS["backend"], WRONG_URLS["ws"], WRONG_URLS["auth"]
    else:
        backend, ws, auth = state.urls.backend_url, state.urls.websocket_url, state.urls.auth_url
    return JSONResponse(netra.discovery(state.switches.dialect, {
        "services": {"backend": {"url": backend, "ws_url": ws}, "auth": {"url": auth},
                     "websocket": {"url": ws}},
        "timestamp": stamp(now(), iso(state)), "available": True}))


async def mcp_servers(request: Request) -> JSONResponse:
    server = {"name": "netra-cost-tools", "status": "connected", "version": "1.0.0",
              "capabilities": {"tools": tools.tool_catalogue()}}
    dialect = request.app.state.switches.dialect
    return JSONResponse({"data": [netra.tool_server(dialect, server)], "status": "success"})


async def mcp_config(request: Request) -> JSONResponse:
    url = f"{request.app.state.urls.backend_url}/api/mcp"
    return JSONResponse({
        "claude": {"mcpServers": {"netra": {"type": "http", "url": url}}},
        "http": {"url": url, "transport": "http",
                 "headers": {"Authorization": "Bearer <access token>"}},
    })


async def faults(request: Request) -> JSONResponse:
    state = request.app.state
    if not bypass_key_matches(state, request.headers.get("x-e2e-bypass-key")):
        raise ApiError(401, "unauthorized", "The X-E2E-Bypass-Key header is missing or wrong.")
    body = await read_object(request, state.switches)
    try:
        state.faults.apply(body)
    except FaultRequestError as wrong:
        raise ApiError(422, "invalid_fault", str(wrong)) from None
    return JSONResponse(state.faults.as_dict())


async def websocket_ticket(request: Request) -> JSONResponse:
    state = request.app.state
    claims = caller_claims(request, state.tokens)
    body = await read_object(request, state.switches) if (await request.body()).strip() else {}
    ttl = body.get("ttl_seconds")       # as on the real platform, a caller may ask for less
    if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool)
                            or not 1 <= ttl <= MAX_TICKET_TTL_S):
        raise ApiError(422, "invalid_ttl",
                       f"ttl_seconds must be a whole number from 1 to {MAX_TICKET_TTL_S}.")
    state.store.ensure_user(claims.user_id, claims.email, claims.permissions)
    return JSONResponse(state.tickets.issue(claims.user_id, claims.email, claims.permissions, ttl))


routes = [
    Route("/health", health, methods=["GET"]),
    Route(TICKET_PATH, websocket_ticket, methods=["POST"]),
    Route(netra.CONTRACT_HEALTH_PATH, api_health, methods=["GET"]),
    Route("/api/discovery/services", discovery, methods=["GET"]),
    Route("/api/mcp/servers", mcp_servers, methods=["GET"]),
    Route("/api/mcp/config", mcp_config, methods=["GET"]),
    Route("/api/threads", list_threads, methods=["GET"]),
    Route("/api/threads", create_thread, methods=["POST"]),
    Route("/api/threads/{thread_id}", get_thread, methods=["GET"]),
    Route("/api/threads/{thread_id}/messages", thread_messages, methods=["GET"]),
    Route("/api/agents/execute", execute, methods=["POST"]),
    Route("/_reference/faults", faults, methods=["POST"]),
    WebSocketRoute("/ws", chat),
]


def build_backend_app(ctx: PlatformContext) -> Starlette:
    """The contract's routes, or the dialect's; its state the shared context."""
    served = netra.routes(ctx.switches.dialect, routes, ready=api_health_ready)
    return share(ctx, Starlette(routes=served, exception_handlers=EXCEPTION_HANDLERS))
