"""Every schema accepts the contract's examples (with their variants) and refuses realistic defects."""

from __future__ import annotations

import copy
import json
from importlib import resources

import pytest
from jsonschema import Draft202012Validator

from journeys.rules import contract
from journeys.rules.contract import KNOWN_BODIES, KNOWN_EVENTS, check_body, check_event
from journeys.errors import ContractViolation, SuiteError

ACCESS = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTQyIn0.c2lnbmF0dXJlLWFjY2Vzcw"
REFRESH = "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1LTQyIiwicmYiOjF9.c2lnbmF0dXJlLXJlZnJlc2g"

THREAD = {"id": "th_8c1f", "object": "thread", "title": "GPT-4o monthly cost",
          "created_at": "2025-03-14T09:26:53Z", "updated_at": 1741944413.25,
          "metadata": {"source": "web"}, "message_count": 2}

# Valid examples: each kind, with the contract's variants (ISO vs Unix timestamps, int vs
# string ids, health "ok", lower-case bearer, null title/metadata, extra fields).
VALID_BODIES: dict[str, list[object]] = {
    "auth.health": [
        {"status": "healthy", "service": "auth-service", "version": "1.4.2"},
        {"status": "ok", "service": "auth"},
    ],
    "auth.token_pair": [
        {"access_token": ACCESS, "refresh_token": REFRESH, "token_type": "Bearer", "expires_in": 900,
         "user": {"id": "u-42", "email": "priya.shah@example.com", "name": "Priya Shah"}},
        {"access_token": ACCESS, "refresh_token": REFRESH, "token_type": "bearer", "expires_in": 900.0,
         "user": {"id": 42, "email": "priya.shah@example.com"}, "scope": "chat"},
        {"access_token": ACCESS, "refresh_token": REFRESH, "token_type": "Bearer", "expires_in": 900},
    ],
    "auth.me": [
        {"user_id": "u-42", "email": "Priya.Shah@example.com", "permissions": ["chat", "threads"]},
        {"user_id": 42, "email": "priya.shah@example.com", "permissions": [], "name": "Priya"},
    ],
    "auth.validate": [
        {"valid": True, "user_id": "u-42", "email": "priya.shah@example.com",
         "permissions": ["chat"], "expires_at": "2025-03-14T10:26:53+00:00"},
        {"valid": True, "user_id": 42, "email": "priya.shah@example.com",
         "permissions": [], "expires_at": 1741948013},
        {"valid": False, "error": "token expired"},
    ],
    "auth.error": [
        {"detail": "Invalid email or password"},
        {"detail": [{"loc": ["body", "password"], "msg": "too short", "type": "value_error"}]},
        {"error": "email_taken", "message": "Email already registered"},
    ],
    "backend.health": [{"status": "healthy"}, {"status": "ok", "uptime": 12.5}],
    "backend.api_health": [
        {"status": "healthy", "timestamp": "2025-03-14T09:26:53.123456Z", "uptime_seconds": 3600,
         "checks": {"database": {"status": "healthy", "latency_ms": 2.1}, "llm": {"status": "healthy"}}},
        {"status": "degraded", "timestamp": 1741944413, "uptime_seconds": 12.5,
         "checks": {"redis": {"status": "unhealthy", "error": "timeout"}}},
    ],
    "backend.discovery": [
        {"services": {"backend": {"url": "https://api.staging.example.com",
                                  "ws_url": "wss://api.staging.example.com/ws"},
                      "auth": {"url": "https://auth.staging.example.com"},
                      "frontend": {"url": "https://app.staging.example.com"}},
         "timestamp": "2025-03-14T09:26:53Z", "available": True},
    ],
    "backend.mcp_servers": [
        {"data": [{"name": "netra-mcp", "status": "running", "version": "1.0.0",
                   "capabilities": {"tools": ["estimate_cost", {"name": "compare_models"}]}}],
         "status": "success"},
        {"data": [], "status": "success", "count": 0},
    ],
    "backend.mcp_config": [
        {"claude": {"command": "netra-mcp", "args": ["--stdio"]}, "http": {"url": "http://localhost/mcp"}},
        {"http": {"url": "http://localhost/mcp"}, "version": "1"},
    ],
    "backend.thread": [
        THREAD,
        {**THREAD, "id": 17, "title": None, "metadata": None, "created_at": 1741944413,
         "updated_at": "2025-03-14T09:26:53.5+01:00", "message_count": 0, "archived": False},
    ],
    "backend.thread_list": [[], [THREAD, {**THREAD, "id": 18, "title": None}]],
    "backend.messages": [
        {"messages": [
            {"id": "m1", "role": "user", "content": "How much would 2 million GPT-4o tokens cost?",
             "created_at": "2025-03-14T09:26:53Z", "metadata": {}},
            {"id": 2, "role": "assistant", "content": "About $15.00 a month for 2,000,000 tokens.",
             "created_at": 1741944414.5, "metadata": None, "run_id": "r1"}],
         "thread_id": "th_8c1f", "total": 2, "limit": 50, "offset": 0},
        {"messages": [], "thread_id": 17, "total": 0, "limit": 10, "offset": 0},
    ],
    "backend.execute": [
        {"status": "completed", "agent": "cost_optimizer", "response": "About $15.00 a month.",
         "thread_id": "th_8c1f", "execution_time": 0.42},
        {"status": "completed", "agent": "cost_optimizer", "response": "About $15.00 a month.",
         "thread_id": 17, "execution_time": 420, "run_id": "r9"},
    ],
    "backend.error": [{"detail": "Not Found"}, {"message": "Unauthorized", "code": 401}],
}

