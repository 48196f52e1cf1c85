"""Run the auth service and the backend in one process, on one asyncio loop.

Sockets are bound here (port 0 picks a free port) so the real URLs are known
before serving starts: discovery reports them and the ready file carries them.
Uvicorn serves each app on its socket; we drive its servers ourselves instead of
``Server.run`` because two servers must share one loop and one signal handler,
and because on SIGINT/SIGTERM open WebSockets must get a proper 1001 close
before the servers stop.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import socket
import tempfile
from collections.abc import Callable
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path

import uvicorn

from .auth_app import build_auth_app
from .backend_app import build_backend_app
from .chat_socket import close_all
from .context import PlatformContext, ServedUrls, build_context
from .switches import Switches

MAX_FRAME_BYTES = 64 * 1024
GOODBYE_WAIT_S = 1.0
GRACEFUL_SHUTDOWN_S = 3.0


class StartupError(Exception):
    """The platform could not start, or a server stopped without being asked; says why."""


@dataclass(frozen=True)
class ServeOptions:
    host: str = "127.0.0.1"
    auth_port: int = 0
    backend_port: int = 0
    db_path: str | None = None
    ready_file: str | None = None


@dataclass(frozen=True)
class Secrets:
    """The two secrets, and which of them were made up here (only those get printed)."""

    jwt_secret: str = field(repr=False)
    bypass_key: str = field(repr=False)
    jwt_generated: bool = False
    bypass_generated: bool = False


Announce = Callable[[PlatformContext], None]


async def serve(switches: Switches, secrets: Secrets, options: ServeOptions,
                announce: Announce) -> None:
    """Serve until SIGINT/SIGTERM; ``announce(ctx)`` runs once both apps accept connections."""
    auth_sock = _bind(options.host, options.auth_port, "auth")
    try:
        backend_sock = _bind(options.host, options.backend_port, "backend")
    except StartupError:
        auth_sock.close()
        raise
    ctx = build_context(switches, secrets.jwt_secret, secrets.bypass_key, options.db_path)
    try:
        ctx.urls = _urls(options.host, auth_sock, backend_sock)
        await _run(ctx, auth_sock, backend_sock, options, announce)
    finally:
        ctx.store.close()
        if options.ready_file:
            Path(options.ready_file).unlink(missing_ok=True)


async def _run(ctx: PlatformContext, auth_sock: socket.socket, backend_sock: socket.socket,
               options: ServeOptions, announce: Announce) -> None:
    servers = [uvicorn.Server(_config(build_auth_app(ctx), options.host)),
               uvicorn.Server(_config(build_backend_app(ctx), options.host))]
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()

    def on_signal() -> None:
        if stop.is_set():            # a second Ctrl-C: stop waiting for anyone
            for server in servers:
                server.force_exit = True
        stop.set()

    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, on_signal)
    # Server._serve is Server.serve without uvicorn's own signal capture, which would
    # fight over the handlers with a second server and re-raise the signal on exit.
    tasks = [asyncio.create_task(server._serve([sock]))
             for server, sock in zip(servers, (auth_sock, backend_sock))]
    try:
        while not all(server.started for server in servers):
            if any(task.done() for task in tasks) or stop.is_set():
                break
            await asyncio.sleep(0.01)
        else:
            if options.ready_file:
                write_ready_file(options.ready_file, ctx)
            announce(ctx)
            stop_task = asyncio.create_task(stop.wait())
            await asyncio.wait([stop_task, *tasks], return_when=asyncio.FIRST_COMPLETED)
            stop_task.cancel()
        await _say_goodbye(ctx)
    finally:
        for server in servers:
            server.should_exit = True
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(sig)
    failures = [r for r in results if isinstance(r, BaseException)]
    if failures:
        raise StartupError(f"a server stopped unexpectedly: {failures[0]!r}")
    if not stop.is_set():
        raise StartupError("a server stopped on its own before it was asked to")


async def _say_goodbye(ctx: PlatformContext) -> None:
    """Close every socket with 1001, give clients a moment to answer, stop the runs."""
    await close_all(ctx)
    deadline = asyncio.get_running_loop().time() + GOODBYE_WAIT_S
    while ctx.connections and asyncio.get_running_loop().time() < deadline:
        await asyncio.sleep(0.02)
    for task in list(ctx.run_tasks):
        task.cancel()
    with suppress(Exception):
        await asyncio.gather(*ctx.run_tasks, return_exceptions=True)


def write_ready_file(path: str, ctx: PlatformContext) -> None:
    """Atomic (temp file + replace) and private (0600); URLs only, never a secret."""
    info = {"auth_url": ctx.urls.auth_url, "backend_url": ctx.urls.backend_url,
            "websocket_url": ctx.urls.websocket_url, "pid": os.getpid(),
            "db_path": ctx.store.path}
    target = Path(path).resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temp = tempfile.mkstemp(prefix=".ready-", dir=target.parent)
    try:
        with os.fdopen(fd, "w") as handle:
            json.dump(info, handle)
        os.chmod(temp, 0o600)
        os.replace(temp, target)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _config(app, host: str) -> uvicorn.Config:
    # No access log: a URL could carry a token, and bodies carry passwords.
    return uvicorn.Config(app, host=host, lifespan="off", access_log=False, log_level="warning",
                          http="h11", ws="websockets-sansio", ws_max_size=MAX_FRAME_BYTES,
                          server_header=False, proxy_headers=False,
                          timeout_graceful_shutdown=GRACEFUL_SHUTDOWN_S)


def _bind(host: str, port: int, role: str) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)   # restart on the same port
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise StartupError(f"cannot bind the {role} service to {host}:{port} ({error.strerror}); "
                           f"choose another --{role}-port or 0 for a free one") from None
    return sock


def _urls(host: str, auth_sock: socket.socket, backend_sock: socket.socket) -> ServedUrls:
    shown = "127.0.0.1" if host in ("0.0.0.0", "") else host
    shown = f"[{shown}]" if ":" in shown else shown
    auth_port = auth_sock.getsockname()[1]
    backend_port = backend_sock.getsockname()[1]
    return ServedUrls(auth_url=f"http://{shown}:{auth_port}",
                      backend_url=f"http://{shown}:{backend_port}",
                      websocket_url=f"ws://{shown}:{backend_port}/ws")
