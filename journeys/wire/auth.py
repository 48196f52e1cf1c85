"""The auth service, call by call (CONTRACT section 3).

Methods return the raw ``Reply`` so a journey can look at a refusal as
closely as at a success; ``TokenPair.from_reply`` is the one place that turns
a successful sign-in into tokens, and it registers them as secrets.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..rules.contract import check_body
from ..errors import AuthRefused, ContractViolation
from ..evidence import HTTP, pointer
from .http import RecordedHttp, Reply
from ..secrets import registry
from .tokens import lifetime_mismatch


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    user_id: str
    email: str

    @classmethod
    def from_reply(cls, reply: Reply, who: str, action: str) -> "TokenPair":
        if not reply.ok:
            raise AuthRefused(
                f"{who} could not {action}: the auth service answered {reply.status} "
                f"{reply.text[:300]!r} after {reply.elapsed_s * 1000:.0f} ms",
                status=reply.status, evidence=pointer(HTTP))
        check_body("auth.token_pair", reply.body)
        body = reply.body
        registry.add(body["access_token"])
        registry.add(body["refresh_token"])
        mismatch = lifetime_mismatch(body["access_token"], body.get("expires_in"))
        if mismatch:
            raise ContractViolation(f"{who} could {action}; yet {mismatch}",
                                    evidence=pointer(HTTP))
        user = body.get("user") or {}
        return cls(body["access_token"], body["refresh_token"], str(user.get("id", "")),
                   str(user.get("email", "")))


class AuthClient:
    def __init__(self, http: RecordedHttp) -> None:
        self.http = http

    def health(self) -> Reply:
        return self.http.call("GET", "/health")

    def register(self, email: str, password: str, name: str | None = None) -> Reply:
        body = {"email": email, "password": password}
        if name:
            body["name"] = name
        return self.http.call("POST", "/auth/register", json_body=body)

    def login(self, email: str, password: str) -> Reply:
        return self.http.call("POST", "/auth/login", json_body={"email": email, "password": password})

    def refresh(self, refresh_token: str) -> Reply:
        return self.http.call("POST", "/auth/refresh", json_body={"refresh_token": refresh_token})

    def logout(self, access_token: str) -> Reply:
        return self.http.call("POST", "/auth/logout", token=access_token)

    def me(self, access_token: str) -> Reply:
        return self.http.call("GET", "/auth/me", token=access_token)

    def validate(self, token: str) -> Reply:
        return self.http.call("POST", "/auth/validate", json_body={"token": token})

    def test_auth(self, bypass_key: str, email: str, name: str | None = None) -> Reply:
        body = {"email": email}
        if name:
            body["name"] = name
        return self.http.call("POST", "/auth/e2e/test-auth", json_body=body,
                              headers={"X-E2E-Bypass-Key": bypass_key})

    def send_raw(self, path: str, raw_body: str) -> Reply:
        """For the bad-input journeys: a body that is not what the contract asks for."""
        return self.http.call("POST", path, raw_body=raw_body)
