"""A premise goes past a violation that leaves it working (a finding), and fails at once on one
that does not; the run reports each finding once, a parallel run's workers merged into one file."""

import json
from types import SimpleNamespace

import pytest

from scripted_chat import ScriptedChat

from journeys.capabilities.expect_events import expect_greeted_as
from journeys.capabilities.expect_security import expect_pass_lasts_as_told
from journeys.capabilities.premises import pass_life_unknown
from journeys.config.policy import RunPolicy
from journeys.errors import AuthRefused, ContractViolation, EnvironmentDown, StreamClosed
from journeys.evidence import Evidence
from journeys.findings import Finding
from journeys.parallel.reports import merge_findings
from journeys.report.run_files import prepare_reports
from journeys.report.run_findings import (FINDINGS_FILE, console_lines, findings_section,
                                          read_findings, record_findings)
from journeys.wire.auth import LIFETIME_CAUSE, SCHEMA_CAUSE, TokenPair
from journeys.wire.chat import ChatStream
from journeys.wire.protocol import GREETING_CAUSE
from journeys.wire.replies import Reply
from journeys.wire.tokens import mint

SECRET = "unit-test-secret-0123456789abcdef"
LIFETIME = f"contract violation: {LIFETIME_CAUSE}"


def _pair(ttl_s: int = 7200, expires_in: object = 900, **changes) -> dict:
    body = {"access_token": mint(SECRET, "u-1", "mia@example.com", ttl_s=ttl_s),
            "refresh_token": mint(SECRET, "u-1", "mia@example.com", token_type="refresh"),
            "token_type": "Bearer", "expires_in": expires_in,
            "user": {"id": "u-1", "email": "mia@example.com"}}
    body.update(changes)
    return {k: v for k, v in body.items() if v is not ...}


def _reply(body: object, status: int = 200) -> Reply:
    return Reply("POST", "http://auth/auth/login", status, body, json.dumps(body), 0.05)


def test_an_expires_in_that_disagrees_with_the_pass_is_a_finding_and_the_sign_in_goes_on():
    evidence = Evidence()
    pair = TokenPair.from_reply(_reply(_pair()), "Mia", "log in (login)", evidence)
    assert pair.access_token and pair.expires_in == 900
    [finding] = evidence.findings
    assert finding.headline == LIFETIME and finding.who == "Mia" and finding.where == "log in (login)"
    assert "Mia could log in (login); yet the pair says expires_in 900 s" in finding.message
    assert "lasts 7200 s" in finding.detail and "HTTP exchanges" in finding.evidence
    assert "finding (the premise went on)" in evidence.as_text()
    assert pair.access_token not in evidence.as_text() and pair.access_token not in finding.message


def test_without_evidence_the_disagreement_still_fails_at_once_with_the_same_words():
    with pytest.raises(ContractViolation) as raised:
        TokenPair.from_reply(_reply(_pair()), "Mia", "log in (login)")
    assert str(raised.value).startswith("contract violation: Mia could log in (login); yet the pair "
                                        "says expires_in 900 s while the access token itself lasts 7200 s")
    assert raised.value.headline == LIFETIME


def test_a_field_the_sign_in_does_not_need_that_breaks_the_schema_is_a_finding():
    evidence = Evidence()
    body = _pair(ttl_s=900, user={"id": "u-1"})   # no user.email
    TokenPair.from_reply(_reply(body), "Mia", "sign up", evidence)
    [finding] = evidence.findings
    assert finding.headline == f"contract violation: {SCHEMA_CAUSE}"
    assert "Mia could sign up; yet the token pair does not match its schema" in finding.detail
    with pytest.raises(ContractViolation):
        TokenPair.from_reply(_reply(body), "Mia", "sign up")


def test_an_agreeing_pair_leaves_no_finding():
    evidence = Evidence()
    TokenPair.from_reply(_reply(_pair(ttl_s=900)), "Mia", "sign up", evidence)
    assert evidence.findings == []


@pytest.mark.parametrize("body, status, error", [
    ({"detail": "Invalid credentials"}, 401, AuthRefused),                 # a refused sign-in
    (_pair(access_token=...), 200, ContractViolation),                     # no pass at all
    (_pair(refresh_token=""), 200, ContractViolation),                     # no refresh pass
    ("not json", 200, ContractViolation),
], ids=["refused", "no-access-pass", "empty-refresh-pass", "not-a-pair"])
def test_a_premise_that_cannot_work_still_fails_at_once(body, status, error):
    evidence = Evidence()
    with pytest.raises(error):
        TokenPair.from_reply(_reply(body, status), "Mia", "log in (login)", evidence)
    assert evidence.findings == []


def _person(evidence: Evidence, pair: TokenPair | None, mode: str = "login"):
    return SimpleNamespace(name="Mia", session=pair, evidence=evidence,
                           settings=SimpleNamespace(auth_mode=mode))


def test_the_journey_whose_promise_it_is_fails_with_the_findings_words():
    evidence = Evidence()
    pair = TokenPair.from_reply(_reply(_pair()), "Mia", "log in (login)", evidence)
    person = _person(evidence, pair)
    assert pass_life_unknown(person) is None
    with pytest.raises(ContractViolation) as raised:
        expect_pass_lasts_as_told(person)
    assert str(raised.value) == evidence.findings[0].message


