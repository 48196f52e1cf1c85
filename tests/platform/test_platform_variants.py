"""Event shapes and contract-allowed variants: each really changes what goes on the wire."""

from __future__ import annotations

import json
from datetime import datetime

import pytest
from websockets.exceptions import InvalidStatus

from refplatform_harness import assert_golden_run, recv_json

WRAPPER_TYPES = {"system_message", "agent_progress", "agent_response_complete"}


@pytest.mark.parametrize("args,container", [
    (("--shape", "nested"), "data"),
    (("--shape", "nested", "--variant", "payload-fields"), "payload"),
])
def test_nested_shapes(start_platform, args, container):
    p = start_platform(*args)
    chat = p.chat(p.sign_up().access)
    turn = chat.run()
    assert_golden_run(turn)
    for frame in turn.raw:
        assert set(frame) == {"type", container, "timestamp"}, frame
        assert frame[container]["run_id"] and frame[container]["thread_id"]
    chat.send({"type": "ping"})
    assert recv_json(chat.ws, 3)["type"] == "pong"      # non-run frames keep their one form
    chat.close()


def test_wrapped_shape_uses_all_three_wrappers(start_platform):
    p = start_platform("--shape", "wrapped")
    chat = p.chat(p.sign_up().access)
    turn = chat.run()
    assert_golden_run(turn)
    assert {frame["type"] for frame in turn.raw} == WRAPPER_TYPES
    assert all(frame["data"]["event"] == kind for frame, kind in zip(turn.raw, turn.kinds()))
    assert chat.established["type"] == "connection_established"
    chat.close()


def test_flat_shape_is_the_default(platform):
    chat = platform.chat(platform.sign_up().access)
    turn = chat.run()
    assert all(frame["type"] == kind and "run_id" in frame for frame, kind in zip(turn.raw, turn.kinds()))
    chat.close()


def test_health_ok_variant(start_platform):
    p = start_platform("--variant", "health-ok")
    assert p.http.get(f"{p.backend}/health").json() == {"status": "ok"}


def test_iso_timestamps_variant(start_platform):
    p = start_platform("--variant", "iso-timestamps")
    account = p.sign_up()
    chat = p.chat(account.access)
    turn = chat.run()
    stamps = [frame["timestamp"] for frame in turn.raw] + [chat.established["timestamp"]]
    thread = p.api("GET", "/api/threads", account.access).json()[0]
    messages = p.api("GET", f"/api/threads/{thread['id']}/messages", account.access).json()
    stamps += [thread["created_at"], thread["updated_at"]] + [m["created_at"] for m in messages["messages"]]
    stamps.append(p.http.get(f"{p.backend}/api/health").json()["timestamp"])
    stamps.append(p.http.post(f"{p.auth}/auth/validate", json={"token": account.access}).json()["expires_at"])
    for stamp in stamps:
        assert isinstance(stamp, str) and datetime.fromisoformat(stamp).tzinfo is not None
    chat.close()


def test_created_201_variant(start_platform):
    p = start_platform("--variant", "created-201")
    response = p.http.post(f"{p.auth}/auth/register",
                           json={"email": "ana@example.com", "password": "long enough"})
    assert response.status_code == 201
    created = p.api("POST", "/api/threads", response.json()["access_token"], json={})
    assert created.status_code == 201


def test_ws_refuse_handshake_variant(start_platform):
    p = start_platform("--variant", "ws-refuse-handshake")
    with pytest.raises(InvalidStatus) as refused:
        p.connect(p.mint(secret="wrong-secret-wrong-secret-wrong-secret"))
    assert refused.value.response.status_code == 403
    chat = p.chat(p.sign_up().access)           # a good token still connects
    chat.close()


def test_ack_unknown_type_variant(start_platform):
    p = start_platform("--variant", "ack-unknown-type")
    chat = p.chat(p.sign_up().access)
    chat.send(json.dumps({"type": "teleport"}))
    assert recv_json(chat.ws, 3)["type"] == "ack"
    chat.send("{not json")
    assert recv_json(chat.ws, 3)["type"] == "error_message"
    chat.close()