RUN = {"run_id": "run_1", "thread_id": "th_8c1f"}
RUN_INT = {"run_id": 7, "thread_id": 17}

VALID_EVENTS: dict[str, list[dict]] = {
    "connection_established": [
        {"user_id": "u-42", "connection_id": "conn_9f2", "timestamp": 1741944413.5},
        {"user_id": 42, "connection_id": 3, "timestamp": "2025-03-14T09:26:53Z", "server": "ws-1"},
        {"user_id": "u-42", "connection_id": "conn_9f2"},
    ],
    "pong": [{}, {"timestamp": 1741944413}],
    "heartbeat": [{}, {"timestamp": "2025-03-14T09:26:53Z", "seq": 4}],
    "ack": [{}, {"received": "frobnicate"}],
    "error_message": [
        {"error_code": "AUTH_FAILED", "error_message": "Authentication failed"},
        {"error_code": 4004, "error_message": "Unknown thread", "timestamp": 1741944413},
    ],
    "agent_started": [{**RUN, "agent_name": "cost_optimizer"},
                      {**RUN_INT, "agent_name": "cost_optimizer", "timestamp": "2025-03-14T09:26:53Z"}],
    "agent_thinking": [{**RUN, "reasoning": "Looking up GPT-4o prices"},
                       {**RUN_INT, "reasoning": "", "step": 1}],
    "tool_executing": [
        {**RUN, "tool_name": "estimate_cost", "execution_id": "ex_1",
         "parameters": {"model": "gpt-4o", "tokens": 2000000}},
        {**RUN_INT, "tool_name": "estimate_cost", "execution_id": 1, "parameters": {}},
    ],
    "tool_completed": [
        {**RUN, "tool_name": "estimate_cost", "execution_id": "ex_1",
         "results": {"monthly_cost_usd": 15.0}, "duration_ms": 12},
        {**RUN_INT, "tool_name": "estimate_cost", "execution_id": 1, "results": [1, 2],
         "duration_ms": 12.5},
        {**RUN, "tool_name": "estimate_cost", "execution_id": "ex_1", "results": "15.00",
         "duration_ms": 0},
        {**RUN, "tool_name": "estimate_cost", "execution_id": "ex_1", "results": None,
         "duration_ms": 3},
    ],
    "agent_completed": [
        {**RUN, "final_response": "About $15.00 a month for 2,000,000 tokens.", "status": "completed"},
        {**RUN_INT, "final_response": "About $15.00 a month.", "status": "completed",
         "timestamp": 1741944414.0},
    ],
    "agent_error": [{**RUN, "error_message": "The cost tool is unavailable, please retry."}],
    "agent_stopped": [{**RUN}, {**RUN, "status": "stopped"}],
}


