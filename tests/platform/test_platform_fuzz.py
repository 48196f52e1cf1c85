"""Property-based tests: malformed, oversized and type-confused input never breaks the platform.

CONTRACT sections 3 to 5: a bad body gets 422 (or 400, 401, 404...) with a JSON error
body, never a 500; bad WebSocket input gets ``error_message`` (or ``ack``) and the
connection stays usable; a frame over 64 KiB is closed with 1009. Whatever the input,
the event loop must survive (the process still answers, its log holds no traceback)
and nothing stored before is lost or changed.

Each property runs ``E2E_FUZZ_EXAMPLES`` examples (default 25, fast enough for
``python3 tasks.py tests``); set it to a few hundred for a long search.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from urllib.parse import quote

import httpx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from websockets.exceptions import ConnectionClosed

from refplatform_harness import COST_QUESTION, RunningPlatform, closed_with, recv_json

EXAMPLES = int(os.environ.get("E2E_FUZZ_EXAMPLES", "25"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
MAX_FRAME = 64 * 1024
PONG_WAIT_S = 5.0

# -- what bad input looks like ------------------------------------------------------
# Lone surrogates ("\\ud800") are valid JSON escapes but not encodable text, and NaN is what
# Python's json writes for a float JSON has no word for: both classic ways to a 500.
surrogates = st.text(st.characters(categories=["Cs"]), min_size=1, max_size=3)
tricky_text = st.one_of(
    st.text(max_size=40),
    st.tuples(st.text(max_size=10), surrogates).map("@x.io".join),
    st.tuples(st.text(max_size=10), surrogates, st.text(max_size=10)).map("".join),
    st.sampled_from(["", " ", "\x00", "null", "NaN", "1e999", "-0", "\u202e", "👩‍💻" * 50]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(min_value=-(2**70), max_value=2**70),
                    st.floats(allow_nan=True, allow_infinity=True), tricky_text)
json_values = st.recursive(scalars, lambda inner: st.one_of(
    st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=10), inner, max_size=4)),
    max_leaves=12)
oversized_text = st.integers(min_value=10_000, max_value=300_000).map(lambda n: "x" * n)
raw_bodies = st.one_of(st.binary(max_size=200), st.text(max_size=200).map(str.encode),
                       st.just(b""), st.just(b"{"), st.just(b'{"email": }'), st.just(b"null"),
                       st.just(b"[]"), st.just(b'"text"'), st.just(b"\xff\xfe{}"))

FIELDS = {
    "/auth/register": ("email", "password", "name"),
    "/auth/login": ("email", "password"),
    "/auth/refresh": ("refresh_token",),
    "/auth/validate": ("token",),
    "/auth/e2e/test-auth": ("email", "name", "permissions"),
    "/api/threads": ("title", "metadata"),
    "/api/agents/execute": ("message", "thread_id"),
    "/_reference/faults": ("fail_next_runs", "access_ttl_s", "clear"),
}
AUTH_POSTS = ("/auth/register", "/auth/login", "/auth/refresh", "/auth/logout", "/auth/validate",
              "/auth/e2e/test-auth")
BACKEND_POSTS = ("/api/threads", "/api/agents/execute", "/_reference/faults")
GETS = [("auth", "/health"), ("auth", "/auth/me"), ("backend", "/health"),
        ("backend", "/api/health"), ("backend", "/api/discovery/services"),
        ("backend", "/api/mcp/servers"), ("backend", "/api/mcp/config"),
        ("backend", "/api/threads")]


def confused_body(path: str) -> st.SearchStrategy[dict]:
    """The endpoint's own fields, each given a value of any type (or a very long one)."""
    value = st.one_of(tricky_text, json_values, oversized_text)
    return st.fixed_dictionaries({}, optional={name: value for name in FIELDS.get(path, ())})


def any_body(path: str) -> st.SearchStrategy[bytes]:
    return st.one_of(raw_bodies, json_values.map(lambda v: json.dumps(v).encode()),
                     confused_body(path).map(lambda v: json.dumps(v).encode()))


header_text = st.text(alphabet=st.characters(min_codepoint=32, max_codepoint=126),
                      max_size=300).map(str.strip)   # h11 refuses surrounding blanks


