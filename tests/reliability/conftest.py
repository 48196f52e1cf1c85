"""Fixtures for the reliability tests (helpers in ``reliability_harness``)."""

from __future__ import annotations

import socket
from collections.abc import Callable, Iterator

import pytest

from reliability_harness import HandStarted, ScriptedChat, run_journeys


@pytest.fixture
def journeys(tmp_path):
    def run(*paths, **kwargs):
        return run_journeys(tmp_path, *paths, **kwargs)
    return run


@pytest.fixture
def free_port() -> int:
    """A port nothing listens on (bound, then released)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def hand_started(tmp_path) -> Iterator[Callable[..., HandStarted]]:
    started: list[HandStarted] = []

    def start(*flags: str) -> HandStarted:
        folder = tmp_path / f"platform-{len(started)}"
        folder.mkdir()
        started.append(HandStarted(folder, *flags))
        return started[-1]

    yield start
    for platform in started:
        platform.stop()


@pytest.fixture
def scripted_chat() -> Iterator[Callable[[Callable], ScriptedChat]]:
    servers: list[ScriptedChat] = []

    def start(script: Callable) -> ScriptedChat:
        servers.append(ScriptedChat(script))
        return servers[-1]

    yield start
    for server in servers:
        server.close()
