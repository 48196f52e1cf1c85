"""Production: only @read-only journeys, nobody signed up, nothing written, and only on purpose."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from journeys.wire import production
from journeys.errors import ConfigError
from journeys.evidence import Evidence
from journeys.wire.http import RecordedHttp
from journeys.config.policy import OPEN, RunPolicy
from journeys.config.settings import load_settings

ALL_FEATURES = "features"
URLS = {"AUTH_SERVICE_URL": "https://auth.example.com", "BACKEND_URL": "https://api.example.com"}


def counts(db: Path) -> dict[str, int]:
    connection = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return {table: connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]
                for table in ("users", "threads", "messages", "used_refresh_tokens", "revoked_tokens")}
    finally:
        connection.close()


def test_production_needs_an_explicit_opt_in():
    with pytest.raises(ConfigError) as caught:
        load_settings("production", environ=dict(URLS))
    assert "target 'production' is production" in str(caught.value)
    assert "E2E_ALLOW_PRODUCTION=true" in str(caught.value)
    allowed = load_settings("production", environ={**URLS, "E2E_ALLOW_PRODUCTION": "true"})
    assert allowed.production and allowed.allow_production


def test_any_target_can_be_marked_production_and_production_cannot_be_unmarked():
    with pytest.raises(ConfigError) as caught:
        load_settings("eu-live", environ={**URLS, "E2E_PRODUCTION": "true"})
    assert "target 'eu-live' is production" in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        load_settings("production", environ={**URLS, "E2E_PRODUCTION": "false",
                                             "E2E_ALLOW_PRODUCTION": "true"})
    assert "target 'production' is always production" in str(caught.value)
    assert not load_settings("staging", environ=dict(URLS)).production


def test_the_guard_refuses_a_chat_write_and_finds_any_write_in_the_evidence():
    guarded = RunPolicy(guarded_target="production")
    assert production.skip_reason(guarded, {"journey", "golden-path"}).startswith("target 'production' is production")
    assert production.skip_reason(guarded, {"journey", "read-only"}) is None
    with pytest.raises(production.ProductionWrite):
        production.refuse_write(guarded, "Omar", "send a user_message frame to the chat")
    evidence = Evidence()
    evidence.http("GET", "https://api.example.com/health", 200, 0.01, {}, None, "{}")
    evidence.frame("Omar", "sent", 0.0, '{"type": "ping"}')
    production.check_read_only(guarded, "reads only", evidence)           # no write: nothing raised
    evidence.http("POST", "https://auth.example.com/auth/register", 200, 0.01, {}, "{}", "{}")
    with pytest.raises(production.ProductionWrite) as caught:
        production.check_read_only(guarded, "signs someone up", evidence)
    assert "POST https://auth.example.com/auth/register" in str(caught.value)
    production.refuse_write(OPEN, "Omar", "ask")                          # no guard: allowed
    production.check_read_only(OPEN, "signs someone up", evidence)        # no guard: nothing to find


def test_the_policy_comes_from_the_settings_and_is_handed_to_each_client():
    settings = load_settings("production", environ={**URLS, "E2E_ALLOW_PRODUCTION": "true"})
    assert settings.policy.guarded_target == "production"
    assert not load_settings("staging", environ=dict(URLS)).policy.guarded
    http = RecordedHttp("https://api.example.com", Evidence(), settings.policy)
    try:
        with pytest.raises(production.ProductionWrite):
            http.call("POST", "/api/threads", json_body={})
    finally:
        http.close()


def test_without_the_opt_in_production_runs_nothing(journeys, hand_started):
    platform = hand_started("--production")
    before = counts(platform.db)
    run = journeys(ALL_FEATURES, userdata={"target": "production"},
                   env={"AUTH_SERVICE_URL": platform.info["auth_url"],
                        "BACKEND_URL": platform.info["backend_url"]})
    assert run.exit_code != 0, run.explain()
    assert "E2E_ALLOW_PRODUCTION=true" in run.console, run.explain()
    assert not [s for s in run.scenarios if s.status in ("passed", "failed")], run.explain()
    assert counts(platform.db) == before


def test_production_runs_only_read_only_journeys_and_writes_nothing(journeys, hand_started):
    platform = hand_started("--production")
    before = counts(platform.db)
    run = journeys(ALL_FEATURES, userdata={"target": "production"},
                   env={"AUTH_SERVICE_URL": platform.info["auth_url"],
                        "BACKEND_URL": platform.info["backend_url"], "E2E_ALLOW_PRODUCTION": "true"})
    assert run.exit_code == 0, run.explain()
    ran = [s for s in run.scenarios if s.status != "skipped"]
    skipped = [s for s in run.scenarios if s.status == "skipped"]
    assert len(ran) >= 3 and all(s.status == "passed" for s in ran), run.explain()
    assert all(s.feature == "The platform reports its health and where its services are"
               for s in ran), run.explain()
    assert len(skipped) > 20, run.explain()
    assert "PRODUCTION: @read-only journeys only" in run.console, run.explain()
    after = counts(platform.db)
    assert after == before, f"production was written to: {before} -> {after}"