# -- the platform under fire, and what it held before -------------------------------------
@pytest.fixture(scope="module")
def target(reaper):
    running = RunningPlatform()
    account = running.sign_up("fuzz-keeper")
    chat = running.chat(account.access)
    thread_id = chat.run(COST_QUESTION).final["thread_id"]
    chat.close()
    before = stored_messages(running)
    assert len(before) >= 2, before
    running.keeper = account
    running.keeper_thread = thread_id
    running.reader = account.access       # only GETs use it, so nothing revokes it
    yield running
    after = stored_messages(running)
    lost = {key: value for key, value in before.items() if after.get(key) != value}
    assert not lost, f"{len(lost)} stored message(s) lost or changed by the fuzzing: {lost}"
    token = running.http.post(f"{running.auth}/auth/login", json={
        "email": account.email, "password": account.password}).json()["access_token"]
    page = running.api("GET", f"/api/threads/{thread_id}/messages", token).json()
    assert page["total"] == 2, page
    assert running.http.get(f"{running.backend}/health").status_code == 200
    log = running.stderr()
    assert "Traceback" not in log and "ERROR" not in log, log[-3000:]
    running.request_stop()
    reaper.append(running)


def stored_messages(running: RunningPlatform) -> dict[str, tuple]:
    """Every message row, read straight from the platform's SQLite file (read-only)."""
    db = sqlite3.connect(f"file:{running.info['db_path']}?mode=ro", uri=True)
    try:
        rows = db.execute("SELECT id, thread_id, role, content FROM messages").fetchall()
    finally:
        db.close()
    return {row[0]: tuple(row[1:]) for row in rows}


def no_server_error(response: httpx.Response, what: str) -> None:
    assert response.status_code < 500, f"{what} -> {response.status_code} {response.text[:500]}"
    if response.status_code >= 400:
        body = response.json()      # an error body must be JSON, with a reason
        assert isinstance(body, dict) and body, f"{what} -> {response.status_code} {response.text[:300]}"


def base(running: RunningPlatform, service: str) -> str:
    return running.auth if service == "auth" else running.backend


# -- HTTP ---------------------------------------------------------------------------------
@pytest.mark.parametrize("path", AUTH_POSTS + BACKEND_POSTS)
@FUZZ
@given(data=st.data())
def test_any_body_on_any_post_is_never_a_server_error(target, path, data):
    body = data.draw(any_body(path), label="body")
    headers = {"Content-Type": data.draw(st.sampled_from(["application/json", "text/plain"]))}
    if data.draw(st.booleans(), label="signed in"):
        headers["Authorization"] = f"Bearer {target.mint()}"     # fresh: logout may revoke it
    if path in ("/auth/e2e/test-auth", "/_reference/faults") and data.draw(st.booleans(), label="key"):
        headers["X-E2E-Bypass-Key"] = target.bypass_key
    service = "auth" if path.startswith("/auth") else "backend"
    response = target.http.post(base(target, service) + path, content=body, headers=headers)
    no_server_error(response, f"POST {path} {body[:200]!r}")
    if path == "/_reference/faults" and response.status_code == 200:
        target.faults(clear=True)          # a valid fault body must not leak into other examples


@pytest.mark.parametrize("service, path", GETS)
@FUZZ
@given(authorization=st.one_of(st.none(), header_text, header_text.map(lambda t: ("Bearer " + t).strip())))
def test_any_credentials_on_any_get_are_never_a_server_error(target, service, path, authorization):
    headers = {} if authorization is None else {"Authorization": authorization}
    response = target.http.get(base(target, service) + path, headers=headers)
    no_server_error(response, f"GET {path} with Authorization {authorization!r}")


@FUZZ
@given(thread_id=st.text(max_size=80), limit=st.one_of(st.none(), st.text(max_size=30),
       st.integers(min_value=-(2**80), max_value=2**80).map(str)),
       offset=st.one_of(st.none(), st.text(max_size=30),
                        st.integers(min_value=-(2**80), max_value=2**80).map(str)))
def test_any_thread_id_and_paging_are_never_a_server_error(target, thread_id, limit, offset):
    params = {k: v for k, v in (("limit", limit), ("offset", offset)) if v is not None}
    for path in (f"/api/threads/{quote(thread_id, safe='')}",
                 f"/api/threads/{quote(thread_id, safe='')}/messages",
                 f"/api/threads/{target.keeper_thread}/messages"):
        response = target.api("GET", path, target.reader, params=params)
        no_server_error(response, f"GET {path} {params}")


