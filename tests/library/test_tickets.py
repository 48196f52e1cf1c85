"""Chat tickets on the suite's side: the URL, the masking, the settings, the wait for an expiry;
and token lifetimes (a pair's expires_in against its token's own exp)."""

import time

import jwt
import pytest

from journeys.errors import ConfigError
from journeys.evidence import Evidence
from journeys.report.secret_scan import scan_text
from journeys.secrets import SecretRegistry
from journeys.config.settings import load_settings
from journeys.wire.tickets import ChatTicket, expiry_wait_s, ticket_url, tickets_offered
from journeys.wire.tokens import lifetime_mismatch

STAGING = {"AUTH_SERVICE_URL": "https://auth.staging.example.com",
           "BACKEND_URL": "https://api.staging.example.com"}


def test_the_ticket_joins_whatever_query_the_chat_url_has():
    assert ticket_url("wss://x.example.com/ws", "T1") == "wss://x.example.com/ws?ticket=T1"
    assert ticket_url("ws://h:1/ws?v=2&ticket=old", "a/b+c") == "ws://h:1/ws?v=2&ticket=a%2Fb%2Bc"


def test_a_ticket_is_masked_as_a_field_and_in_a_url_even_when_unknown():
    text = ('{"ticket_id": "tk_Zq7-unknown", "ttl_seconds": 300} '
            'GET ws://h/ws?ticket=tk_Zq7-unknown&x=1 wss://h/ws?v=1&ticket=tk_Zq7-unknown')
    masked = SecretRegistry().mask(text)
    assert "tk_Zq7" not in masked and masked.count("***") == 3
    assert '"ttl_seconds": 300' in masked


def test_evidence_never_holds_a_registered_ticket():
    from journeys.secrets import registry
    registry.add("tkt-registered-0123456789")
    evidence = Evidence()
    evidence.frame("Mia", "received", None, "connected to ws://h/ws with tkt-registered-0123456789")
    assert "tkt-registered" not in evidence.as_text()


@pytest.mark.parametrize("planted", ['{"ticket_id": "abcdef123456"}', "wss://h/ws?ticket=abcdef123456"])
def test_the_secret_scan_looks_for_tickets(planted):
    assert scan_text(f"before {planted} after", "t")
    assert scan_text('{"ticket_id": "***"} wss://h/ws?ticket=***', "t") == []


def test_ticket_settings(tmp_path):
    settings = load_settings("staging", dict(STAGING, E2E_WS_AUTH="ticket"), tmp_path)
    assert settings.ws_auth == "ticket" and settings.ticket_path == "/api/websocket/ticket"
    assert tickets_offered(settings) is None
    none = load_settings("staging", dict(STAGING, E2E_TICKET_PATH="none"), tmp_path)
    assert "offers no chat tickets (E2E_TICKET_PATH=none)" in tickets_offered(none)


def test_wrong_ticket_settings_are_named(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load_settings("staging", dict(STAGING, E2E_WS_AUTH="ticket", E2E_TICKET_PATH="none"), tmp_path)
    assert "E2E_WS_AUTH is 'ticket', but E2E_TICKET_PATH is 'none'" in str(caught.value)
    with pytest.raises(ConfigError) as caught:
        load_settings("staging", dict(STAGING, E2E_TICKET_PATH="api/ticket"), tmp_path)
    assert "E2E_TICKET_PATH is 'api/ticket'; expected a path starting with '/'" in str(caught.value)


def test_an_expiry_is_waited_for_by_the_tickets_own_ttl_or_skipped_with_the_reason(tmp_path):
    settings = load_settings("staging", dict(STAGING), tmp_path)     # E2E_WAIT_S = 10
    wait_s, reason = expiry_wait_s(ChatTicket("t", "Mia", 3.0), settings)
    assert reason is None and 3.0 < wait_s <= 4.0
    wait_s, reason = expiry_wait_s(ChatTicket("t", "Mia", 300.0), settings)
    assert wait_s is None
    assert "lasts 300 s (its ttl_seconds), longer than a journey waits (E2E_WAIT_S=10 s)" in reason


def _token(lasts_s: int, with_iat: bool = True) -> str:
    now = int(time.time())
    claims = {"sub": "u", "exp": now + lasts_s}
    if with_iat:
        claims["iat"] = now
    return jwt.encode(claims, "k" * 32, algorithm="HS256")


@pytest.mark.parametrize("lasts_s, expires_in, with_iat, wrong", [
    (900, 900, True, False),
    (900, 870, True, False),          # within a minute
    (7200, 900, True, True),          # the real platform's 2-hour token said to last 900 s
    (900, 1000, True, True),
    (7200, 900, False, True),         # no iat: compared with now
    (900, 895, False, False),
])
def test_expires_in_must_match_the_tokens_own_lifetime(lasts_s, expires_in, with_iat, wrong):
    found = lifetime_mismatch(_token(lasts_s, with_iat), expires_in)
    assert (found is not None) == wrong
    if wrong:
        assert f"expires_in {expires_in} s" in found and "within 60 s" in found


def test_an_unreadable_token_or_a_missing_expires_in_gets_no_lifetime_verdict():
    assert lifetime_mismatch("opaque-token", 900) is None
    assert lifetime_mismatch(_token(900), None) is None
