"""Minting and forging access tokens (CONTRACT section 2).

``mint`` is the third way to sign in a test user: it carries EVERY claim of
the contract, because the real platform's own helper forgot ``token_type``
and ``aud`` and its tokens were then waved through by a bypass instead of
being validated. ``forge`` makes the passes a secure platform must refuse.
"""

from __future__ import annotations

import base64
import json
import time
import uuid

import jwt

from ..secrets import registry

ISSUER = "netra-auth-service"
AUDIENCE = "netra-platform"
FORGERIES = ("wrong-secret", "alg-none", "tampered")


def mint(secret: str, user_id: str, email: str, *, ttl_s: int = 900,
         token_type: str = "access", permissions: tuple[str, ...] = ("read", "write"),
         now: float | None = None) -> str:
    issued = int(now if now is not None else time.time())
    claims = {"sub": user_id, "email": email, "permissions": list(permissions),
              "iat": issued, "exp": issued + ttl_s, "jti": str(uuid.uuid4()),
              "iss": ISSUER, "aud": AUDIENCE, "token_type": token_type, "type": token_type}
    token = jwt.encode(claims, secret, algorithm="HS256")
    registry.add(token)
    return token


def claims_of(token: str) -> dict:
    """Read claims without verifying: to forge a copy of a real pass."""
    return jwt.decode(token, options={"verify_signature": False})


def expiry_of(token: str) -> float | None:
    """The pass's own ``exp``, or None when the pass is not a readable token or has none."""
    try:
        exp = claims_of(token).get("exp")
    except jwt.PyJWTError:
        return None
    return float(exp) if isinstance(exp, (int, float)) and not isinstance(exp, bool) else None


LIFETIME_TOLERANCE_S = 60


def lifetime_mismatch(access_token: str, expires_in: object, now: float | None = None) -> str | None:
    """Why a pair's ``expires_in`` disagrees with its access token's own ``exp``, or None.

    The token's life is ``exp - iat`` (or ``exp`` minus now, without ``iat``); more than a
    minute apart is a contract violation (CONTRACT section 8: the real platform said
    ``expires_in: 900`` of a 2-hour token). An opaque token cannot be read: no verdict here.
    """
    try:
        claims = claims_of(access_token)
    except jwt.PyJWTError:
        return None
    exp, iat = claims.get("exp"), claims.get("iat")
    numbers = (int, float)
    if not isinstance(exp, numbers) or not isinstance(expires_in, numbers) or isinstance(expires_in, bool):
        return None
    if isinstance(iat, numbers):
        lasts, how = exp - iat, "exp - iat"
    else:
        lasts, how = exp - (now if now is not None else time.time()), "exp - now"
    if abs(lasts - expires_in) <= LIFETIME_TOLERANCE_S:
        return None
    return (f"the pair says expires_in {expires_in:g} s while the access token itself lasts "
            f"{lasts:g} s ({how}); they must agree within {LIFETIME_TOLERANCE_S} s, or a client "
            f"renews too early or uses a pass it believes has expired")


def forge(kind: str, genuine: str) -> str:
    """A pass that looks like ``genuine`` but must be refused."""
    claims = claims_of(genuine)
    if kind == "wrong-secret":
        token = jwt.encode(claims, "not-the-platform-secret-" + uuid.uuid4().hex, algorithm="HS256")
    elif kind == "alg-none":
        token = _unsigned(claims)
    elif kind == "tampered":
        token = _resign_like(genuine, dict(claims, sub=str(uuid.uuid4()),
                                           permissions=["read", "write", "admin"]))
    else:
        raise ValueError(f"unknown forgery {kind!r}; expected one of {', '.join(FORGERIES)}")
    registry.add(token)
    return token


def mint_expired(secret: str, user_id: str, email: str) -> str:
    """A correctly signed pass whose time is up: only with the shared secret."""
    return mint(secret, user_id, email, ttl_s=1, now=time.time() - 3600)


def _unsigned(claims: dict) -> str:
    header = _b64(json.dumps({"alg": "none", "typ": "JWT"}).encode())
    return f"{header}.{_b64(json.dumps(claims).encode())}."


def _resign_like(genuine: str, claims: dict) -> str:
    """New payload under the genuine header and signature: a tampered pass."""
    header, _payload, signature = genuine.split(".")
    return f"{header}.{_b64(json.dumps(claims).encode())}.{signature}"


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).decode().rstrip("=")