def test_a_pass_that_lasts_as_told_passes_and_one_told_nothing_fails():
    evidence = Evidence()
    good = TokenPair.from_reply(_reply(_pair(ttl_s=900)), "Mia", "log in (login)", evidence)
    expect_pass_lasts_as_told(_person(evidence, good))
    silent = TokenPair(good.access_token, good.refresh_token, "u-1", "mia@example.com", "soon")
    with pytest.raises(ContractViolation, match="expires_in is 'soon'"):
        expect_pass_lasts_as_told(_person(evidence, silent))


def test_a_minted_or_opaque_pass_has_no_promised_life_to_check():
    minted = TokenPair(mint(SECRET, "u-1", "mia@example.com"), "", "u-1", "mia@example.com")
    assert "minted by the suite" in pass_life_unknown(_person(Evidence(), minted, "mint"))
    opaque = TokenPair("opaque-pass", "opaque-refresh", "u-1", "mia@example.com", 900)
    assert "no readable expiry" in pass_life_unknown(_person(Evidence(), opaque))


def _finding(who: str = "Mia", headline: str = LIFETIME) -> Finding:
    return Finding(headline, who, "log in (login)", f"{who} could log in; yet it disagrees", "attachment x")


def test_each_finding_is_reported_once_per_run_counted_in_scenarios(tmp_path):
    record_findings(tmp_path, "Sessions", "Mia logs in", [_finding(), _finding()])   # two sign-ins
    record_findings(tmp_path, "Chat", "Sam asks", [_finding("Sam")])
    record_findings(tmp_path, "Chat", "Lena asks", [_finding("Lena", "contract violation: other")])
    record_findings(tmp_path, "Chat", "Leo asks", [])
    assert len((tmp_path / FINDINGS_FILE).read_text().splitlines()) == 3   # one line per headline
    found = read_findings(tmp_path)
    assert [(f.headline, f.scenarios, f.example_scenario) for f in found] == [
        (LIFETIME, 2, "Mia logs in"), ("contract violation: other", 1, "Lena asks")]
    section = findings_section(tmp_path)
    assert section.count(LIFETIME) == 1 and "met in 2 scenarios, e.g. *Mia logs in* (Sessions)" in section
    assert console_lines(tmp_path)[0].startswith(f"FINDING: {LIFETIME} (met in 2 scenarios")
    assert findings_section(tmp_path / "nothing") == "" and console_lines(tmp_path / "nothing") == []


def test_a_parallel_runs_workers_findings_are_merged_into_one_file(tmp_path):
    workers = [tmp_path / "w1", tmp_path / "w2", tmp_path / "w3"]
    record_findings(workers[0], "Chat", "Sam asks", [_finding("Sam")])
    record_findings(workers[1], "Sessions", "Mia logs in", [_finding()])
    workers[2].mkdir()                                            # a worker that met none
    run = tmp_path / "run"
    merge_findings(workers, run)
    [finding] = read_findings(run)
    assert finding.scenarios == 2 and finding.example_scenario == "Sam asks"


def test_a_new_run_starts_without_the_last_runs_findings(tmp_path, monkeypatch):
    monkeypatch.setenv("E2E_REPORTS_DIR", str(tmp_path))
    record_findings(tmp_path, "Chat", "Sam asks", [_finding("Sam")])
    prepare_reports()
    assert not (tmp_path / FINDINGS_FILE).exists()


def _greeting(*frames: dict):
    """A chat that sends ``frames`` on connecting, then waits until the client leaves."""
    def script(ws, _number):
        for frame in frames:
            ws.send(json.dumps(frame))
        try:
            ws.recv(timeout=5)
        except Exception:   # the client hung up: the script is done
            pass
    return ScriptedChat(script)


def test_a_greeting_that_breaks_its_schema_is_a_finding_and_the_greeting_journey_fails_on_it():
    pass_for_u1 = mint(SECRET, "u-1", "mia@example.com")
    chat = _greeting({"type": "connection_established",
                      "data": {"user_id": "u-1", "connection_id": {"id": 1}}})
    evidence = Evidence()
    try:
        stream = ChatStream("Mia", chat.url, pass_for_u1, evidence, RunPolicy(wait_s=3, turn_s=5))
        stream.close()
    finally:
        chat.close()
    [finding] = evidence.findings
    assert finding.headline == f"contract violation: {GREETING_CAUSE}"
    assert finding.where == "connect to the chat" and "connection_id" in finding.detail
    with pytest.raises(ContractViolation, match="Mia's chat greeting does not match the contract"):
        expect_greeted_as("Mia", stream.established, pass_for_u1)


def test_a_chat_whose_first_frame_is_not_the_greeting_still_fails_at_once():
    chat = _greeting({"type": "agent_started", "run_id": "r1", "thread_id": "t1",
                      "agent_name": "triage", "timestamp": 1.0})
    evidence = Evidence()
    try:
        with pytest.raises(StreamClosed, match="expected connection_established"):
            ChatStream("Mia", chat.url, "a-pass", evidence, RunPolicy(wait_s=3, turn_s=5))
    finally:
        chat.close()
    assert evidence.findings == []


def test_a_chat_that_refuses_the_connection_still_fails_at_once():
    with pytest.raises(EnvironmentDown, match="could not reach the chat"):
        ChatStream("Mia", "ws://127.0.0.1:9/ws", "a-pass", Evidence(), RunPolicy(wait_s=2, turn_s=2))