def _violation(call, kind, instance) -> str:
    with pytest.raises(ContractViolation) as caught:
        call(kind, instance)
    return str(caught.value)


def test_every_kind_has_examples() -> None:
    assert set(VALID_BODIES) == set(KNOWN_BODIES)
    assert set(VALID_EVENTS) == set(KNOWN_EVENTS)


def test_every_schema_file_is_valid_draft_2020_12_with_a_matching_id() -> None:
    folder = resources.files("journeys.rules").joinpath("schemas")
    names = sorted(entry.name for entry in folder.iterdir() if entry.name.endswith(".json"))
    expected = sorted([f"{k}.json" for k in KNOWN_BODIES] + [f"event.{k}.json" for k in KNOWN_EVENTS]
                      + ["common.json"])
    assert names == expected
    for name in names:
        schema = json.loads(folder.joinpath(name).read_text(encoding="utf-8"))
        Draft202012Validator.check_schema(schema)
        assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
        assert schema["$id"].endswith("/" + name)
        assert schema.get("description"), f"{name} should record its choices in a description"


@pytest.mark.parametrize("kind,body", [(k, b) for k, bodies in VALID_BODIES.items() for b in bodies])
def test_valid_bodies_pass(kind: str, body: object) -> None:
    check_body(kind, copy.deepcopy(body))


@pytest.mark.parametrize("kind,fields", [(k, f) for k, events in VALID_EVENTS.items() for f in events])
def test_valid_events_pass(kind: str, fields: dict) -> None:
    check_event(kind, {**copy.deepcopy(fields), "type": kind})


def _thread(**changes: object) -> dict:
    thread = dict(THREAD)
    for key, value in changes.items():
        if value is _DROP:
            thread.pop(key)
        else:
            thread[key] = value
    return thread


_DROP = object()
_PAIR = VALID_BODIES["auth.token_pair"][0]
_MESSAGES = VALID_BODIES["backend.messages"][0]

