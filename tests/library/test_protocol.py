"""The chat's protocol without I/O: frames and times in, decisions out, the same for both clients."""

from __future__ import annotations

import json

import pytest

from journeys.config.dialect import DIALECTS, Dialect
from journeys.config.policy import RunPolicy
from journeys.errors import ApiError, AuthRefused, ContractViolation, EnvironmentDown, StreamClosed
from journeys.wire.protocol import ChatProtocol, handshake_refusal, question_frame


def frame(kind: str, run: str = "r1", **fields) -> str:
    return json.dumps({"type": kind, "run_id": run, "thread_id": "t1", **fields})


RUN = [frame("agent_started", agent_name="a"), frame("agent_thinking", reasoning="r"),
       frame("agent_completed", final_response="About $10 a month.", status="completed")]


def gathered(protocol: ChatProtocol, frames: list[str], after_end: list[str] = ()):
    turn = protocol.turn("How much?", sent_at=0.0)
    gathering = protocol.gather(turn)
    for at, text in enumerate(frames):
        if gathering.done:
            break
        gathering.feed(protocol.receive(text, float(at)))
    if gathering.needs_grace:
        gathering.grace_deadline(10.0)
        for text in after_end:
            gathering.feed_after_end(protocol.receive(text, 10.0))
    return gathering


def test_the_first_new_run_is_ours_and_another_run_is_foreign():
    protocol = ChatProtocol("Priya", opened_at=0.0)
    first = gathered(protocol, RUN).finish()
    assert first.run_id == "r1" and first.answer == "About $10 a month."
    late_of_first = frame("agent_thinking", reasoning="late")
    second_run = [frame("agent_started", run="r2", agent_name="a"),
                  frame("agent_started", run="r3", agent_name="a"),
                  frame("agent_completed", run="r2", final_response="About $20.", status="completed")]
    second = gathered(protocol, [late_of_first] + second_run).finish()
    assert second.run_id == "r2" and second.answer == "About $20."
    assert [e.run_id for e in second.foreign] == ["r1", "r3"]


def test_an_error_before_the_run_is_a_refusal_and_ends_the_turn_at_once():
    protocol = ChatProtocol("Priya", opened_at=0.0)
    refusal = json.dumps({"type": "error_message", "error_code": "RATE_LIMITED", "error_message": "slow down"})
    gathering = gathered(protocol, [refusal] + RUN)
    assert gathering.done and gathering.turn.refusal is not None and not gathering.turn.events
    assert not gathering.needs_grace


def test_after_the_end_our_late_events_join_the_turn_and_another_run_waits_for_the_next():
    protocol = ChatProtocol("Priya", opened_at=0.0)
    late = frame("agent_thinking", reasoning="after the end")
    other = frame("agent_started", run="r2", agent_name="a")
    turn = gathered(protocol, RUN, after_end=[late, other]).finish()
    assert turn.kinds() == ["agent_started", "agent_thinking", "agent_completed", "agent_thinking"]
    assert turn.grace_s > 0
    kept = protocol.buffered()
    assert kept is not None and kept.run_id == "r2" and protocol.buffered() is None


def test_a_connection_that_asks_once_counts_what_was_kept_as_foreign():
    protocol = ChatProtocol("Priya", opened_at=0.0)
    gathering = gathered(protocol, RUN, after_end=[frame("agent_started", run="r2", agent_name="a")])
    turn = gathering.leftover_as_foreign()
    assert [e.run_id for e in turn.foreign] == ["r2"] and protocol.buffered() is None


def test_the_dialect_is_applied_before_the_contract_check():
    thinking_without_thread = json.dumps({"type": "agent_thinking", "run_id": "r1", "reasoning": "r"})
    strict = ChatProtocol("Priya", opened_at=0.0)
    strict.receive(RUN[0], 0.0)
    with pytest.raises(ContractViolation, match="thread_id"):
        strict.receive(thinking_without_thread, 0.1)
    netra_policy = RunPolicy(dialect=Dialect(frozenset(DIALECTS["netra"])))
    netra = ChatProtocol("Priya", opened_at=0.0, policy=netra_policy)
    netra.receive(RUN[0], 0.0)
    assert netra.receive(thinking_without_thread, 0.1).thread_id == "t1"


def test_the_greeting_must_come_first_and_heartbeats_are_passed_over():
    protocol = ChatProtocol("Priya", opened_at=0.0)
    assert not protocol.greeting(protocol.receive(json.dumps({"type": "heartbeat"}), 0.0))
    with pytest.raises(StreamClosed, match="expected connection_established"):
        protocol.greeting(protocol.receive(RUN[0], 0.1))


@pytest.mark.parametrize("status, error", [(401, AuthRefused), (403, AuthRefused), (404, ApiError),
                                           (502, EnvironmentDown), (503, EnvironmentDown),
                                           (504, EnvironmentDown)])
def test_a_refused_handshake_means_the_same_for_every_client(status, error):
    refused = handshake_refusal("Priya", "ws://127.0.0.1:1/ws", status, 0.2)
    assert type(refused) is error and f"HTTP {status}" in str(refused)


def test_the_question_is_framed_in_one_place():
    assert question_frame("How much?") == {"type": "user_message",
                                          "payload": {"content": "How much?", "thread_id": None}}
    assert question_frame("How much?", "t1", "start_agent")["payload"] == {"user_request": "How much?",
                                                                           "thread_id": "t1"}


