"""The auth service, call by call (CONTRACT section 3).

Methods return the raw ``Reply`` so a journey can look at a refusal as
closely as at a success; ``TokenPair.from_reply`` is the one place that turns
a successful sign-in into tokens, and it registers them as secrets.

A premise (sign up, log in) hands ``from_reply`` the scenario's evidence: a
violation that does not stop the pair working (``expires_in`` that disagrees
with the pass, a field the suite does not need that breaks the schema) is then
recorded there as a ``Finding`` and the premise goes on, so one defect of the
sign-in does not hide every journey's own verdict. Without evidence, or when
the pair cannot work (a refusal, no access or refresh pass), it raises at once.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..rules.contract import check_body
from ..errors import AuthRefused, ContractViolation
from ..evidence import HTTP, Evidence, pointer
from ..findings import Finding
from .http import RecordedHttp, Reply
from ..secrets import registry
from .tokens import lifetime_mismatch

LIFETIME_CAUSE = "the token pair's expires_in disagrees with the pass"
SCHEMA_CAUSE = "a token pair does not match its schema"
NEEDED = ("access_token", "refresh_token")   # what a pair must carry to work at all


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    user_id: str
    email: str
    expires_in: object = None    # as the platform said it (None: the suite minted the pass)

    @classmethod
    def from_reply(cls, reply: Reply, who: str, action: str,
                   evidence: Evidence | None = None) -> "TokenPair":
        """The pair of a successful sign-in. ``evidence``: a premise's, where a violation that
        leaves the pair working is recorded as a finding instead of raised."""
        if not reply.ok:
            raise AuthRefused(
                f"{who} could not {action}: the auth service answered {reply.status} "
                f"{reply.text[:300]!r} after {reply.elapsed_s * 1000:.0f} ms",
                status=reply.status, evidence=pointer(HTTP))
        body = reply.body
        if evidence is None or not _works(body):
            check_body("auth.token_pair", body)   # a pair that cannot work fails here, at once
        registry.add(body["access_token"])
        registry.add(body["refresh_token"])
        for problem in _violations(body, who, action, evidence):
            if evidence is None:
                raise problem
            evidence.found(Finding.of(problem, who, action))
        user = body.get("user") if isinstance(body.get("user"), dict) else {}
        return cls(body["access_token"], body["refresh_token"], str(user.get("id", "")),
                   str(user.get("email", "")), body.get("expires_in"))


def _works(body: object) -> bool:
    """Whether a pair carries what signing in needs: an access and a refresh pass."""
    return isinstance(body, dict) and all(isinstance(body.get(k), str) and body[k] for k in NEEDED)


def _violations(body: dict, who: str, action: str, evidence: Evidence | None) -> list[ContractViolation]:
    """What is wrong with a pair that works: its schema, and ``expires_in`` against the pass."""
    where = pointer(HTTP) if evidence is None else pointer(HTTP, step=f"the step where {who} "
                                                                      f"could {action}")
    found = []
    try:
        check_body("auth.token_pair", body)
    except ContractViolation as violation:
        found.append(ContractViolation(f"{who} could {action}; yet the token pair does not match "
                                       f"its schema: {violation.detail}", evidence=where,
                                       cause=SCHEMA_CAUSE))
    mismatch = lifetime_mismatch(body["access_token"], body.get("expires_in"))
    if mismatch:
        found.append(ContractViolation(f"{who} could {action}; yet {mismatch}", evidence=where,
                                       cause=LIFETIME_CAUSE))
    return found


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
