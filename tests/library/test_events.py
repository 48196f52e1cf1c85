import json

import pytest

from journeys.errors import ProtocolViolation
from journeys.events import RUN_EVENT_KINDS, Event, error_code, error_text, is_run_event, normalise, read_frame
from project_root import ROOT
from refplatform_harness import RUN_EVENTS


def test_flat_event_keeps_its_fields():
    frame = {"type": "tool_executing", "run_id": "r1", "thread_id": "t1",
             "tool_name": "search", "execution_id": "e1", "parameters": {"q": "x"}}
    event = normalise(frame, at=12.5)
    assert event.kind == "tool_executing"
    assert event.shape == "flat"
    assert event.fields["tool_name"] == "search"
    assert event.fields["parameters"] == {"q": "x"}
    assert "type" not in event.fields
    assert event.run_id == "r1" and event.thread_id == "t1"
    assert event.raw is frame
    assert event.at == 12.5


def test_nested_under_data():
    frame = {"type": "agent_thinking", "timestamp": 1.0,
             "data": {"run_id": "r1", "thread_id": "t1", "reasoning": "pricing"}}
    event = normalise(frame, at=0.0)
    assert (event.kind, event.shape) == ("agent_thinking", "nested")
    assert event.fields["reasoning"] == "pricing"
    assert event.fields["timestamp"] == 1.0
    assert "data" not in event.fields
    assert event.run_id == "r1"


def test_nested_under_payload():
    frame = {"type": "agent_completed",
             "payload": {"run_id": "r1", "thread_id": "t1", "final_response": "done",
                         "status": "completed"}}
    event = normalise(frame, at=0.0)
    assert (event.kind, event.shape) == ("agent_completed", "nested")
    assert event.fields["final_response"] == "done"
    assert event.thread_id == "t1"


def test_nested_honours_top_level_ids_and_inner_values_win():
    frame = {"type": "tool_completed", "run_id": "r1", "thread_id": "t1", "status": "outer",
             "data": {"tool_name": "search", "status": "inner"}}
    event = normalise(frame, at=0.0)
    assert event.run_id == "r1" and event.thread_id == "t1"
    assert event.fields["tool_name"] == "search"
    assert event.fields["status"] == "inner"


def test_data_and_payload_both_merged():
    frame = {"type": "tool_executing", "payload": {"run_id": "r1"}, "data": {"tool_name": "s"}}
    event = normalise(frame, at=0.0)
    assert event.run_id == "r1" and event.fields["tool_name"] == "s"


@pytest.mark.parametrize("wrapper", ["system_message", "agent_progress", "agent_response_complete"])
def test_each_wrapper_type_unwraps_to_the_real_event(wrapper):
    frame = {"type": wrapper, "data": {"event": "tool_executing", "run_id": "r1",
                                       "thread_id": "t1", "tool_name": "search"}}
    event = normalise(frame, at=0.0)
    assert event.kind == "tool_executing"
    assert event.shape == "wrapped"
    assert "event" not in event.fields
    assert event.fields["tool_name"] == "search"
    assert is_run_event(event)


def test_wrapped_under_payload_with_top_level_run_id():
    frame = {"type": "agent_response_complete", "run_id": 7, "thread_id": 3,
             "payload": {"event": "agent_completed", "final_response": "ok", "status": "completed"}}
    event = normalise(frame, at=0.0)
    assert (event.kind, event.shape) == ("agent_completed", "wrapped")
    assert event.run_id == "7" and event.thread_id == "3"


def test_wrapper_without_event_name_stays_itself():
    event = normalise({"type": "system_message", "data": {"message": "maintenance at 5"}}, at=0.0)
    assert event.kind == "system_message"
    assert event.shape == "nested"
    assert not is_run_event(event)


@pytest.mark.parametrize("kind", ["connection_established", "pong", "error_message", "ack",
                                  "heartbeat"])
def test_connection_frames_keep_their_single_form(kind):
    frame = {"type": kind, "data": {"user_id": "u1", "event": "agent_started"}}
    event = normalise(frame, at=0.0)
    assert event.kind == kind
    assert event.fields["user_id"] == "u1"
    assert not is_run_event(event)


def test_error_message_fields_are_readable():
    frame = {"type": "error_message", "error_code": "AUTH_FAILED", "error_message": "bad token"}
    event = normalise(frame, at=0.0)
    assert event.fields["error_code"] == "AUTH_FAILED"
    assert event.shape == "flat"


def test_text_and_bytes_frames_are_decoded():
    frame = {"type": "pong"}
    assert normalise(json.dumps(frame), at=1.0).kind == "pong"
    assert normalise(json.dumps(frame).encode(), at=1.0).kind == "pong"


def test_integer_ids_are_stringified_and_missing_ids_are_none():
    event = normalise({"type": "agent_started", "run_id": 42}, at=0.0)
    assert event.run_id == "42"
    assert event.thread_id is None
    assert normalise({"type": "agent_started", "run_id": ""}, at=0.0).run_id is None