# --- the real platform's refusals and answers as it sends them (Netra Apex beta-17) ------------
NETRA = Dialect(frozenset(DIALECTS["netra"]))
# netra_backend/app/services/message_handlers.py:467: someone else's conversation
ACCESS_DENIED = json.dumps({"type": "error", "message": "Access denied to thread"})
# netra_backend/app/websocket_core/utils.py:1170-1177
ERROR_OBJECT = json.dumps({"type": "error", "error": {"code": "AUTH_FAILED", "message": "Authentication failed",
                                                      "timestamp": 1.0}})
# netra_backend/app/services/websocket/message_handler.py:486
PAYLOAD_ERROR = json.dumps({"type": "error", "payload": {"error": "Unknown message type: start_agent"}})
# netra_backend/app/services/websocket/message_queue.py:580-583, while the run is under way
PROCESSING_FAILED = json.dumps({"type": "error", "message": "Message processing failed: boom"})


@pytest.mark.parametrize("error", [ACCESS_DENIED, ERROR_OBJECT, PAYLOAD_ERROR],
                         ids=["message", "error-object", "payload-error"])
def test_an_error_frame_before_the_run_is_a_refusal_and_ends_the_turn_at_once(error):
    gathering = gathered(ChatProtocol("Priya", opened_at=0.0, policy=RunPolicy(dialect=NETRA)), [error] + RUN)
    refusal = gathering.turn.refusal
    assert gathering.done and not gathering.needs_grace and not gathering.turn.events
    assert refusal is not None and refusal.kind == "error_message" and refusal.raw == json.loads(error)
    assert refusal.fields["error_message"] in ("Access denied to thread", "Authentication failed",
                                               "Unknown message type: start_agent")


def test_an_error_frame_during_the_run_is_a_refusal_and_the_run_so_far_is_kept():
    gathering = gathered(ChatProtocol("Priya", opened_at=0.0, policy=RunPolicy(dialect=NETRA)),
                         RUN[:2] + [PROCESSING_FAILED] + RUN[2:])
    assert gathering.done and gathering.turn.refusal is not None
    assert gathering.turn.refusal.fields["error_message"] == "Message processing failed: boom"
    assert gathering.turn.kinds() == ["agent_started", "agent_thinking"]


def test_the_contracts_error_message_during_the_run_is_a_refusal_too():
    refusal = json.dumps({"type": "error_message", "error_code": "INTERNAL", "error_message": "It failed"})
    gathering = gathered(ChatProtocol("Priya", opened_at=0.0), RUN[:2] + [refusal] + RUN[2:])
    assert gathering.done and gathering.turn.refusal is not None and gathering.turn.terminal is None


def test_without_the_declaration_an_error_frame_is_another_kind_left_as_evidence():
    gathering = gathered(ChatProtocol("Priya", opened_at=0.0), [ACCESS_DENIED] + RUN)
    assert gathering.turn.refusal is None and [e.kind for e in gathering.turn.others] == ["error"]
    assert gathering.turn.answer == "About $10 a month."


def test_the_answer_inside_an_object_is_the_turns_answer():
    # netra_backend/app/websocket_core/unified_manager.py:819-829 after
    # netra_backend/app/services/agent_websocket_bridge.py:2762-2771
    completed = frame("agent_completed", status="completed", final_response={"response": "About $10 a month."},
                      result={"response": "About $10 a month."})
    turn = gathered(ChatProtocol("Priya", opened_at=0.0, policy=RunPolicy(dialect=NETRA)), RUN[:2] + [completed]).finish()
    assert turn.answer == "About $10 a month."
    with pytest.raises(ContractViolation, match="final_response"):
        gathered(ChatProtocol("Priya", opened_at=0.0), RUN[:2] + [completed])


def test_an_agent_errors_words_under_error_are_its_error_message():
    # netra_backend/app/websocket_core/unified_emitter.py:774-781
    failed = frame("agent_error", error="Supervisor execution failed: boom", status="error")
    turn = gathered(ChatProtocol("Priya", opened_at=0.0, policy=RunPolicy(dialect=NETRA)), RUN[:2] + [failed]).finish()
    assert turn.terminal.kind == "agent_error"
    assert turn.terminal.fields["error_message"] == "Supervisor execution failed: boom"


def test_a_refusal_is_shown_with_its_words_and_checked_for_leaks():
    from journeys.capabilities.expectations import expect_a_run
    from journeys.errors import ProtocolViolation
    # netra_backend/app/services/message_handlers.py:717: the exception's text goes to the person
    leaky = json.dumps({"type": "error", "message": "Failed to get conversation history: Traceback "
                        "(most recent call last):\n  File \"/app/netra_backend/app/db.py\", line 12, in get"})
    for error, shown in ((ACCESS_DENIED, "None 'Access denied to thread'"),
                         (ERROR_OBJECT, "AUTH_FAILED 'Authentication failed'"),
                         (leaky, "a Python traceback")):
        turn = gathered(ChatProtocol("Priya", opened_at=0.0, policy=RunPolicy(dialect=NETRA)), [error] + RUN).finish()
        with pytest.raises(ProtocolViolation, match="instead of an answer before any event") as refused:
            expect_a_run(turn)
        assert shown in str(refused.value)


def test_an_agent_errors_words_are_shown_where_the_platform_put_them():
    from journeys.capabilities.expectations import expect_meaningful_answer
    from journeys.errors import AnswerNotMeaningful
    # netra_backend/app/websocket_core/unified_emitter.py:774-781: the words under error; an empty
    # error_message beside them passes the contract's check and says nothing
    failed = frame("agent_error", error_message="", error="Supervisor execution failed: boom", status="error")
    turn = gathered(ChatProtocol("Priya", opened_at=0.0), RUN[:2] + [failed]).finish()
    with pytest.raises(AnswerNotMeaningful, match="Supervisor execution failed: boom"):
        expect_meaningful_answer(turn)
