"""The auth service against CONTRACT sections 2 and 3."""

from __future__ import annotations

import secrets

import jwt
import pytest

from refplatform_harness import RunningPlatform


def register(p: RunningPlatform, **body):
    return p.http.post(f"{p.auth}/auth/register", json=body)


def test_health(platform):
    body = platform.http.get(f"{platform.auth}/health").json()
    assert body["status"] == "healthy" and body["service"] == "auth-service"


def test_register_returns_a_token_pair_with_every_claim(platform):
    email = f"Priya.{secrets.token_hex(3)}@Example.com"
    response = register(platform, email=email, password="long enough", name="Priya")
    assert response.status_code == 200
    body = response.json()
    assert body["token_type"] == "Bearer" and body["expires_in"] == 900
    assert body["user"]["email"] == email.lower() and body["user"]["name"] == "Priya"
    for token, kind in ((body["access_token"], "access"), (body["refresh_token"], "refresh")):
        claims = jwt.decode(token, platform.jwt_secret, algorithms=["HS256"],
                            audience="netra-platform", issuer="netra-auth-service")
        assert {"sub", "email", "permissions", "iat", "exp", "jti"} <= claims.keys()
        assert claims["token_type"] == kind and claims["type"] == kind
        assert claims["sub"] == body["user"]["id"]


def test_duplicate_email_is_409_whatever_its_case(platform):
    account = platform.sign_up()
    response = register(platform, email=account.email.upper(), password="another password")
    assert response.status_code == 409 and response.json()["detail"]


@pytest.mark.parametrize("body", [
    {"email": "not-an-email", "password": "long enough"},
    {"email": "a@example.com", "password": "short"},
    {"password": "long enough"},
    {"email": "a@example.com"},
    {"email": 42, "password": "long enough"},
    {"email": "a@example.com", "password": ["long enough"]},
    {"email": "a@example.com", "password": "long enough", "name": 7},
])
def test_register_refuses_bad_input_with_422(platform, body):
    response = register(platform, **body)
    assert response.status_code == 422 and response.json()["detail"]


@pytest.mark.parametrize("path", ["/auth/register", "/auth/login", "/auth/refresh",
                                  "/auth/validate", "/auth/e2e/test-auth"])
@pytest.mark.parametrize("raw", [b"{not json", b"", b"[1, 2]"])
def test_malformed_json_is_422_with_a_json_body(platform, path, raw):
    response = platform.http.post(f"{platform.auth}{path}", content=raw,
                                  headers={"X-E2E-Bypass-Key": platform.bypass_key,
                                           "Content-Type": "application/json"})
    assert response.status_code == 422, response.text
    assert "detail" in response.json()


def test_login_uses_one_message_for_unknown_email_and_wrong_password(platform):
    account = platform.sign_up()
    good = platform.http.post(f"{platform.auth}/auth/login",
                              json={"email": account.email.upper(), "password": account.password})
    assert good.status_code == 200 and good.json()["user"]["id"] == account.user_id
    wrong = platform.http.post(f"{platform.auth}/auth/login",
                               json={"email": account.email, "password": "wrong password"})
    unknown = platform.http.post(f"{platform.auth}/auth/login",
                                 json={"email": "nobody@example.com", "password": "wrong password"})
    assert wrong.status_code == unknown.status_code == 401
    assert wrong.json() == unknown.json()


def test_a_refresh_token_works_once(platform):
    account = platform.sign_up()
    first = platform.http.post(f"{platform.auth}/auth/refresh", json={"refresh_token": account.refresh})
    assert first.status_code == 200 and first.json()["access_token"]
    assert first.json()["user"]["id"] == account.user_id
    again = platform.http.post(f"{platform.auth}/auth/refresh", json={"refresh_token": account.refresh})
    assert again.status_code == 401
    as_refresh = platform.http.post(f"{platform.auth}/auth/refresh",
                                    json={"refresh_token": account.access})
    assert as_refresh.status_code == 401


def test_logout_revokes_the_token_everywhere(platform):
    account = platform.sign_up()
    bearer = {"Authorization": f"Bearer {account.access}"}
    assert platform.http.get(f"{platform.auth}/auth/me", headers=bearer).status_code == 200
    assert platform.http.post(f"{platform.auth}/auth/logout", headers=bearer).status_code == 200
    assert platform.http.get(f"{platform.auth}/auth/me", headers=bearer).status_code == 401
    assert platform.api("GET", "/api/threads", account.access).status_code == 401
    from refplatform_harness import closed_with
    code, _, frames = closed_with(platform.connect(account.access))
    assert code == 1008 and frames[0]["error_code"] == "AUTH_FAILED"
    validate = platform.http.post(f"{platform.auth}/auth/validate", json={"token": account.access})
    assert validate.json()["valid"] is False


def test_logout_without_a_valid_token_is_401(platform):
    assert platform.http.post(f"{platform.auth}/auth/logout").status_code == 401
    assert platform.http.post(f"{platform.auth}/auth/logout",
                              headers={"Authorization": "Bearer nonsense"}).status_code == 401


def test_me_and_validate(platform):
    account = platform.sign_up()
    me = platform.http.get(f"{platform.auth}/auth/me",
                           headers={"Authorization": f"Bearer {account.access}"}).json()
    assert me["user_id"] == account.user_id and me["email"] == account.email
    assert isinstance(me["permissions"], list)
    valid = platform.http.post(f"{platform.auth}/auth/validate", json={"token": account.access}).json()
    assert valid["valid"] is True and valid["user_id"] == account.user_id
    assert isinstance(valid["expires_at"], (int, float))
    invalid = platform.http.post(f"{platform.auth}/auth/validate", json={"token": "x.y.z"})
    assert invalid.status_code == 200 and invalid.json()["valid"] is False
    assert invalid.json()["error"]


def test_test_auth_needs_the_bypass_key(platform):
    url = f"{platform.auth}/auth/e2e/test-auth"
    body = {"email": f"tess.{secrets.token_hex(3)}@example.com", "permissions": ["read"]}
    assert platform.http.post(url, json=body).status_code == 401
    assert platform.http.post(url, json=body, headers={"X-E2E-Bypass-Key": "wrong"}).status_code == 401
    response = platform.http.post(url, json=body, headers={"X-E2E-Bypass-Key": platform.bypass_key})
    assert response.status_code == 200
    pair = response.json()
    assert pair["user"]["email"] == body["email"]
    claims = jwt.decode(pair["access_token"], platform.jwt_secret, algorithms=["HS256"],
                        audience="netra-platform")
    assert claims["permissions"] == ["read"]
    again = platform.http.post(url, json=body, headers={"X-E2E-Bypass-Key": platform.bypass_key})
    assert again.json()["user"]["id"] == pair["user"]["id"]
    assert platform.api("GET", "/api/threads", pair["access_token"]).status_code == 200


def test_test_auth_is_403_in_production(start_platform):
    p = start_platform("--production")
    response = p.http.post(f"{p.auth}/auth/e2e/test-auth", json={"email": "x@example.com"},
                           headers={"X-E2E-Bypass-Key": p.bypass_key})
    assert response.status_code == 403
