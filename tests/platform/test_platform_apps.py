"""The two apps in Starlette's shape, in process: one shared context on each ``app.state``.

The other platform tests run the real subprocess; these build the apps directly,
to check what the subprocess cannot show: both apps hold the very same objects
(so a sign-out on one is honoured by the other), the bypass key masks itself on
``app.state``, and the dialect changes only the health route of the backend's list.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from reference_platform import backend_app, netra
from reference_platform.auth_app import build_auth_app
from reference_platform.backend_app import build_backend_app
from reference_platform.context import PlatformContext, build_context
from reference_platform.switches import Switches

BYPASS_KEY = "in-process-bypass-key-for-tests"
JWT_SECRET = "in-process-jwt-secret-long-enough-to-sign-tokens"


def call(app: Starlette, method: str, path: str, **kwargs) -> httpx.Response:
    """One request through the app in this thread, where the store's SQLite connection lives."""
    async def send() -> httpx.Response:
        async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app),
                                     base_url="http://in-process") as client:
            return await client.request(method, path, **kwargs)
    return asyncio.run(send())


@pytest.fixture
def ctx() -> Iterator[PlatformContext]:
    context = build_context(Switches(hash_cost=2), JWT_SECRET, BYPASS_KEY, None)
    yield context
    context.store.close()


def test_a_sign_out_on_the_auth_app_is_honoured_by_the_backend_app(ctx):
    auth, backend = build_auth_app(ctx), build_backend_app(ctx)
    signed_up = call(auth, "POST", "/auth/register", json={"email": "amara@example.org",
                                                           "password": "a long enough password"})
    assert signed_up.status_code == 200, f"register answered {signed_up.status_code}: {signed_up.text}"
    bearer = {"Authorization": f"Bearer {signed_up.json()['access_token']}"}
    before = call(backend, "GET", "/api/threads", headers=bearer)
    assert before.status_code == 200, f"the backend refused a fresh token: {before.text}"
    signed_out = call(auth, "POST", "/auth/logout", headers=bearer)
    assert signed_out.status_code == 200, f"logout answered {signed_out.status_code}: {signed_out.text}"
    after = call(backend, "GET", "/api/threads", headers=bearer)
    assert after.status_code == 401, (
        f"after logout on the auth app the backend should refuse the token, answered "
        f"{after.status_code}: {after.text}")


def test_each_app_carries_the_same_shared_objects_on_its_state(ctx):
    auth, backend = build_auth_app(ctx), build_backend_app(ctx)
    for name in ("switches", "store", "tokens", "faults", "tickets", "connections", "urls"):
        assert getattr(auth.state, name) is getattr(ctx, name), f"auth app.state.{name} is a copy"
        assert getattr(backend.state, name) is getattr(ctx, name), f"backend app.state.{name} is a copy"


def test_the_bypass_key_on_app_state_masks_itself(ctx):
    app = build_backend_app(ctx)
    assert BYPASS_KEY not in repr(app.state.bypass_key), repr(app.state.bypass_key)
    assert BYPASS_KEY not in repr(ctx), "the context's repr shows the bypass key"
    refused = call(app, "POST", "/_reference/faults", json={},
                   headers={"X-E2E-Bypass-Key": "not-the-key"})
    assert refused.status_code == 401, f"a wrong bypass key answered {refused.status_code}"
    accepted = call(app, "POST", "/_reference/faults", json={},
                    headers={"X-E2E-Bypass-Key": BYPASS_KEY})
    assert accepted.status_code == 200, f"the right bypass key answered {accepted.status_code}: {accepted.text}"


def test_the_dialect_swaps_only_the_health_route():
    contract = backend_app.routes
    assert netra.routes("", contract, ready=backend_app.api_health_ready) is contract
    spoken = netra.routes("netra", contract, ready=backend_app.api_health_ready)
    changed = [(a.path, b.path) for a, b in zip(contract, spoken) if a is not b]
    assert changed == [("/api/health", "/api/health/ready")], changed
    ready = next(r for r in spoken if isinstance(r, Route) and r.path == "/api/health/ready")
    assert ready.endpoint is backend_app.api_health_ready
