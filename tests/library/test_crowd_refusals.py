"""A crowd's headline says someone looked into a colleague's conversation only when one did.

Seen on beta-17 (test-auth:subprotocol): opening a colleague's conversation was answered 401
"Invalid or expired token" for a valid pass; the crowd's headline said "3 of 10 people could look
into another person's conversation" although every attempt had been turned away.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from journeys.capabilities.expect_crowd import expect_each_refused
from journeys.errors import PlatformError
from journeys.wire.http import Reply

BODY = {"error": True, "error_code": "AUTH_FAILED", "message": "Invalid or expired token"}


def crowd_of(*names: str):
    members = [SimpleNamespace(name=name, conversation=f"thread_{name.lower()}") for name in names]
    return SimpleNamespace(members=members, next_after=lambda i: members[(i + 1) % len(members)])


def reply(status: int, body: object) -> Reply:
    return Reply("GET", "http://127.0.0.1:8000/api/threads/thread_x", status, body, str(body), 0.01)


def test_a_refusal_with_another_status_is_not_called_looking_in():
    crowd = crowd_of("Emma", "Farid")
    attempts = {"Emma": [reply(401, BODY)], "Farid": [reply(404, {"detail": "Thread not found"})] * 2}
    with pytest.raises(PlatformError) as raised:
        expect_each_refused(crowd, attempts)
    message = str(raised.value)
    assert "1 of 2 people were refused another person's conversation, but not as if it did not exist (404)" \
        in message, message
    assert "could look into" not in message, message
    assert "-> 401" in message, message


def test_an_accepted_attempt_is_called_looking_in():
    crowd = crowd_of("Emma", "Farid")
    attempts = {"Emma": [reply(200, {"id": "thread_farid"})], "Farid": [reply(401, BODY)]}
    with pytest.raises(PlatformError) as raised:
        expect_each_refused(crowd, attempts)
    assert "2 of 2 people could look into another person's conversation" in str(raised.value), str(raised.value)