INVALID_BODIES = [
    ("auth.health", {"status": "healthy"}, "auth.health without service"),
    ("auth.token_pair", {**_PAIR, "token_type": "JWT"},
     "auth.token_pair.token_type is 'JWT', expected one of Bearer, bearer"),
    ("auth.token_pair", {**_PAIR, "expires_in": "900"},
     "auth.token_pair.expires_in is '900' (a string), expected a number"),
    ("auth.token_pair", {k: v for k, v in _PAIR.items() if k != "refresh_token"},
     "auth.token_pair without refresh_token"),
    ("auth.token_pair", {**_PAIR, "user": {"id": "u-42"}}, "auth.token_pair without user.email"),
    ("auth.me", {"user_id": "u-42", "email": "priya@example.com", "permissions": "chat"},
     "auth.me.permissions is 'chat' (a string), expected an array"),
    ("auth.validate", {"valid": True, "user_id": "u-42"},
     "auth.validate without email, permissions, expires_at"),
    ("auth.validate", {"valid": False}, "auth.validate without error"),
    ("auth.validate", {"valid": "true", "user_id": "u-42"},
     "auth.validate.valid is 'true' (a string), expected a boolean"),
    ("auth.error", {"status": 422}, "auth.error without any of detail, error, message"),
    ("auth.error", "Unprocessable Entity", "auth.error is 'Unprocessable Entity' (a string), expected an object"),
    ("backend.health", {"status": "up"}, "backend.health.status is 'up', expected one of healthy, ok"),
    ("backend.health", {"status": 200}, "backend.health.status is 200 (an integer), expected one of healthy, ok"),
    ("backend.api_health", {**VALID_BODIES["backend.api_health"][0], "status": "ok"},
     "backend.api_health.status is 'ok', expected one of healthy, degraded, unhealthy"),
    ("backend.api_health", {**VALID_BODIES["backend.api_health"][0], "checks": {"db": {"latency_ms": 2}}},
     "backend.api_health without checks.db.status"),
    ("backend.api_health", {**VALID_BODIES["backend.api_health"][0], "checks": {"db": "healthy"}},
     "backend.api_health.checks.db is 'healthy' (a string), expected an object"),
    ("backend.discovery",
     {"services": {"backend": {"url": "https://api"}, "auth": {"url": "https://auth"}},
      "timestamp": 1741944413, "available": True},
     "backend.discovery without services.backend.ws_url"),
    ("backend.discovery", {**VALID_BODIES["backend.discovery"][0], "available": False},
     "backend.discovery.available is False, expected True"),
    ("backend.mcp_servers", {"data": [], "status": "error"},
     "backend.mcp_servers.status is 'error', expected 'success'"),
    ("backend.mcp_servers",
     {"data": [{"name": "netra-mcp", "status": "running", "version": "1.0.0", "capabilities": {}}],
      "status": "success"},
     "backend.mcp_servers.data[0] without capabilities.tools"),
    ("backend.mcp_config", {}, "backend.mcp_config is {} (an object), expected at least one client configuration"),
    ("backend.mcp_config", {"claude": "netra-mcp --stdio"},
     "backend.mcp_config is {'claude': 'netra-mcp --stdio'} (an object), expected at least one client"),
    ("backend.thread", _thread(object=_DROP), "backend.thread without object"),
    ("backend.thread", _thread(object="conversation"),
     "backend.thread.object is 'conversation', expected 'thread'"),
    ("backend.thread", _thread(message_count="2"),
     "backend.thread.message_count is '2' (a string), expected an integer"),
    ("backend.thread", _thread(id=None), "backend.thread.id is None (null), expected a string or an integer"),
    ("backend.thread", _thread(created_at="yesterday"),
     "backend.thread.created_at is 'yesterday' (a string), expected a timestamp"),
    ("backend.thread", _thread(created_at="2025-03-14"),
     "backend.thread.created_at is '2025-03-14' (a string), expected a timestamp"),
    ("backend.thread", _thread(updated_at=True),
     "backend.thread.updated_at is True (a boolean), expected a timestamp"),
    ("backend.thread_list", {"threads": [THREAD]},
     "backend.thread_list is {'threads': [{'id': 'th_8c1f'"),
    ("backend.thread_list", [THREAD, _thread(id=_DROP)], "backend.thread_list[1] without id"),
    ("backend.messages",
     {**_MESSAGES, "messages": _MESSAGES["messages"] + [{**_MESSAGES["messages"][0], "role": "system"}]},
     "backend.messages.messages[2].role is 'system', expected one of user, assistant"),
    ("backend.messages",
     {**_MESSAGES, "messages": [{"id": "m1", "role": "user", "created_at": 1, "metadata": None}]},
     "backend.messages.messages[0] without content"),
    ("backend.messages", {k: v for k, v in _MESSAGES.items() if k != "total"}, "backend.messages without total"),
    ("backend.execute", {**VALID_BODIES["backend.execute"][0], "status": "running"},
     "backend.execute.status is 'running', expected 'completed'"),
    ("backend.execute", {**VALID_BODIES["backend.execute"][0], "execution_time": "0.42s"},
     "backend.execute.execution_time is '0.42s' (a string), expected a number"),
    ("backend.error", ["Not Found"], "backend.error is ['Not Found'] (an array), expected an object"),
]

