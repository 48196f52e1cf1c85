"""Waiting on a reference platform's chat for one kind of event, and reading what a thread holds.

The platform tests of stopping, limits, several devices and conversations wait for a frame of
given kinds (anything else is read past), not for a whole turn (``collect_turn``).
"""

from __future__ import annotations

import time

from refplatform_harness import Chat, RunningPlatform, normalise, recv_json


def until(chat: Chat, kinds: set, timeout: float = 8) -> tuple[str, dict]:
    """The first event of one of ``kinds``: (kind, fields); a TimeoutError when none comes."""
    deadline = time.monotonic() + timeout
    while True:
        kind, fields = normalise(recv_json(chat.ws, deadline - time.monotonic()))
        if kind in kinds:
            return kind, fields


def first_run_event(chat: Chat, timeout: float = 5) -> dict:
    """The fields of the run's agent_started (its run_id and thread_id)."""
    return until(chat, {"agent_started"}, timeout)[1]


def stop(chat: Chat, run_id: str) -> float:
    return chat.send({"type": "stop_agent", "payload": {"run_id": run_id}})


def stored_messages(platform: RunningPlatform, account, thread_id: str) -> list[tuple[str, str]]:
    """(role, content) of each message the thread holds, as its owner reads it."""
    page = platform.api("GET", f"/api/threads/{thread_id}/messages", account.access).json()
    return [(m["role"], m["content"]) for m in page["messages"]]
