"""Chat tickets on the reference platform (CONTRACT section 8): issued to a pass, good once."""

from __future__ import annotations

import pytest
from websockets.exceptions import InvalidStatus
from websockets.sync.client import connect

from refplatform_harness import closed_with, recv_json

TICKETS = "/api/websocket/ticket"


def open_with(p, ticket_id: str):
    return connect(f"{p.ws_url}?ticket={ticket_id}", open_timeout=5, legacy=True)


def test_a_ticket_is_issued_to_a_pass_with_its_lifetime(platform):
    body = platform.api("POST", TICKETS, platform.sign_up().access).json()
    assert set(body) >= {"ticket_id", "expires_at", "ttl_seconds", "single_use"}
    assert body["ttl_seconds"] == 300 and body["single_use"] is True
    assert body["expires_at"] - body["created_at"] == pytest.approx(300)


def test_a_ticket_opens_the_chat_once_as_its_owner_and_then_is_refused(platform):
    account = platform.sign_up()
    ticket_id = platform.api("POST", TICKETS, account.access, json={}).json()["ticket_id"]
    ws = open_with(platform, ticket_id)
    greeting = recv_json(ws, 3)
    ws.close()
    assert greeting["type"] == "connection_established"
    assert greeting["data"]["user_id"] == account.user_id
    code, _reason, frames = closed_with(open_with(platform, ticket_id))
    assert code == 1008 and [f["type"] for f in frames] == ["error_message"]
    assert "already used" in frames[0]["error_message"]


@pytest.mark.parametrize("token, status", [(None, 401), ("not-a-token", 401)])
def test_no_ticket_without_a_valid_pass(platform, token, status):
    assert platform.api("POST", TICKETS, token).status_code == status


@pytest.mark.parametrize("ttl", [0, -1, 3601, "5", 1.5, True])
def test_a_wrong_ttl_request_is_refused_plainly(platform, ttl):
    reply = platform.api("POST", TICKETS, platform.sign_up().access, json={"ttl_seconds": ttl})
    assert reply.status_code == 422 and reply.json()["error_code"] == "invalid_ttl"


def test_the_ticket_lifetime_is_a_platform_setting(start_platform):
    p = start_platform("--ticket-ttl-s", "7")
    assert p.api("POST", TICKETS, p.sign_up().access).json()["ttl_seconds"] == 7


def test_a_refused_ticket_can_be_refused_at_the_handshake(start_platform):
    p = start_platform("--variant", "ws-refuse-handshake")
    with pytest.raises(InvalidStatus) as refused:
        open_with(p, "never-issued-" + "x" * 20)
    assert refused.value.response.status_code == 403
