"""The auth service (CONTRACT section 3), a Starlette app on its own port.

Sign-up and sign-in are real: scrypt-hashed passwords in SQLite, token pairs from
``tokens.py``, one-time refresh tokens and logout revocation that the backend and
the WebSocket honour because they share the same ``TokenService``. Endpoints are
module functions reading the shared context from ``request.app.state``.
"""

from __future__ import annotations

import asyncio
import re
import sqlite3

from starlette.applications import Starlette
from starlette.datastructures import State
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from .bodies import (EXCEPTION_HANDLERS, ApiError, caller_claims, read_object, text_field,
                     text_list_field, unauthorized)
from .clock import now, stamp
from .context import PlatformContext, bypass_key_matches, iso, share
from .passwords import burn_time, hash_password, verify_password
from .store import User
from .tokens import TokenRefused

DEFAULT_PERMISSIONS = ["read", "write"]
MIN_PASSWORD_LENGTH = 8
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_SAME_FOR_BOTH = "Invalid email or password."


async def health(request: Request) -> JSONResponse:
    return JSONResponse({"status": "healthy", "service": "auth-service", "version": "1.0.0",
                         "timestamp": stamp(now(), iso(request.app.state))})


async def register(request: Request) -> JSONResponse:
    state = request.app.state
    body = await read_object(request, state.switches)
    email = _valid_email(text_field(body, "email"))
    password = text_field(body, "password")
    assert password is not None
    if len(password) < MIN_PASSWORD_LENGTH:
        raise ApiError(422, "weak_password",
                       f"The password must be at least {MIN_PASSWORD_LENGTH} characters long.")
    name = text_field(body, "name", required=False) or email.split("@")[0]
    existing = state.store.user_by_email(email)
    duplicates_allowed = state.switches.defect("duplicate-email-accepted")
    if existing and not duplicates_allowed:
        raise _email_taken()
    hashed = await asyncio.to_thread(hash_password, password, state.switches.hash_cost)
    existing = state.store.user_by_email(email)      # another request may have won meanwhile
    if existing and duplicates_allowed:
        user = state.store.overwrite_user(existing.id, name, hashed)
    else:
        try:
            user = state.store.create_user(email, name, hashed, DEFAULT_PERMISSIONS)
        except sqlite3.IntegrityError:
            raise _email_taken() from None
    status = 201 if state.switches.variant("created-201") else 200
    return JSONResponse(_pair(state, user), status_code=status)


async def login(request: Request) -> JSONResponse:
    state = request.app.state
    body = await read_object(request, state.switches)
    email = (text_field(body, "email") or "").strip().lower()
    password = text_field(body, "password") or ""
    user = state.store.user_by_email(email)
    revealing = state.switches.defect("login-reveals-unknown-email")
    if user is None:
        await asyncio.to_thread(burn_time, password, state.switches.hash_cost)
        raise unauthorized("No account is registered with this email." if revealing
                           else _SAME_FOR_BOTH)
    matches = await asyncio.to_thread(verify_password, password, user.password_hash)
    if not matches:
        raise unauthorized("The password is incorrect." if revealing else _SAME_FOR_BOTH)
    return JSONResponse(_pair(state, user))


async def refresh(request: Request) -> JSONResponse:
    state = request.app.state
    body = await read_object(request, state.switches)
    token = text_field(body, "refresh_token") or ""
    try:
        claims = state.tokens.check_refresh(token)
    except TokenRefused as refused:
        raise unauthorized(f"The refresh token was refused: {refused}.") from None
    if not state.switches.defect("reusable-refresh-token"):
        if not state.store.use_refresh_token(claims.jti):
            raise unauthorized("The refresh token was refused: it has already been used.")
    user = state.store.user_by_id(claims.user_id) or User(
        claims.user_id, claims.email, None, claims.permissions)
    return JSONResponse(_pair(state, user))


async def logout(request: Request) -> JSONResponse:
    state = request.app.state
    state.tokens.revoke(caller_claims(request, state.tokens))
    return JSONResponse({"status": "logged_out", "message": "You have been signed out."})


async def me(request: Request) -> JSONResponse:
    state = request.app.state
    claims = caller_claims(request, state.tokens)
    user = state.store.user_by_id(claims.user_id)
    return JSONResponse({"user_id": claims.user_id, "email": claims.email,
                         "permissions": claims.permissions,
                         "name": user.name if user else None})


async def validate(request: Request) -> JSONResponse:
    state = request.app.state
    body = await read_object(request, state.switches)
    token = text_field(body, "token") or ""
    try:
        claims = state.tokens.check_access(token)
    except TokenRefused as refused:
        return JSONResponse({"valid": False, "error": str(refused)})
    return JSONResponse({"valid": True, "user_id": claims.user_id, "email": claims.email,
                         "permissions": claims.permissions,
                         "expires_at": stamp(claims.expires_at, iso(state))})


async def test_auth(request: Request) -> JSONResponse:
    state = request.app.state
    if state.switches.production:
        raise ApiError(403, "forbidden", "Test sign-in is disabled in production.")
    if not bypass_key_matches(state, request.headers.get("x-e2e-bypass-key")):
        raise ApiError(401, "unauthorized", "The X-E2E-Bypass-Key header is missing or wrong.")
    body = await read_object(request, state.switches)
    email = _valid_email(text_field(body, "email"))
    name = text_field(body, "name", required=False)
    permissions = text_list_field(body, "permissions")
    user = state.store.user_by_email(email)
    if user is None:
        try:
            user = state.store.create_user(email, name or email.split("@")[0], None,
                                           permissions or DEFAULT_PERMISSIONS)
        except sqlite3.IntegrityError:    # created by a concurrent request
            user = state.store.user_by_email(email)
            assert user is not None
    if permissions is not None:
        user = User(user.id, user.email, user.name, permissions)
    return JSONResponse(_pair(state, user))


routes = [
    Route("/health", health, methods=["GET"]),
    Route("/auth/register", register, methods=["POST"]),
    Route("/auth/login", login, methods=["POST"]),
    Route("/auth/refresh", refresh, methods=["POST"]),
    Route("/auth/logout", logout, methods=["POST"]),
    Route("/auth/me", me, methods=["GET"]),
    Route("/auth/validate", validate, methods=["POST"]),
    Route("/auth/e2e/test-auth", test_auth, methods=["POST"]),
]


def build_auth_app(ctx: PlatformContext) -> Starlette:
    """One app per call, its state the shared context: tests could build several."""
    return share(ctx, Starlette(routes=routes, exception_handlers=EXCEPTION_HANDLERS))


def _pair(state: State, user: User) -> dict:
    pair = state.tokens.issue_pair(user.id, user.email, user.permissions)
    pair["user"] = {"id": user.id, "email": user.email, "name": user.name}
    return pair


def _valid_email(raw: str | None) -> str:
    email = (raw or "").strip().lower()
    if not _EMAIL.match(email):
        raise ApiError(422, "invalid_email", "The email address is not valid.")
    return email


def _email_taken() -> ApiError:
    return ApiError(409, "email_taken", "An account with this email already exists.")
