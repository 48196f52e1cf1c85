"""The backend HTTP API against CONTRACT section 4, and the faults control endpoint."""

from __future__ import annotations

import re
import time

import jwt
import pytest

from reference_platform import tools


def test_health_and_api_health(platform):
    assert platform.http.get(f"{platform.backend}/health").json() == {"status": "healthy"}
    first = platform.http.get(f"{platform.backend}/api/health").json()
    assert first["status"] == "healthy"
    assert {"database", "agent"} <= first["checks"].keys()
    assert all(check["status"] == "healthy" for check in first["checks"].values())
    time.sleep(0.05)
    second = platform.http.get(f"{platform.backend}/api/health").json()
    assert second["uptime_seconds"] > first["uptime_seconds"] > 0


def test_discovery_reports_the_urls_really_served(platform):
    body = platform.http.get(f"{platform.backend}/api/discovery/services").json()
    services = body["services"]
    assert services["backend"]["url"] == platform.backend
    assert services["backend"]["ws_url"] == platform.ws_url
    assert services["auth"]["url"] == platform.auth
    assert body["available"] is True and body["timestamp"]


def test_mcp_servers_and_config(platform):
    servers = platform.http.get(f"{platform.backend}/api/mcp/servers").json()
    assert servers["status"] == "success"
    server = servers["data"][0]
    assert {"name", "status", "version"} <= server.keys()
    names = [tool["name"] for tool in server["capabilities"]["tools"]]
    assert names == [tool["name"] for tool in tools.tool_catalogue()] and names
    config = platform.http.get(f"{platform.backend}/api/mcp/config").json()
    assert isinstance(config, dict) and {"claude", "http"} <= config.keys()


@pytest.mark.parametrize("method,path", [("GET", "/api/threads"), ("POST", "/api/threads"),
                                         ("GET", "/api/threads/x"), ("GET", "/api/threads/x/messages"),
                                         ("POST", "/api/agents/execute")])
def test_protected_calls_need_a_token(platform, method, path):
    response = platform.api(method, path, None, json={})
    assert response.status_code == 401 and response.json()["detail"]


def test_threads_are_listed_newest_first_even_when_created_together(platform):
    token = platform.sign_up().access
    ids = [platform.api("POST", "/api/threads", token, json={"title": f"t{i}"}).json()["id"]
           for i in range(4)]
    listed = platform.api("GET", "/api/threads", token).json()
    assert [t["id"] for t in listed] == ids[::-1]
    thread = listed[0]
    assert thread["object"] == "thread" and thread["title"] == "t3"
    assert thread["message_count"] == 0 and thread["metadata"] == {}
    assert isinstance(thread["created_at"], float) and isinstance(thread["updated_at"], float)


def test_create_thread_defaults_and_get(platform):
    token = platform.sign_up().access
    created = platform.api("POST", "/api/threads", token, json={"metadata": {"source": "test"}})
    assert created.status_code == 200
    got = platform.api("GET", f"/api/threads/{created.json()['id']}", token)
    assert got.status_code == 200 and got.json()["metadata"] == {"source": "test"}
    assert platform.api("GET", "/api/threads/thread_nope", token).status_code == 404


def test_another_users_thread_is_404(platform):
    owner, other = platform.sign_up("owner").access, platform.sign_up("other").access
    thread_id = platform.api("POST", "/api/threads", owner, json={"title": "mine"}).json()["id"]
    assert platform.api("GET", f"/api/threads/{thread_id}", other).status_code == 404
    assert platform.api("GET", f"/api/threads/{thread_id}/messages", other).status_code == 404
    assert platform.api("GET", "/api/threads", other).json() == []
    execute = platform.api("POST", "/api/agents/execute", other,
                           json={"message": "hello", "thread_id": thread_id})
    assert execute.status_code == 404