def test_not_json_raises_protocol_violation_naming_what_came():
    with pytest.raises(ProtocolViolation) as caught:
        normalise("main cleanup <html>", at=0.0)
    assert "not JSON" in str(caught.value)
    assert "main cleanup <html>" in str(caught.value)
    assert str(caught.value).startswith("product defect:")


def test_long_garbage_is_truncated_in_the_message():
    with pytest.raises(ProtocolViolation) as caught:
        normalise("x" * 5000, at=0.0)
    assert len(str(caught.value)) < 400
    assert "5000 chars" in str(caught.value)


@pytest.mark.parametrize("frame", ["[1, 2]", "42", "null", '"text"', [1, 2]])
def test_non_object_raises_protocol_violation(frame):
    with pytest.raises(ProtocolViolation, match="not a JSON object"):
        normalise(frame, at=0.0)


def test_frame_without_type_raises():
    with pytest.raises(ProtocolViolation, match="without a type"):
        normalise({"data": {"run_id": "r1"}}, at=0.0)


def test_binary_garbage_raises():
    with pytest.raises(ProtocolViolation, match="not UTF-8"):
        normalise(b"\xff\xfe\x00", at=0.0)


def test_normalise_does_not_mutate_the_frame():
    frame = {"type": "agent_progress", "data": {"event": "agent_thinking", "reasoning": "r"}}
    normalise(frame, at=0.0)
    assert frame == {"type": "agent_progress", "data": {"event": "agent_thinking", "reasoning": "r"}}


def test_the_run_events_are_the_contracts_each_with_its_schema():
    """Against the platform tests' own reader, written apart from the library, and the schemas."""
    assert set(RUN_EVENT_KINDS) == RUN_EVENTS, \
        f"the library's run events {sorted(RUN_EVENT_KINDS)}, the platform tests' {sorted(RUN_EVENTS)}"
    schemas = ROOT / "journeys" / "rules" / "schemas"
    missing = [kind for kind in RUN_EVENT_KINDS if not (schemas / f"event.{kind}.json").is_file()]
    assert not missing, f"run events with no schema in {schemas}: {missing}"


def test_describe_names_a_tool_run_by_its_tool_and_execution():
    tool = Event("tool_completed", {"tool_name": "search", "execution_id": "exec-9"}, "flat", {}, 0)
    assert tool.describe() == "tool_completed(search, exec-9)"
    assert Event("agent_started", {}, "flat", {}, 0).describe() == "agent_started"


# Netra Apex beta-17's {"type": "error"} frames, each as the platform builds it: the words and the
# code are found wherever it put them (journeys.config.dialect's error-frames reads them as a refusal).
ERROR_FRAMES = [
    # netra_backend/app/services/message_handlers.py:398
    ({"type": "error", "message": "Please enter a message"}, None, "Please enter a message"),
    # netra_backend/app/core/unified_error_handler.py:1033-1039
    ({"type": "error", "error_code": "VALIDATION_ERROR", "message": "Your message could not be read",
      "trace_id": "tr-1", "recoverable": True}, "VALIDATION_ERROR", "Your message could not be read"),
    # netra_backend/app/routes/utils/websocket_helpers.py:472-479 (and :488, :504)
    ({"type": "error", "error": "Invalid JSON", "code": "PARSING_ERROR", "timestamp": 1.0,
      "recoverable": True, "help": "Please ensure your message is valid JSON format"}, "PARSING_ERROR",
     "Invalid JSON"),
    # netra_backend/app/websocket/token_refresh_handler.py:330-333
    ({"type": "error", "error": "Missing old_token"}, None, "Missing old_token"),
    # netra_backend/app/services/websocket/message_handler.py:485-487
    ({"type": "error", "payload": {"error": "Unknown message type: nonsense"}}, None,
     "Unknown message type: nonsense"),
    # netra_backend/app/websocket_core/utils.py:1170-1177
    ({"type": "error", "error": {"code": "AUTH_FAILED", "message": "Authentication failed", "timestamp": 1.0}},
     "AUTH_FAILED", "Authentication failed"),
]


@pytest.mark.parametrize("frame, code, text", ERROR_FRAMES, ids=["message", "code-and-message", "error-and-code",
                                                                  "error-only", "payload-error", "error-object"])
def test_an_error_frames_words_and_code_are_read_wherever_they_are(frame, code, text):
    event = read_frame(json.dumps(frame), at=0.0)
    assert event.kind == "error" and event.raw == frame       # the kind as sent: the dialect renames it
    assert error_text(event.fields) == text and error_code(event.fields) == code


def test_an_error_with_no_words_has_no_text_and_the_contracts_place_comes_first():
    assert error_text({"message": "  ", "error": {}}) is None and error_code({"code": True}) is None
    assert error_text({"error_message": "Rate limited", "message": "other"}) == "Rate limited"