INVALID_EVENTS = [
    ("connection_established", {"connection_id": "conn_9f2"}, "connection_established without user_id"),
    ("connection_established", {"user_id": "u-42", "connection_id": "c", "timestamp": "now"},
     "connection_established.timestamp is 'now' (a string), expected a timestamp"),
    ("error_message", {"error_code": "AUTH_FAILED"}, "error_message without error_message"),
    ("error_message", {"error_code": "BAD_JSON", "error_message": {"text": "bad"}},
     "error_message.error_message is {'text': 'bad'} (an object), expected a string"),
    ("agent_started", {"run_id": "run_1", "agent_name": "cost_optimizer"}, "agent_started without thread_id"),
    ("agent_started", {**RUN, "agent": "cost_optimizer"}, "agent_started without agent_name"),
    ("agent_thinking", {**RUN, "reasoning": ["step 1"]},
     "agent_thinking.reasoning is ['step 1'] (an array), expected a string"),
    ("tool_executing", {**RUN, "tool_name": "estimate_cost", "execution_id": "ex_1", "parameters": "model=gpt-4o"},
     "tool_executing.parameters is 'model=gpt-4o' (a string), expected an object"),
    ("tool_executing", {**RUN, "tool_name": "estimate_cost", "parameters": {}},
     "tool_executing without execution_id"),
    ("tool_completed", {**RUN, "tool_name": "estimate_cost", "execution_id": "ex_1",
                        "results": {"monthly_cost_usd": 15.0}, "duration_ms": "12ms"},
     "tool_completed.duration_ms is '12ms' (a string), expected a number"),
    ("tool_completed", {**RUN, "tool_name": "estimate_cost", "execution_id": "ex_1", "duration_ms": 12},
     "tool_completed without results"),
    ("tool_completed", {**RUN, "tool_name": "estimate_cost", "execution_id": "ex_1", "results": 1,
                        "duration_ms": -5}, "tool_completed.duration_ms is -5, expected at least 0"),
    ("agent_completed", {**RUN, "final_answer": "About $15.00 a month.", "status": "completed"},
     "agent_completed without final_response"),
    ("agent_completed", {**RUN, "final_response": "About $15.00 a month.", "status": "done"},
     "agent_completed.status is 'done', expected 'completed'"),
    ("agent_completed", {**RUN, "final_response": None, "status": "completed"},
     "agent_completed.final_response is None (null), expected a string"),
    ("agent_error", {**RUN, "error": "boom"}, "agent_error without error_message"),
    ("agent_stopped", {"thread_id": "th_8c1f"}, "agent_stopped without run_id"),
]


@pytest.mark.parametrize("kind,body,message", INVALID_BODIES)
def test_invalid_bodies_are_named(kind: str, body: object, message: str) -> None:
    text = _violation(check_body, kind, body)
    assert text.startswith("contract violation: " + message), text


@pytest.mark.parametrize("kind,fields,message", INVALID_EVENTS)
def test_invalid_events_are_named(kind: str, fields: dict, message: str) -> None:
    text = _violation(check_event, kind, {**fields, "type": kind})
    assert text.startswith("contract violation: " + message), text


def test_every_kind_has_a_refusal_test() -> None:
    assert {k for k, _, _ in INVALID_BODIES} == set(KNOWN_BODIES)
    refused_events = {k for k, _, _ in INVALID_EVENTS}
    # pong, heartbeat and ack require nothing; their only refusable part is a bad timestamp.
    assert refused_events | {"pong", "heartbeat", "ack"} == set(KNOWN_EVENTS)
    for kind in ("pong", "heartbeat", "ack"):
        text = _violation(check_event, kind, {"type": kind, "timestamp": "soon"})
        assert f"{kind}.timestamp is 'soon' (a string), expected a timestamp" in text


