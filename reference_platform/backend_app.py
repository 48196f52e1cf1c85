"""The backend (CONTRACT section 4): HTTP API and, on the same port, ``/ws``.

Threads and messages are the store's; the agent is the same one the WebSocket
streams; discovery reports the URLs this very process serves on. The
``/_reference/faults`` control endpoint exists only here, guarded by the bypass
key, for ``@local-only`` journeys.
"""

from __future__ import annotations

import asyncio
import time

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route, WebSocketRoute

from . import agent, netra, tools
from .bodies import caller_claims as checked_caller
from .bodies import (EXCEPTION_HANDLERS, ApiError, bearer_token, object_field, read_object,
                     text_field, unauthorized)
from .chat_socket import build_chat_endpoint
from .clock import now, stamp
from .context import PlatformContext
from .faults import FaultRequestError
from .runs import agent_steps, final_response, thread_title
from .store import Message, Thread
from .tokens import TokenRefused

DEFAULT_PAGE = 50
MAX_PAGE = 500
SQLITE_MAX_INT = 2**63 - 1     # a larger offset would overflow SQLite's integer: 422, not 500
TICKET_PATH = "/api/websocket/ticket"
MAX_TICKET_TTL_S = 3600
WRONG_URLS = {"backend": "http://localhost:8000", "ws": "ws://localhost:8000/ws",
              "auth": "http://localhost:8081"}


