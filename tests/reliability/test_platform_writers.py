"""The reference platform with many writers at once, and shut down with runs in flight.

- Concurrent writers (many people in one run, several overlapping runs on one
  thread, the HTTP agent alongside) never lose or duplicate a message.
- SIGTERM while runs are in flight closes every socket with 1001 and loses nothing
  already stored: the database read just before the signal is all there after it,
  and a restarted platform serves it.
"""

from __future__ import annotations

import json
import signal
import sqlite3
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from refplatform_harness import RunningPlatform, closed_with, normalise, recv_json

PEOPLE = 24
TURNS_EACH = 3          # overlapping runs on one connection, one thread
HTTP_EACH = 2           # answers asked for without the stream, on the same thread


@pytest.fixture
def platforms():
    started: list[RunningPlatform] = []

    def start(*args: str, **kwargs) -> RunningPlatform:
        started.append(RunningPlatform(*args, **kwargs))
        return started[-1]

    yield start
    for running in started:
        running.stop()
        running.remove_workdir()


def rows(db: Path) -> dict[str, tuple]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {r[0]: tuple(r[1:]) for r in
                connection.execute("SELECT id, thread_id, role, content FROM messages")}
    finally:
        connection.close()


def question(person: int, turn: int) -> str:
    return f"How much would {person * 10 + turn + 1} million GPT-4o tokens a month cost?"


def one_person(platform: RunningPlatform, index: int) -> dict:
    """Open a thread, ask TURNS_EACH questions at once on the socket and HTTP_EACH over HTTP."""
    token = platform.mint(sub=f"writer-{index}", email=f"writer.{index}@journeys.example.com")
    thread_id = platform.api("POST", "/api/threads", token, json={"title": f"writer {index}"}).json()["id"]
    chat = platform.chat(token)
    asked = [question(index, turn) for turn in range(TURNS_EACH + HTTP_EACH)]
    for text in asked[:TURNS_EACH]:
        chat.ask(text, thread_id)
    answers = []
    for text in asked[TURNS_EACH:]:
        reply = platform.api("POST", "/api/agents/execute", token,
                             json={"message": text, "thread_id": thread_id})
        assert reply.status_code == 200, reply.text
        answers.append(reply.json()["response"])
    deadline = time.monotonic() + 30
    while len(answers) < TURNS_EACH + HTTP_EACH:
        kind, fields = normalise(recv_json(chat.ws, max(0.1, deadline - time.monotonic())))
        assert kind != "agent_error", fields
        if kind == "agent_completed":
            answers.append(fields["final_response"])
    chat.close()
    return {"token": token, "thread": thread_id, "asked": asked, "answers": answers}


def test_many_concurrent_writers_never_lose_or_duplicate_a_message(platforms):
    platform = platforms(pause_ms=5)
    with ThreadPoolExecutor(max_workers=PEOPLE) as pool:
        people = list(pool.map(lambda i: one_person(platform, i), range(PEOPLE)))
    stored = rows(Path(platform.info["db_path"]))
    expected_total = PEOPLE * (TURNS_EACH + HTTP_EACH) * 2
    assert len(stored) == expected_total, f"{len(stored)} messages stored, expected {expected_total}"
    for person in people:
        page = platform.api("GET", f"/api/threads/{person['thread']}/messages", person["token"],
                            params={"limit": 500}).json()
        users = [m["content"] for m in page["messages"] if m["role"] == "user"]
        assistants = [m["content"] for m in page["messages"] if m["role"] == "assistant"]
        assert sorted(users) == sorted(person["asked"]), (users, person["asked"])
        assert sorted(assistants) == sorted(person["answers"]), (assistants, person["answers"])
        assert page["total"] == len(page["messages"]) == 2 * len(person["asked"])
        assert len({m["id"] for m in page["messages"]}) == len(page["messages"])


def test_shutdown_with_runs_in_flight_closes_1001_and_loses_nothing_stored(platforms, tmp_path):
    db = tmp_path / "kept.db"
    platform = platforms("--db", str(db), pause_ms=150)
    people = []
    for index in range(10):
        who = {"sub": f"shutdown-{index}", "email": f"shutdown.{index}@journeys.example.com"}
        chat = platform.chat(platform.mint(**who))
        finished = chat.run(question(index, 0), timeout=15)          # one answer stored whole
        people.append((who, chat, finished.final["thread_id"]))
    for index, (_, chat, thread_id) in enumerate(people):
        chat.ask(question(index, 1), thread_id)                       # a second run, in flight
    for _, chat, _ in people:
        while recv_json(chat.ws, 5)["type"] != "agent_started":
            pass
    before = rows(db)
    assert len(before) >= 10 * 3, len(before)                         # 2 per answer + 1 in flight
    assert platform.stop(signal.SIGTERM) == 0, platform.stderr()
    codes = [chat.ws.close_code or closed_with(chat.ws, 2)[0] for _, chat, _ in people]
    assert codes == [1001] * len(people), codes
    assert "Traceback" not in platform.stderr(), platform.stderr()
    after = rows(db)
    lost = {key: value for key, value in before.items() if after.get(key) != value}
    assert not lost, f"lost or changed at shutdown: {lost}"
    again = platforms("--db", str(db))          # new secrets: each person gets a new pass
    for who, _, thread_id in people:
        page = again.api("GET", f"/api/threads/{thread_id}/messages", again.mint(**who)).json()
        served = {m["id"] for m in page["messages"]}
        assert {key for key, value in before.items() if value[0] == thread_id} <= served, page
