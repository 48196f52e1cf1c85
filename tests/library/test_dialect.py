"""Contract differences: declared by name per target, strict when none, each a translation that
the contract's check would otherwise refuse."""

import json

import pytest
from dotenv import dotenv_values

from journeys.rules.contract import check_body, check_event
from journeys.config.dialect import DIFFERENCES, NAMES, STRICT, Dialect, RunMemory
from journeys.errors import ConfigError, ContractViolation
from journeys.events import Event
from journeys.report.run_context import context_properties, write_accepted_differences
from journeys.rules.run_rules import check_run
from journeys.config.settings import load_settings
from project_root import ROOT

EXAMPLE = ROOT / "config" / "netra.env.example"
NETRA = Dialect(frozenset(NAMES))
STAGING = {"AUTH_SERVICE_URL": "https://auth.staging.example.com",
           "BACKEND_URL": "https://api.staging.example.com"}


def load(target, environ, tmp_path):
    return load_settings(target, environ, config_dir=tmp_path)


def test_no_declaration_is_the_contract_strictly(tmp_path):
    settings = load("staging", STAGING, tmp_path)
    assert settings.dialect == STRICT and settings.dialect.accepted_list() == []
    assert load("local", {}, tmp_path).dialect == STRICT


def test_names_and_the_netra_dialect_are_declared_per_target(tmp_path):
    (tmp_path / "staging.env").write_text("E2E_ACCEPT=greeting-short-user-id, other-frames\n")
    settings = load("staging", STAGING, tmp_path)
    assert settings.dialect.accepted == {"greeting-short-user-id", "other-frames"}
    assert load("staging", {**STAGING, "E2E_DIALECT": "netra"}, tmp_path).dialect == NETRA


def test_an_unknown_name_is_a_settings_error_listing_the_known_ones(tmp_path):
    with pytest.raises(ConfigError) as caught:
        load("staging", {**STAGING, "E2E_ACCEPT": "greeting-short-user-id,short-ids",
                         "E2E_DIALECT": "zen"}, tmp_path)
    message = str(caught.value)
    assert "E2E_ACCEPT names 'short-ids'" in message and ", ".join(NAMES) in message
    assert "E2E_DIALECT is 'zen'; known dialects: netra" in message


def test_local_speaking_netra_accepts_its_differences_unless_told_otherwise(tmp_path):
    assert load("local", {"E2E_LOCAL_DIALECT": "netra"}, tmp_path).dialect == NETRA
    strict = load("local", {"E2E_LOCAL_DIALECT": "netra", "E2E_DIALECT": ""}, tmp_path)
    assert strict.dialect == STRICT and strict.local.dialect == "netra"
    some = load("local", {"E2E_LOCAL_DIALECT": "netra", "E2E_ACCEPT": "other-frames"}, tmp_path)
    assert some.dialect.accepted == {"other-frames"}
    with pytest.raises(ConfigError, match=r"E2E_LOCAL_DIALECT is 'zen' \(from the environment\); expected one of contract, netra"):
        load("local", {"E2E_LOCAL_DIALECT": "zen"}, tmp_path)


def test_the_example_declares_every_difference_and_no_secret(tmp_path):
    values = dotenv_values(EXAMPLE)
    assert set(values["E2E_ACCEPT"].split(",")) == set(NAMES)
    assert not any(values.get(k) for k in ("JWT_SECRET_KEY", "JWT_SECRET_STAGING", "E2E_OAUTH_SIMULATION_KEY"))
    (tmp_path / "staging.env").write_text(EXAMPLE.read_text())
    assert load("staging", {}, tmp_path).dialect == NETRA


def test_the_report_lists_each_accepted_difference_in_plain_words(tmp_path):
    settings = load("staging", {**STAGING, "E2E_DIALECT": "netra"}, tmp_path)
    written = json.loads(write_accepted_differences(tmp_path, settings).read_text())
    assert [d["name"] for d in written] == list(NAMES)
    assert all(set(d) == {"name", "contract", "accepted"} and d["contract"] and d["accepted"]
               for d in written)
    properties = context_properties(settings)
    assert properties["contract differences accepted"].startswith(f"{len(NAMES)} ")
    assert properties["accepted.tools-paired-by-name"] == DIFFERENCES[1].accepted
    strict = load("staging", STAGING, tmp_path)
    assert json.loads(write_accepted_differences(tmp_path, strict).read_text()) == []
    assert context_properties(strict)["contract differences accepted"].startswith("none")


def _fields(dialect, kind, fields, memory=None):
    return dialect.event_fields(kind, fields, memory or RunMemory())


