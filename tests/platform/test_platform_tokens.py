"""The token acceptance rules of CONTRACT section 2, on the backend and the WebSocket alike."""

from __future__ import annotations

import base64
import json
import time

import pytest

from refplatform_harness import Chat, closed_with


def tampered(token: str) -> str:
    header, payload, signature = token.split(".")
    claims = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    claims["sub"] = "someone-else"
    forged = base64.urlsafe_b64encode(json.dumps(claims).encode()).decode().rstrip("=")
    return f"{header}.{forged}.{signature}"


FORGERIES = {
    "alg none": lambda p: p.mint(algorithm="none"),
    "refresh as access": lambda p: p.sign_up().refresh,
    "expired": lambda p: p.mint(iat=int(time.time()) - 120, exp=int(time.time()) - 60),
    "wrong secret": lambda p: p.mint(secret="not-the-platform-secret-but-long-enough-to-sign"),
    "tampered payload": lambda p: tampered(p.sign_up().access),
    "wrong issuer": lambda p: p.mint(iss="someone-else"),
    "wrong audience": lambda p: p.mint(aud="another-product"),
    "no token_type": lambda p: p.mint(token_type=None),
    "refresh token_type": lambda p: p.mint(token_type="refresh", type="refresh"),
    "garbage": lambda p: "not.a.token",
}


@pytest.mark.parametrize("forgery", FORGERIES)
def test_forged_tokens_are_refused_by_backend_and_websocket(platform, forgery):
    token = FORGERIES[forgery](platform)
    response = platform.api("GET", "/api/threads", token)
    assert response.status_code == 401, response.text
    assert response.json()["detail"]
    code, _, frames = closed_with(platform.connect(token))
    assert code == 1008
    assert frames and frames[0]["type"] == "error_message" and frames[0]["error_code"] == "AUTH_FAILED"


def test_no_token_is_refused_on_the_websocket(platform):
    code, _, frames = closed_with(platform.connect(None))
    assert code == 1008 and frames[0]["error_code"] == "AUTH_FAILED"


@pytest.mark.parametrize("audience", ["netra-platform", "netra-backend"])
def test_a_minted_token_for_an_unseen_user_is_honoured(platform, audience):
    token = platform.mint(aud=audience, sub=f"new-user-{audience}")
    created = platform.api("POST", "/api/threads", token, json={"title": "first"})
    assert created.status_code == 200
    assert [t["id"] for t in platform.api("GET", "/api/threads", token).json()] == [created.json()["id"]]
    chat = Chat(platform.connect(token))
    assert chat.established["data"]["user_id"] == f"new-user-{audience}"
    chat.close()
