"""The chat reader meets frames the contract does not name, and frames of every wrong type.

A small real WebSocket server on loopback sends them between a real run's events;
the reader must keep them as evidence, leave them out of the run and never call
them a suite defect. Only a frame that cannot be read at all is a verdict, and it
is about the platform.
"""

from __future__ import annotations

import json
import threading

import pytest
from websockets.sync.server import serve

from journeys.config.policy import RunPolicy
from journeys.wire.chat import ChatStream
from journeys.errors import PlatformError, ProtocolViolation, SuiteError
from journeys.evidence import Evidence

ODD_FRAMES = [
    json.dumps({"type": "typing", "data": {"is_typing": True}}),
    json.dumps({"type": "status", "run_id": "r1", "data": {"state": "working"}}),
    json.dumps({"type": "metrics", "latency_ms": 3}),
    json.dumps({"type": "connection_error", "data": {"recoverable": True}}),
    json.dumps({"type": "agent_progress", "data": {"event": "made_up_event", "run_id": "r1"}}),
    json.dumps({"type": "system_message", "data": {"message": "hello"}}),
    "42", "3.5", "[1, 2]", "null", '"just text"', "true",
    json.dumps({"data": {"run_id": "r1"}}),              # no type
    json.dumps({"type": 7}), json.dumps({"type": None}), json.dumps({"type": ["a"]}),
    json.dumps({"type": {"nested": 1}}), json.dumps({"type": ""}),
    json.dumps({"type": "typing"}).encode(),            # a binary frame that is UTF-8 JSON
]
RUN = [
    {"type": "agent_started", "run_id": "r1", "thread_id": "t1", "agent_name": "a"},
    {"type": "agent_thinking", "run_id": "r1", "thread_id": "t1", "reasoning": "r"},
    {"type": "tool_executing", "run_id": "r1", "thread_id": "t1", "tool_name": "price",
     "execution_id": "e1", "parameters": {}},
    {"type": "tool_completed", "run_id": "r1", "thread_id": "t1", "tool_name": "price",
     "execution_id": "e1", "results": {"cost": 5}, "duration_ms": 3},
    {"type": "agent_completed", "run_id": "r1", "thread_id": "t1", "status": "completed",
     "final_response": "It costs about $5 a month at that volume."},
]


def _server(frames_after_question: list, greeting_first: list | None = None):
    def handler(ws):
        for frame in greeting_first or []:
            ws.send(frame)
        ws.send(json.dumps({"type": "connection_established",
                            "data": {"user_id": "u1", "connection_id": "c1"}}))
        ws.recv(timeout=5)
        for frame in frames_after_question:
            ws.send(frame if isinstance(frame, (str, bytes)) else json.dumps(frame))
        try:
            ws.recv(timeout=5)
        except Exception:
            pass
    return _serve(handler)


def _serve(handler):
    server = serve(handler, "127.0.0.1", 0)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"ws://127.0.0.1:{server.socket.getsockname()[1]}/ws"


def _interleaved() -> list:
    mixed = []
    for index, event in enumerate(RUN):
        mixed += ODD_FRAMES[index::len(RUN)]
        mixed.append(event)
    return mixed + ODD_FRAMES[:3]          # and some after the run's end


def test_frames_of_made_up_kinds_and_wrong_types_never_stop_a_turn():
    server, url = _server(_interleaved(), greeting_first=ODD_FRAMES[:4])
    evidence = Evidence()
    try:
        stream = ChatStream("Mia", url, "a-pass", evidence, RunPolicy(wait_s=3, turn_s=5))
        turn = stream.ask("How much would 1 million GPT-4o tokens a month cost?")
        stream.close()
    finally:
        server.shutdown()
    assert turn.kinds() == [e["type"] for e in RUN]
    assert turn.violations() == []
    assert turn.answer == RUN[-1]["final_response"]
    others = {e.kind for e in turn.others}
    assert {"typing", "status", "metrics", "connection_error", "made_up_event",
            "(not an object)", "(no type)"} <= others
    transcript = evidence.as_text()
    assert "connection_error" in transcript and "(not an object)" in transcript


@pytest.mark.parametrize("frame, words", [
    (b"\xff\xfe\x00garbage", "cannot read (not UTF-8 text)"),
    ("main cleanup <html>", "cannot read (not JSON)"),
])
def test_a_frame_that_cannot_be_read_is_a_verdict_about_the_platform_not_a_suite_defect(frame, words):
    error = _asking_raises([RUN[0], frame], ProtocolViolation)
    assert isinstance(error, PlatformError) and not _is_suite_defect(error)
    assert str(error).startswith("product defect:") and words in str(error)
    assert "Mia received it" in str(error)


def test_a_named_kind_that_is_malformed_is_still_a_contract_violation():
    broken = dict(RUN[3], duration_ms="3ms")
    error = _asking_raises([RUN[0], RUN[1], RUN[2], broken], PlatformError)
    assert str(error).startswith("contract violation: tool_completed.duration_ms")


def _asking_raises(frames: list, expected: type) -> Exception:
    """Mia asks a loopback chat that answers with ``frames``; the error of type ``expected`` she gets."""
    server, url = _server(frames)
    try:
        stream = ChatStream("Mia", url, "a-pass", Evidence(), RunPolicy(wait_s=3, turn_s=5))
        with pytest.raises(expected) as caught:
            stream.ask("How much would 1 million GPT-4o tokens a month cost?")
        stream.close()
    finally:
        server.shutdown()
    return caught.value


def _is_suite_defect(error: Exception) -> bool:
    return isinstance(error, SuiteError) and not isinstance(error, PlatformError)


def test_a_chat_nobody_reads_still_closes_with_a_handshake():
    """A bystander's chat fills with heartbeats it never reads; closing it must still see the
    platform's close frame (the client reading was paused once: each close waited 10 s)."""
    heartbeats = [json.dumps({"type": "heartbeat"})] * 64

    def handler(ws):
        ws.send(json.dumps({"type": "connection_established", "data": {"user_id": "u1", "connection_id": "c1"}}))
        for frame in heartbeats:
            ws.send(frame)
        try:
            ws.recv(timeout=30)
        except Exception:
            pass
    server, url = _serve(handler)
    try:
        stream = ChatStream("Lena", url, "a-pass", Evidence(), RunPolicy(wait_s=20, turn_s=20))
        stream.await_kind(("heartbeat",), "the first heartbeat")
        stream.close()
    finally:
        server.shutdown()
    assert stream._ws.protocol.close_rcvd is not None, "the client gave up on the close handshake"