def test_the_same_schema_reads_every_event_shape_after_flattening() -> None:
    # The caller flattens; extra fields such as 'event', 'data' or 'shape' are tolerated.
    check_event("tool_executing", {"type": "tool_executing", "event": "tool_executing", **RUN,
                                   "tool_name": "estimate_cost", "execution_id": "ex_1", "parameters": {}})


def test_up_to_three_problems_most_relevant_first() -> None:
    text = _violation(check_event, "tool_completed",
                      {"type": "tool_completed", "run_id": None, "tool_name": 3, "results": 1,
                       "duration_ms": "12ms"})
    problems = text.removeprefix("contract violation: ").split("; ")
    assert problems[0] == "tool_completed without thread_id, execution_id", text
    assert len(problems) == 3, text
    assert text.endswith("(and 1 more)"), text
    with pytest.raises(ContractViolation) as caught:
        check_event("tool_completed", {"type": "tool_completed", "run_id": None, "tool_name": 3,
                                       "results": 1, "duration_ms": "12ms"})
    assert caught.value.kind == "tool_completed"
    assert len(caught.value.problems) == 4
    assert "tool_completed.duration_ms is '12ms' (a string), expected a number" in caught.value.problems


def test_tokens_never_appear_in_a_message() -> None:
    bodies = [
        {**_PAIR, "token_type": "JWT", "expires_in": "soon", "access_token": 12345678},
        {"access_token": ["x", ACCESS], "refresh_token": {"value": REFRESH}, "token_type": "Bearer",
         "expires_in": 900},
        {**_PAIR, "user": ACCESS},
    ]
    for body in bodies:
        with pytest.raises(ContractViolation) as caught:
            check_body("auth.token_pair", body)
        text = str(caught.value) + " ".join(caught.value.problems)
        for secret in (ACCESS, REFRESH, "12345678", "signature"):
            assert secret not in text, text
    text = _violation(check_body, "auth.token_pair", bodies[1])
    assert "auth.token_pair.access_token is *** (an array), expected a string" in text
    text = _violation(check_body, "backend.mcp_config", {"http": "x", "token": "s3cr3t-value"})
    assert "s3cr3t-value" not in text and "'token': '***'" in text


def test_unknown_kinds_are_suite_defects() -> None:
    with pytest.raises(SuiteError) as caught:
        check_body("backend.threads", [])
    assert not isinstance(caught.value, ContractViolation)
    assert str(caught.value).startswith("suite defect: no contract schema for the body kind 'backend.threads'")
    with pytest.raises(SuiteError) as caught:
        check_event("agent_progress", {})
    assert not isinstance(caught.value, ContractViolation)
    with pytest.raises(SuiteError):
        check_event("backend.thread", {})   # a body kind is not an event kind


def test_validators_are_compiled_once() -> None:
    check_event("agent_started", {**RUN, "agent_name": "a", "type": "agent_started"})
    first = contract._validator("event.agent_started")
    check_event("agent_started", {**RUN, "agent_name": "b", "type": "agent_started"})
    assert contract._validator("event.agent_started") is first
    assert contract._schemas.cache_info().currsize == 1


@pytest.mark.parametrize("value,ok", [
    ("2025-03-14T09:26:53Z", True), ("2025-03-14T09:26:53.123456+05:30", True),
    ("2025-03-14 09:26:53", True), ("2025-03-14T09:26", True),
    ("2025-03-14", False), ("14/03/2025 09:26", False), ("2025-13-14T09:26:53Z", False), ("", False),
    (1741944413, True), (1741944413.25, True), (None, False), (False, False),
])
def test_timestamps_accept_unix_seconds_and_iso_8601(value: object, ok: bool) -> None:
    body = {"status": "healthy", "timestamp": value, "uptime_seconds": 1, "checks": {}}
    if ok:
        check_body("backend.api_health", body)
    else:
        assert "backend.api_health.timestamp is" in _violation(check_body, "backend.api_health", body)
