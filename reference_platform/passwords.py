"""Password hashing with scrypt from the standard library.

A memory-hard hash, so a copied database does not give the passwords away. The
cost is a flag because the suite's tests create many users and need it cheap,
while a hand-run platform keeps the realistic default. Each hash records its own
parameters, so a database survives a change of cost. Hashing takes tens of
milliseconds: callers run it off the event loop (``asyncio.to_thread``) so other
connections' event timing is not disturbed.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

_R = 8
_P = 1
_DKLEN = 32


def hash_password(password: str, cost: int) -> str:
    """``scrypt$n$r$p$salt$hash``, all a later ``verify_password`` needs."""
    salt = secrets.token_bytes(16)
    digest = _scrypt(password, salt, cost, _R, _P)
    return "$".join(["scrypt", str(cost), str(_R), str(_P), _b64(salt), _b64(digest)])


def verify_password(password: str, encoded: str | None) -> bool:
    """Constant-time check; a user without a password (test-auth) never matches."""
    if not encoded:
        return False
    try:
        scheme, n, r, p, salt, digest = encoded.split("$")
        if scheme != "scrypt":
            return False
        actual = _scrypt(password, _unb64(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(actual, _unb64(digest))


def burn_time(password: str, cost: int) -> None:
    """Spend what a real check would, so an unknown email is not faster to refuse."""
    _scrypt(password, b"\0" * 16, cost, _R, _P)


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    maxmem = 256 * r * n + 1024 * 1024
    return hashlib.scrypt(password.encode("utf-8"), salt=salt, n=n, r=r, p=p,
                          maxmem=maxmem, dklen=_DKLEN)


def _b64(raw: bytes) -> str:
    return base64.b64encode(raw).decode("ascii")


def _unb64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"))
