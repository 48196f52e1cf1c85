"""Fixtures for the reliability tests: hand-started platforms and scripted chat endpoints."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from platform_process import PlatformProcess
from scripted_chat import ScriptedChat

FIXED_SECRETS = {"REFPLATFORM_JWT_SECRET": "reliability-secret-0123456789abcdef",
                 "REFPLATFORM_BYPASS_KEY": "reliability-bypass-key-0123"}


@pytest.fixture
def hand_started(tmp_path) -> Iterator[Callable[..., PlatformProcess]]:
    """``python -m reference_platform`` as a person would start it, with a kept database."""
    started: list[PlatformProcess] = []

    def start(*flags: str) -> PlatformProcess:
        folder = tmp_path / f"platform-{len(started)}"
        folder.mkdir()
        started.append(PlatformProcess(*flags, workdir=folder, env=FIXED_SECRETS,
                                       db=folder / "platform.db"))
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
