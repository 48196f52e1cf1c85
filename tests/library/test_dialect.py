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


# --- the answer as an object, and errors where the platform puts their words (beta-17) ----------

def _completed(fields, dialect=NETRA):
    read = _fields(dialect, "agent_completed", fields)
    check_event("agent_completed", {**read, "type": "agent_completed"})
    return read["final_response"]


ANSWER = "At $2.50 per million input tokens, 2 million tokens cost about $5.00 a month."
ANSWER_OBJECTS = [
    # netra_backend/app/websocket_core/unified_manager.py:819-829: final_response is data's result
    # (the object), and result is kept beside it: both objects, at the top
    ("final-and-result-objects", {"run_id": "r", "thread_id": "t", "status": "completed",
                                  "final_response": {"response": ANSWER},
                                  "result": {"response": ANSWER}}),
    # the same with final_response alone an object
    ("final-object-only", {"run_id": "r", "thread_id": "t", "status": "completed",
                           "final_response": {"response": ANSWER}}),
    # netra_backend/app/agents/reporting_sub_agent.py:1279: the result holds the report
    ("report", {"run_id": "r", "thread_id": "t", "status": "completed",
                "final_response": {"report": ANSWER}, "result": {"report": ANSWER}}),
    # netra_backend/app/agents/supervisor_ssot.py:225-230: the supervisor's results inside result
    ("supervisor-results", {"run_id": "r", "thread_id": "t", "status": "completed",
                            "final_response": {"supervisor_result": "completed",
                                               "orchestration_successful": True,
                                               "user_isolation_verified": True,
                                               "results": {"response": ANSWER}},
                            "result": {"supervisor_result": "completed", "results": ANSWER}}),
]


@pytest.mark.parametrize("fields", [f for _, f in ANSWER_OBJECTS], ids=[i for i, _ in ANSWER_OBJECTS])
def test_the_answer_inside_an_object_is_read_once_accepted(fields):
    assert _completed(fields) == ANSWER
    with pytest.raises(ContractViolation, match="final_response"):
        _completed(fields, STRICT)


def test_the_answer_object_under_data_is_read():
    # netra_backend/app/services/agent_websocket_bridge.py:2718-2729: the completion's body is data,
    # the agent's result under data.result
    from journeys.events import normalise
    frame = {"type": "agent_completed", "run_id": "r", "agent_name": "supervisor",
             "timestamp": "2026-12-07T03:45:00+00:00",
             "data": {"status": "completed", "result": {"response": ANSWER}, "execution_time_ms": 8.0,
                      "message": "supervisor has completed processing your request"}}
    fields = {**normalise(frame, 0.0).fields, "thread_id": "t"}
    assert _completed(fields) == ANSWER


def test_a_completion_whose_object_holds_no_text_stays_a_contract_violation():
    # netra_backend/app/agents/supervisor/agent_execution_core.py:731: the result says only how it went
    fields = {"run_id": "r", "thread_id": "t", "status": "completed",
              "final_response": {"status": "completed", "success": True, "duration": 1.2},
              "result": {"status": "completed", "success": True, "duration": 1.2}}
    with pytest.raises(ContractViolation, match="final_response"):
        _completed(fields)


ERROR_FRAMES = [
    # netra_backend/app/services/message_handlers.py:398 (an empty message)
    ("message", {"message": "Please enter a message"}, None, "Please enter a message"),
    # netra_backend/app/services/message_handlers.py:467 (another person's thread)
    ("message-thread", {"message": "Access denied to thread"}, None, "Access denied to thread"),
    # netra_backend/app/core/unified_error_handler.py:1033-1039
    ("code-and-message", {"error_code": "VALIDATION_ERROR", "message": "Your message could not be read",
                          "trace_id": "tr-1", "recoverable": True}, "VALIDATION_ERROR",
     "Your message could not be read"),
    # netra_backend/app/routes/utils/websocket_helpers.py:472-479
    ("error-and-code", {"error": "Invalid JSON", "code": "PARSING_ERROR", "timestamp": 1.0,
                        "recoverable": True, "help": "Please ensure your message is valid JSON format"},
     "PARSING_ERROR", "Invalid JSON"),
    # netra_backend/app/services/websocket/message_handler.py:486 (payload merged into the fields)
    ("payload-error", {"error": "Unknown message type: nonsense"}, None, "Unknown message type: nonsense"),
    # netra_backend/app/websocket_core/utils.py:1170-1177
    ("error-object", {"error": {"code": "AUTH_FAILED", "message": "Authentication failed",
                                "timestamp": 1.0}}, "AUTH_FAILED", "Authentication failed"),
]


@pytest.mark.parametrize("fields, code, text", [f[1:] for f in ERROR_FRAMES], ids=[f[0] for f in ERROR_FRAMES])
def test_an_error_frame_reads_as_the_contracts_refusal_once_accepted(fields, code, text):
    assert NETRA.contract_kind("error") == "error_message" and STRICT.contract_kind("error") == "error"
    read = _fields(NETRA, "error_message", fields)
    check_event("error_message", {**read, "type": "error_message"},
                optional=NETRA.optional_fields("error_message"))
    assert read["error_message"] == text and read.get("error_code") == code


def test_without_the_declaration_an_error_frame_is_another_kind_and_no_field_is_invented():
    assert STRICT.contract_kind("error") == "error"
    assert _fields(STRICT, "error_message", {"message": "x"}) == {"message": "x"}
    assert STRICT.optional_fields("error_message") == ()


def test_an_agent_error_with_its_words_under_error_reads_as_the_contracts():
    # netra_backend/app/websocket_core/unified_emitter.py:774-781, flattened by
    # websocket_core/unified_manager.py:831-839: {"type": "agent_error", "error": ..., "status": "error"}
    fields = {"run_id": "r", "thread_id": "t", "error": "Supervisor execution failed: boom",
              "status": "error", "timestamp": 1.0}
    with pytest.raises(ContractViolation, match="error_message"):
        check_event("agent_error", {**_fields(STRICT, "agent_error", fields), "type": "agent_error"})
    read = _fields(NETRA, "agent_error", fields)
    check_event("agent_error", {**read, "type": "agent_error"})
    assert read["error_message"] == "Supervisor execution failed: boom"
