"""Fixtures for the reliability tests (helpers in ``reliability_harness``)."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from reliability_harness import HandStarted, ScriptedChat


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
