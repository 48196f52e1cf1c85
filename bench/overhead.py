"""Figure 2: the harness's overhead on one golden-path journey, as a ratio in one run.

Both sides do the same journey against the same platform, one person at a time, alternating
(library, minimal, minimal, library, ...) so drift hits both alike; each journey uses its own
account and HTTP clients (made beforehand, not timed) and its own cost question:
log in, open the chat, ask, read the run to ``agent_completed``, listen
``chat.GRACE_AFTER_END_S`` for anything after it, read the conversation's history.

- library: ``journeys.capabilities.people.Person`` and the expectations the journeys use (schema checks on
  every body and event, run rules, meaningful-answer and history checks, masked evidence);
- minimal: httpx and the websockets threaded client called directly, ``json.loads`` only.

Ratio = library total wall time / minimal total wall time (goal: at most 1.2). Also printed:
the same ratio against a minimal script that stops at ``agent_completed`` (no listening
afterwards), which is what the after-the-end check costs on top.
"""

from __future__ import annotations

import json
import statistics
import time

import httpx
from websockets.sync.client import connect

from common import local_platform

from journeys.wire.chat import GRACE_AFTER_END_S
from journeys.evidence import Evidence
from journeys.capabilities.expectations import (expect_cost_answer, expect_every_step_shown,
                                   expect_exchange_in_history)
from journeys.capabilities.people import Person
from journeys.capabilities.questions import cost_question

JOURNEYS = 40


def library_journey(person: Person, question: str) -> None:
    person.log_in()
    turn = person.ask(question)
    expect_cost_answer(turn)
    expect_every_step_shown(turn)
    expect_exchange_in_history(person.history(turn.thread_id), turn)
    person.close()


def minimal_clients(settings) -> tuple[httpx.Client, httpx.Client]:
    """Made before the clock starts, as a Person's clients are."""
    return (httpx.Client(base_url=settings.auth_url, timeout=10),
            httpx.Client(base_url=settings.backend_url, timeout=10))


def minimal_journey(settings, clients, email: str, password: str, question: str,
                    listen_s: float) -> None:
    auth, api = clients
    with auth, api:
        token = auth.post("/auth/login", json={"email": email, "password": password}).json()["access_token"]
        headers = {"Authorization": f"Bearer {token}"}
        with connect(settings.websocket_url, additional_headers=headers, proxy=None,
                     open_timeout=10) as ws:
            json.loads(ws.recv(timeout=10))
            ws.send(json.dumps({"type": "user_message",
                                "payload": {"content": question, "thread_id": None}}))
            thread_id = None
            while True:
                frame = json.loads(ws.recv(timeout=30))
                thread_id = thread_id or frame.get("thread_id")
                if frame.get("type") == "agent_completed":
                    break
            if listen_s:
                try:
                    ws.recv(timeout=listen_s)
                except TimeoutError:
                    pass
        messages = api.get(f"/api/threads/{thread_id}/messages", headers=headers).json()
        if len(messages["messages"]) != 2:
            raise RuntimeError(f"minimal journey: expected 2 messages, got {messages}")


def overhead() -> dict:
    with local_platform() as (settings, _platform):
        people = []
        for i in range(JOURNEYS * 3):
            person = Person(f"Bench{i}", f"bench{i}.{time.time_ns()}@bench.example.com", settings,
                            Evidence())
            person.ensure_account()
            people.append(person)
        library, minimal, bare = [], [], []
        for i in range(JOURNEYS):
            lib, mini, quick = people[3 * i], people[3 * i + 1], people[3 * i + 2]
            order = ("lib", "mini", "bare") if i % 2 == 0 else ("bare", "mini", "lib")
            clients = {"mini": minimal_clients(settings), "bare": minimal_clients(settings)}
            for side in order:
                started = time.monotonic()
                if side == "lib":
                    library_journey(lib, cost_question(i))
                    library.append(time.monotonic() - started)
                elif side == "mini":
                    minimal_journey(settings, clients["mini"], mini.email, mini.password.reveal(),
                                    cost_question(i), GRACE_AFTER_END_S)
                    minimal.append(time.monotonic() - started)
                else:
                    minimal_journey(settings, clients["bare"], quick.email, quick.password.reveal(),
                                    cost_question(i), 0)
                    bare.append(time.monotonic() - started)
    return {"journeys": JOURNEYS, "library_total_s": sum(library), "minimal_total_s": sum(minimal),
            "bare_total_s": sum(bare), "library_median_s": statistics.median(library),
            "minimal_median_s": statistics.median(minimal), "bare_median_s": statistics.median(bare),
            "ratio": sum(library) / sum(minimal), "ratio_vs_bare": sum(library) / sum(bare)}


def report(f: dict) -> str:
    goal = "meets" if f["ratio"] <= 1.2 else "misses"
    return (f"2.  harness overhead: ratio {f['ratio']:.3f} (library {f['library_total_s']:.2f} s / "
            f"minimal {f['minimal_total_s']:.2f} s over {f['journeys']} journeys each; medians "
            f"{f['library_median_s'] * 1000:.0f} ms vs {f['minimal_median_s'] * 1000:.0f} ms); "
            f"{goal} the goal of 1.2\n"
            f"    against a minimal script that stops at agent_completed: ratio "
            f"{f['ratio_vs_bare']:.3f} (median {f['bare_median_s'] * 1000:.0f} ms)")