def test_netra_run_events_read_as_the_contract_once_accepted():
    memory = RunMemory()
    frames = [("agent_started", {"run_id": "r", "thread_id": "t", "agent_name": "a"}),
              ("agent_thinking", {"run_id": "r", "reasoning": "x"}),
              ("tool_executing", {"run_id": "r", "tool_name": "price", "parameters": {}}),
              ("tool_executing", {"run_id": "r", "tool_name": "price", "parameters": {}}),
              ("tool_completed", {"run_id": "r", "tool_name": "price", "results": {}, "execution_time_ms": 2}),
              ("tool_completed", {"run_id": "r", "tool_name": "price", "results": {}, "execution_time_ms": 3}),
              ("agent_completed", {"run_id": "r", "status": "completed", "result": {"response": "Done."}})]
    events = []
    for kind, fields in frames:
        with pytest.raises(ContractViolation):
            check_event(kind, {**fields, "type": kind}) if kind != "agent_started" else _raise()
        read = _fields(NETRA, kind, fields, memory)
        check_event(kind, {**read, "type": kind})
        events.append(Event(kind, read, "flat", fields, 0.0))
    assert check_run(events) == []
    assert events[-1].fields["final_response"] == "Done." and events[4].fields["duration_ms"] == 2


def _raise():
    raise ContractViolation("the greeting-like first event is already in the contract's form")


def test_a_tool_completion_without_its_start_is_still_caught_when_paired_by_name():
    read = _fields(NETRA, "tool_completed", {"run_id": "r", "thread_id": "t", "tool_name": "price",
                                             "results": {}, "execution_time_ms": 1})
    problems = check_run([Event("agent_started", {"run_id": "r", "thread_id": "t", "agent_name": "a"}, "flat", {}, 0),
                          Event("tool_completed", read, "flat", {}, 0)])
    assert any("has no earlier tool_executing" in p for p in problems)


def test_without_the_declaration_each_translation_is_left_to_the_check():
    for kind, fields in (("tool_completed", {"execution_time_ms": 2}),
                         ("agent_completed", {"result": {"response": "x"}})):
        assert _fields(STRICT, kind, fields) == fields


def test_greetings_and_subprotocols():
    subject = "de92734f-3b73-488f-9a54-244883ccfaa0"
    assert NETRA.greeting_names("de92734f...", subject) and STRICT.greeting_names(subject, subject)
    assert not STRICT.greeting_names("de92734f...", subject)
    assert not NETRA.greeting_names("demo-use...", subject)
    assert NETRA.selected_subprotocol_ok("jwt.abc") and not STRICT.selected_subprotocol_ok("jwt.abc")
    assert STRICT.selected_subprotocol_ok("jwt-auth")


BODIES = [
    ("backend.discovery", {"services": {"backend": {"url": "http://b", "ws_url": "ws://b/ws"},
                                        "auth": {"url": "http://a"}}, "timestamp": 1, "available": False}),
    ("backend.messages", {"messages": [{"id": "m", "role": "user", "created_at": 1, "thread_id": "t", "metadata": None,
                                        "content": [{"type": "text", "text": {"value": "Hi"}}]}],
                          "thread_id": "t", "total": 1, "limit": 50, "offset": 0}),
    ("backend.thread", {"id": "t", "object": "thread", "title": "x", "created_at": 1.0,
                        "updated_at": None, "metadata": {}, "message_count": 0}),
]


@pytest.mark.parametrize("kind, body", BODIES, ids=[b[0] for b in BODIES])
def test_netra_bodies_fail_the_contract_and_pass_once_accepted(kind, body):
    with pytest.raises(ContractViolation):
        check_body(kind, STRICT.body(kind, body))
    check_body(kind, NETRA.body(kind, body))


def test_a_complete_answer_over_http_in_netra_words():
    reply = {"status": "success", "agent": "triage", "response": "It costs $5.", "execution_time": 0.2}
    assert NETRA.execute_request("Q", None) == {"message": "Q", "type": "triage"}
    assert STRICT.execute_request("Q", "t") == {"message": "Q", "thread_id": "t"}
    with pytest.raises(ContractViolation):
        check_body("backend.execute", reply)
    check_body("backend.execute", NETRA.body("backend.execute", reply),
               optional=NETRA.execute_thread_optional())
    assert NETRA.health_report_path == "/api/health/ready" and STRICT.health_report_path == "/api/health"


def test_a_dialect_with_an_unknown_name_cannot_be_made():
    with pytest.raises(ValueError, match="known names"):
        Dialect(frozenset({"nope"}))
