"""Issuing and checking the platform's JWTs (CONTRACT section 2).

Every acceptance rule lives in ``TokenService.check`` so the auth service, the
backend and the WebSocket refuse exactly the same tokens, and a token defect
switch weakens all three at once, as a real shared helper would.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import jwt

from .clock import now
from .faults import Faults
from .store import Store
from .switches import Switches

ISSUER = "netra-auth-service"
AUDIENCE = "netra-platform"
ACCEPTED_AUDIENCES = ["netra-platform", "netra-backend"]
ALGORITHM = "HS256"
MISMATCHED_TTL_S = 7200     # the real platform's defect: a 2-hour token said to last 900 s


class TokenRefused(Exception):
    """A token failed a rule; the message is safe to show (it never holds the token)."""


@dataclass(frozen=True)
class Claims:
    user_id: str
    email: str | None
    permissions: list[str]
    jti: str
    expires_at: float
    token_type: str


class TokenService:
    def __init__(self, secret: str, store: Store, switches: Switches, faults: Faults) -> None:
        self._secret = secret
        self._store = store
        self._switches = switches
        self._faults = faults

    @property
    def access_ttl_s(self) -> int:
        """The TTL for tokens issued now: a fault may shorten it for expiry journeys."""
        return self._faults.access_ttl_s or self._switches.access_ttl_s

    def issue_pair(self, user_id: str, email: str | None, permissions: list[str]) -> dict:
        """The contract's token pair, without its ``user`` (the caller adds that)."""
        ttl = self.access_ttl_s
        lasts = MISMATCHED_TTL_S if self._switches.defect("expires-in-mismatch") else ttl
        return {
            "access_token": self._issue(user_id, email, permissions, "access", lasts),
            "refresh_token": self._issue(user_id, email, permissions, "refresh",
                                         self._switches.refresh_ttl_s),
            "token_type": "Bearer",
            "expires_in": ttl,
        }

    def check_access(self, token: str) -> Claims:
        """Every rule of section 2 for a token used to call the platform."""
        allowed = ("access", "refresh") if self._switches.defect("refresh-as-access") else ("access",)
        claims = self._check(token, allowed)
        if self._store.is_revoked(claims.jti):
            raise TokenRefused("token has been revoked")
        return claims

    def check_refresh(self, token: str) -> Claims:
        """Signature, expiry, issuer, audience and type; one-time use is the caller's."""
        return self._check(token, ("refresh",))

    def revoke(self, claims: Claims) -> None:
        if not self._switches.defect("logout-not-revoking"):
            self._store.revoke(claims.jti, claims.expires_at)

    def _issue(self, user_id: str, email: str | None, permissions: list[str],
               token_type: str, ttl: int) -> str:
        issued = int(now())
        payload = {
            "sub": user_id, "email": email, "permissions": list(permissions),
            "iat": issued, "exp": issued + ttl, "jti": str(uuid.uuid4()),
            "iss": ISSUER, "aud": AUDIENCE, "token_type": token_type, "type": token_type,
        }
        return jwt.encode(payload, self._secret, algorithm=ALGORITHM)

    def _check(self, token: str, allowed_types: tuple[str, ...]) -> Claims:
        verify_exp = not self._switches.defect("expired-tokens-accepted")
        options = {"require": ["exp", "iat", "sub", "jti", "iss", "aud"], "verify_exp": verify_exp,
                   "verify_aud": True, "verify_iss": True}
        try:
            if self._switches.defect("alg-none-accepted") and _alg(token) == "none":
                payload = jwt.decode(token, options={**options, "verify_signature": False},
                                     audience=ACCEPTED_AUDIENCES, issuer=ISSUER)
            else:
                payload = jwt.decode(token, self._secret, algorithms=[ALGORITHM], options=options,
                                     audience=ACCEPTED_AUDIENCES, issuer=ISSUER)
        except jwt.ExpiredSignatureError:
            raise TokenRefused("token has expired") from None
        except jwt.InvalidSignatureError:
            raise TokenRefused("token signature is invalid") from None
        except jwt.InvalidAudienceError:
            raise TokenRefused("token audience is not accepted") from None
        except jwt.InvalidIssuerError:
            raise TokenRefused("token issuer is not accepted") from None
        except jwt.MissingRequiredClaimError as error:
            raise TokenRefused(f"token lacks the {error.claim!r} claim") from None
        except jwt.InvalidTokenError:
            raise TokenRefused("token is malformed or not signed with HS256") from None
        token_type = payload.get("token_type")
        if token_type not in allowed_types:
            raise TokenRefused(f"token_type {token_type!r} is not accepted here")
        permissions = payload.get("permissions")
        if not isinstance(permissions, list):
            permissions = []
        email = payload.get("email")
        return Claims(str(payload["sub"]), email.strip().lower() if isinstance(email, str) else None,
                      [str(p) for p in permissions], str(payload["jti"]),
                      float(payload["exp"]), str(token_type))


def _alg(token: str) -> str:
    try:
        return str(jwt.get_unverified_header(token).get("alg", "")).lower()
    except jwt.InvalidTokenError:
        return ""