amounts = st.one_of(st.integers(min_value=-(10**30), max_value=10**30).map(str),
                    st.sampled_from(["1e308", "0.000001", "9" * 60, "1,000,000,000,000", "-5",
                                     "0", "3.5.7", "1" + ",000" * 20, "٣", "½"]))
questions = st.one_of(
    st.text(min_size=1, max_size=400),
    st.builds("How much would {} {} tokens a {} cost on {}?".format, amounts,
              st.sampled_from(["", "million", "billion", "k", "thousand"]),
              st.sampled_from(["day", "week", "month", "year", "fortnight"]),
              st.sampled_from(["GPT-4o", "gpt-4o-mini", "Claude 3.5 Sonnet", "nothing", ""])),
    st.builds("I spend ${} {} on {}; how can I save?".format, amounts,
              st.sampled_from(["a month", "per day", "yearly", ""]),
              st.sampled_from(["GPT-4o", "Claude 3.5 Sonnet", "llama", ""])))


@FUZZ
@given(question=questions)
def test_any_question_gets_an_answer_or_a_plain_refusal(target, question):
    response = target.api("POST", "/api/agents/execute", target.mint(), json={"message": question})
    no_server_error(response, f"execute {question[:200]!r}")
    if response.status_code == 200:
        answer = response.json()["response"]
        assert isinstance(answer, str) and answer.strip(), response.text[:300]
        assert "Traceback" not in answer and "inf" not in answer.split(), answer


# -- WebSocket ----------------------------------------------------------------------------
def user_frames() -> st.SearchStrategy[str | bytes]:
    """Frames a client could send: junk, JSON of any shape, and type-confused user frames."""
    kinds = st.sampled_from(["user_message", "chat_message", "message", "start_agent", "ping",
                             "", "unknown", "USER_MESSAGE"])
    confused = st.fixed_dictionaries(
        {"type": st.one_of(kinds, json_values)},
        optional={"payload": st.one_of(json_values, st.fixed_dictionaries({}, optional={
            "content": st.one_of(tricky_text, json_values, oversized_text.map(lambda t: t[:30_000])),
            "text": json_values, "user_request": json_values,
            "thread_id": st.one_of(json_values, st.text(max_size=40))}))})
    return st.one_of(st.text(max_size=300), st.binary(max_size=300),
                     json_values.map(json.dumps), confused.map(json.dumps))


def answers_ping(ws, what: str) -> None:
    """The connection still works: a ping gets its pong (whatever else arrives first)."""
    ws.send(json.dumps({"type": "ping"}))
    deadline = time.monotonic() + PONG_WAIT_S
    seen = []
    while True:
        try:
            frame = recv_json(ws, max(0.01, deadline - time.monotonic()))
        except ConnectionClosed as closed:
            raise AssertionError(f"the connection closed ({closed}) after {what}; frames: {seen}")
        except TimeoutError:
            raise AssertionError(f"no pong within {PONG_WAIT_S} s after {what}; frames: {seen}")
        assert isinstance(frame, dict), frame
        if frame.get("type") == "pong":
            return
        seen.append(frame.get("type"))


@FUZZ
@given(frames=st.lists(user_frames(), min_size=1, max_size=4))
def test_bad_frames_leave_the_connection_usable(target, frames):
    chat = target.chat(target.mint())
    try:
        for frame in frames:
            chat.ws.send(frame)
        answers_ping(chat.ws, f"sending {[f[:120] for f in frames]!r}")
    finally:
        chat.close()


@FUZZ
@given(size=st.integers(min_value=MAX_FRAME + 1, max_value=4 * MAX_FRAME),
       binary=st.booleans())
def test_a_frame_over_64_kib_is_closed_with_1009_and_nothing_else_breaks(target, size, binary):
    chat = target.chat(target.mint())
    chat.ws.send(b"x" * size if binary else "x" * size)
    code, reason, _ = closed_with(chat.ws, 5)
    assert code == 1009, f"a {size}-byte frame: close {code} {reason!r}"
    fresh = target.chat(target.mint())       # the server itself is fine
    answers_ping(fresh.ws, f"a {size}-byte frame on another connection")
    fresh.close()


def test_a_frame_of_exactly_64_kib_is_accepted(target):
    chat = target.chat(target.mint())
    chat.ws.send("x" * MAX_FRAME)
    answers_ping(chat.ws, "a frame of exactly 64 KiB")
    chat.close()