def build_backend_app(ctx: PlatformContext) -> Starlette:
    switches = ctx.switches

    def caller_claims(request: Request):
        return checked_caller(request, ctx.tokens)

    def caller(request: Request) -> str:
        """The user id behind the Bearer token; an unseen valid user is created."""
        token = bearer_token(request)
        if token is None:
            raise unauthorized("A Bearer token is required.")
        try:
            claims = ctx.tokens.check_access(token)
        except TokenRefused as refused:
            raise unauthorized(f"The token was refused: {refused}.") from None
        ctx.store.ensure_user(claims.user_id, claims.email, claims.permissions)
        return claims.user_id

    def owned_thread(thread_id: str, user_id: str) -> Thread:
        thread = ctx.store.thread(thread_id)
        readable = thread is not None and (
            thread.user_id == user_id or switches.defect("foreign-thread-readable"))
        if not readable:
            raise ApiError(404, "thread_not_found", "No such conversation.")
        assert thread is not None
        return thread

    def thread_json(thread: Thread) -> dict:
        body = {"id": thread.id, "object": "thread", "title": thread.title,
                "created_at": stamp(thread.created_at, ctx.iso()),
                "updated_at": stamp(thread.updated_at, ctx.iso()),
                "metadata": thread.metadata, "message_count": thread.message_count}
        return netra.thread(switches.dialect, body, thread.updated_at != thread.created_at)

    def message_json(message: Message) -> dict:
        return netra.message(switches.dialect, {
            "id": message.id, "role": message.role, "content": message.content,
            "created_at": stamp(message.created_at, ctx.iso()), "metadata": message.metadata,
            "thread_id": message.thread_id})

    async def health(request: Request) -> JSONResponse:
        if switches.defect("health-unhealthy"):
            return JSONResponse({"status": "unhealthy"}, status_code=503)
        return JSONResponse({"status": "ok" if switches.variant("health-ok") else "healthy"})

    async def api_health(request: Request) -> JSONResponse:
        started = time.perf_counter()
        database_ok = ctx.store.ping()
        database = {"status": "healthy" if database_ok else "unhealthy",
                    "latency_ms": round((time.perf_counter() - started) * 1000, 3)}
        agent_check = {"status": "healthy", "agent_name": agent.AGENT_NAME,
                       "tools": len(tools.tool_catalogue())}
        if switches.defect("health-unhealthy"):
            agent_check = {**agent_check, "status": "unhealthy", "error": "agent unavailable"}
        statuses = {database["status"], agent_check["status"]}
        status = "healthy" if statuses == {"healthy"} else "unhealthy"
        return JSONResponse({"status": status, "timestamp": stamp(now(), ctx.iso()),
                             "uptime_seconds": round(ctx.uptime_s(), 3),
                             "checks": {"database": database, "agent": agent_check}})

    async def api_health_ready(request: Request) -> JSONResponse:
        """The real platform's readiness: ok, with no per-check breakdown."""
        healthy = ctx.store.ping() and not switches.defect("health-unhealthy")
        return JSONResponse({"status": "ok" if healthy else "unhealthy"},
                            status_code=200 if healthy else 503)

    async def discovery(request: Request) -> JSONResponse:
        if switches.defect("discovery-wrong-urls"):
            backend, ws, auth = WRONG_URLS["backend"], WRONG_URLS["ws"], WRONG_URLS["auth"]
        else:
            backend, ws, auth = ctx.urls.backend_url, ctx.urls.websocket_url, ctx.urls.auth_url
        return JSONResponse(netra.discovery(switches.dialect, {
            "services": {"backend": {"url": backend, "ws_url": ws}, "auth": {"url": auth},
                         "websocket": {"url": ws}},
            "timestamp": stamp(now(), ctx.iso()), "available": True}))

    async def mcp_servers(request: Request) -> JSONResponse:
        server = {"name": "netra-cost-tools", "status": "connected", "version": "1.0.0",
                  "capabilities": {"tools": tools.tool_catalogue()}}
        return JSONResponse({"data": [netra.tool_server(switches.dialect, server)], "status": "success"})

    async def mcp_config(request: Request) -> JSONResponse:
        url = f"{ctx.urls.backend_url}/api/mcp"
        return JSONResponse({
            "claude": {"mcpServers": {"netra": {"type": "http", "url": url}}},
            "http": {"url": url, "transport": "http",
                     "headers": {"Authorization": "Bearer <access token>"}},
        })

    async def list_threads(request: Request) -> JSONResponse:
        user_id = caller(request)
        newest_first = not switches.defect("threads-oldest-first")
        return JSONResponse([thread_json(t) for t in ctx.store.threads_of(user_id, newest_first)])

    async def create_thread(request: Request) -> JSONResponse:
        user_id = caller(request)
        body = await read_object(request, switches)
        title = text_field(body, "title", required=False)
        metadata = object_field(body, "metadata") or {}
        thread = ctx.store.create_thread(user_id, title or "New conversation", metadata)
        status = 201 if switches.variant("created-201") else 200
        return JSONResponse(thread_json(thread), status_code=status)

    async def get_thread(request: Request) -> JSONResponse:
        user_id = caller(request)
        return JSONResponse(thread_json(owned_thread(request.path_params["thread_id"], user_id)))

    async def thread_messages(request: Request) -> JSONResponse:
        user_id = caller(request)
        thread = owned_thread(request.path_params["thread_id"], user_id)
        limit = _query_int(request, "limit", DEFAULT_PAGE, 1, MAX_PAGE)
        offset = _query_int(request, "offset", 0, 0, SQLITE_MAX_INT)
        messages, total = ctx.store.messages(thread.id, limit, offset)
        return JSONResponse({"messages": [message_json(m) for m in messages],
                             "thread_id": thread.id, "total": total,
                             "limit": limit, "offset": offset})

    async def execute(request: Request) -> JSONResponse:
        user_id = caller(request)
        body = await read_object(request, switches)
        agent_type = text_field(body, "type", required=netra.speaks(switches.dialect))
        message = (text_field(body, "message") or "").strip()
        if not message:
            raise ApiError(422, "missing_field", "The field 'message' must not be empty.")
        thread_id = text_field(body, "thread_id", required=False)
        if thread_id is None:
            thread_id = ctx.store.create_thread(user_id, thread_title(message), {}).id
        else:
            thread = ctx.store.thread(thread_id)
            if thread is None or thread.user_id != user_id:
                raise ApiError(404, "thread_not_found", "No such conversation.")
        started = time.perf_counter()
        keep = not switches.defect("history-not-stored")
        if keep:
            ctx.store.add_message(thread_id, "user", message)
        answer = final_response(await asyncio.to_thread(agent_steps, message, switches))
        if keep:
            ctx.store.add_message(thread_id, "assistant", answer)
        return JSONResponse(netra.execute_reply(switches.dialect, {
            "status": "completed", "agent": agent.AGENT_NAME, "response": answer,
            "thread_id": thread_id, "execution_time": round(time.perf_counter() - started, 4)},
            agent_type))

    async def faults(request: Request) -> JSONResponse:
        if not ctx.bypass_key_matches(request.headers.get("x-e2e-bypass-key")):
            raise ApiError(401, "unauthorized", "The X-E2E-Bypass-Key header is missing or wrong.")
        body = await read_object(request, switches)
        try:
            ctx.faults.apply(body)
        except FaultRequestError as wrong:
            raise ApiError(422, "invalid_fault", str(wrong)) from None
        return JSONResponse(ctx.faults.as_dict())

    async def websocket_ticket(request: Request) -> JSONResponse:
        claims = caller_claims(request)
        body = await read_object(request, switches) if (await request.body()).strip() else {}
        ttl = body.get("ttl_seconds")       # as on the real platform, a caller may ask for less
        if ttl is not None and (not isinstance(ttl, int) or isinstance(ttl, bool)
                                or not 1 <= ttl <= MAX_TICKET_TTL_S):
            raise ApiError(422, "invalid_ttl",
                           f"ttl_seconds must be a whole number from 1 to {MAX_TICKET_TTL_S}.")
        ctx.store.ensure_user(claims.user_id, claims.email, claims.permissions)
        return JSONResponse(ctx.tickets.issue(claims.user_id, claims.email, claims.permissions, ttl))

    routes = [
        Route("/health", health, methods=["GET"]),
        Route(TICKET_PATH, websocket_ticket, methods=["POST"]),
        Route(netra.HEALTH_READY_PATH if netra.speaks(switches.dialect) else "/api/health",
              api_health_ready if netra.speaks(switches.dialect) else api_health, methods=["GET"]),
        Route("/api/discovery/services", discovery, methods=["GET"]),
        Route("/api/mcp/servers", mcp_servers, methods=["GET"]),
        Route("/api/mcp/config", mcp_config, methods=["GET"]),
        Route("/api/threads", list_threads, methods=["GET"]),
        Route("/api/threads", create_thread, methods=["POST"]),
        Route("/api/threads/{thread_id}", get_thread, methods=["GET"]),
        Route("/api/threads/{thread_id}/messages", thread_messages, methods=["GET"]),
        Route("/api/agents/execute", execute, methods=["POST"]),
        Route("/_reference/faults", faults, methods=["POST"]),
        WebSocketRoute("/ws", build_chat_endpoint(ctx)),
    ]
    return Starlette(routes=routes, exception_handlers=EXCEPTION_HANDLERS)


def _query_int(request: Request, name: str, default: int, low: int, high: int | None) -> int:
    raw = request.query_params.get(name)
    if raw is None:
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(422, "invalid_query", f"The query parameter '{name}' must be a whole number.") from None
    if value < low or (high is not None and value > high):
        bound = f"between {low} and {high}" if high is not None else f"at least {low}"
        raise ApiError(422, "invalid_query", f"The query parameter '{name}' must be {bound}.")
    return value