@pytest.mark.parametrize("path,body", [
    ("/api/threads", b"{oops"), ("/api/threads", b'{"title": 5}'),
    ("/api/threads", b'{"metadata": "x"}'), ("/api/threads", b"[]"),
    ("/api/agents/execute", b"{oops"), ("/api/agents/execute", b'{"message": 5}'),
    ("/api/agents/execute", b'{"message": ""}'), ("/api/agents/execute", b'{}'),
    ("/api/agents/execute", b'{"message": "hi", "thread_id": 3}'),
])
def test_bad_bodies_are_422_never_500(platform, path, body):
    response = platform.api("POST", path, platform.sign_up().access, content=body,
                            headers={"Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert response.json()["detail"]


def test_execute_answers_with_the_agent_and_stores_the_turn(platform):
    token = platform.sign_up().access
    question = "How much would 2 million GPT-4o tokens a month cost?"
    response = platform.api("POST", "/api/agents/execute", token, json={"message": question})
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "completed" and body["agent"] and body["execution_time"] >= 0
    assert re.search(r"\d", body["response"]) and "cost" in body["response"].lower()
    thread_id = body["thread_id"]
    again = platform.api("POST", "/api/agents/execute", token,
                         json={"message": "And 4 million?", "thread_id": thread_id}).json()
    assert again["thread_id"] == thread_id
    page = platform.api("GET", f"/api/threads/{thread_id}/messages", token).json()
    assert page["total"] == 4 and page["thread_id"] == thread_id
    assert [m["role"] for m in page["messages"]] == ["user", "assistant", "user", "assistant"]
    assert page["messages"][0]["content"] == question
    assert page["messages"][1]["content"] == body["response"]
    middle = platform.api("GET", f"/api/threads/{thread_id}/messages?limit=2&offset=1", token).json()
    assert [m["id"] for m in middle["messages"]] == [m["id"] for m in page["messages"][1:3]]
    assert (middle["limit"], middle["offset"], middle["total"]) == (2, 1, 4)
    listed = platform.api("GET", "/api/threads", token).json()
    assert listed[0]["message_count"] == 4


@pytest.mark.parametrize("query", ["limit=abc", "limit=0", "offset=-1", "limit=100000"])
def test_bad_paging_is_422(platform, query):
    token = platform.sign_up().access
    thread_id = platform.api("POST", "/api/threads", token, json={}).json()["id"]
    assert platform.api("GET", f"/api/threads/{thread_id}/messages?{query}", token).status_code == 422


def test_unknown_routes_answer_json(platform):
    response = platform.http.get(f"{platform.backend}/no/such/route")
    assert response.status_code == 404 and response.json()["detail"]


def test_faults_endpoint_needs_the_key_and_validates(platform):
    url = f"{platform.backend}/_reference/faults"
    assert platform.http.post(url, json={"clear": True}).status_code == 401
    assert platform.http.post(url, json={"clear": True},
                              headers={"X-E2E-Bypass-Key": "wrong"}).status_code == 401
    assert platform.faults(fail_next_runs=-1).status_code == 422
    assert platform.faults(bogus=1).status_code == 422
    assert platform.faults(fail_next_runs=2).json() == {"fail_next_runs": 2, "access_ttl_s": None}
    assert platform.faults(clear=True).json() == {"fail_next_runs": 0, "access_ttl_s": None}


def test_access_ttl_fault_shortens_new_tokens_only(platform):
    before = platform.sign_up()
    assert platform.faults(access_ttl_s=5).status_code == 200
    try:
        after = platform.sign_up()
        claims = jwt.decode(after.access, platform.jwt_secret, algorithms=["HS256"],
                            audience="netra-platform")
        assert claims["exp"] - claims["iat"] == 5
        old = jwt.decode(before.access, platform.jwt_secret, algorithms=["HS256"],
                         audience="netra-platform")
        assert old["exp"] - old["iat"] == 900
    finally:
        platform.faults(clear=True)
