"""Every unexpected close is explained: code, reason, and when it happened in the journey.

The suite's ``ChatStream`` against a scripted chat server that closes at each
moment a real platform has closed: before ``connection_established``, right after
our first frame, mid-run after an event. A close the client did not ask for is
never a success, not even a polite 1000.
"""

from __future__ import annotations

import re

import pytest

from journeys.config.policy import RunPolicy
from journeys.wire.chat import ChatStream
from journeys.errors import StreamClosed, StreamTimeout
from journeys.evidence import Evidence
from journeys.wire.handshake import probe
from scripted_chat import established, run_event

QUESTION = "How much would 2 million GPT-4o tokens a month cost?"


def open_stream(url: str, evidence: Evidence | None = None, wait_s: float = 2.0) -> ChatStream:
    return ChatStream("Sam", url, "a-pass", evidence or Evidence(), RunPolicy(wait_s=wait_s, turn_s=4.0))


def close_before_established(ws, n):
    ws.close(1000, "main cleanup")


def close_after_first_frame(ws, n):
    established(ws)
    ws.recv()
    ws.close(1000, "main cleanup")


def close_mid_run(code: int):
    def script(ws, n):
        established(ws)
        ws.recv()
        ws.send(run_event("agent_started", agent_name="cost-agent"))
        ws.send(run_event("agent_thinking", reasoning="Looking up prices."))
        ws.close(code, "main cleanup" if code == 1000 else "internal error")
    return script


def drop_mid_run(ws, n):
    established(ws)
    ws.recv()
    ws.send(run_event("agent_started", agent_name="cost-agent"))
    ws.socket.close()             # no close frame at all


def silent_after_start(ws, n):
    established(ws)
    ws.recv()
    ws.send(run_event("agent_started", agent_name="cost-agent"))
    ws.recv()                     # waits for a frame that never comes, until the client leaves


def test_a_close_before_connection_established_says_so(scripted_chat):
    chat = scripted_chat(close_before_established)
    with pytest.raises(StreamClosed) as caught:
        open_stream(chat.url)
    message = str(caught.value)
    assert caught.value.code == 1000 and caught.value.reason == "main cleanup"
    assert "1000 'main cleanup'" in message and "before connection_established" in message, message
    assert re.search(r"\d+ ms after connecting", message), message


def test_a_close_right_after_our_first_frame_says_how_long_after_it(scripted_chat):
    chat = scripted_chat(close_after_first_frame)
    stream = open_stream(chat.url)
    with pytest.raises(StreamClosed) as caught:
        stream.ask(QUESTION)
    message = str(caught.value)
    assert message.startswith("product defect: "), message
    assert "1000 'main cleanup'" in message and "right after our user_message" in message, message
    assert re.search(r"\d+ ms after our user_message", message), message
    assert "we were waiting for the first event of the run" in message, message


@pytest.mark.parametrize("code", [1000, 1011, 1001])
def test_a_close_mid_run_names_the_last_event_before_it(scripted_chat, code):
    chat = scripted_chat(close_mid_run(code))
    evidence = Evidence()
    stream = open_stream(chat.url, evidence)
    with pytest.raises(StreamClosed) as caught:
        stream.ask(QUESTION)          # never a turn handed back as if it had ended
    message = str(caught.value)
    assert caught.value.code == code, message
    assert f"with {code} " in message and "mid-run after agent_thinking" in message, message
    assert "waiting for the end of the run" in message, message
    assert "Last frames:" in message and "agent_thinking" in message, message
    assert "evidence: attachment \"Sam's chat transcript\"" in message, message


def test_a_dropped_connection_is_1006_not_a_close(scripted_chat):
    chat = scripted_chat(drop_mid_run)
    stream = open_stream(chat.url)
    with pytest.raises(StreamClosed) as caught:
        stream.ask(QUESTION)
    message = str(caught.value)
    assert caught.value.code == 1006, message
    assert "the connection dropped" in message and "mid-run after agent_started" in message, message


def test_silence_mid_run_is_a_timeout_with_the_stage_and_the_wait(scripted_chat):
    chat = scripted_chat(silent_after_start)
    stream = open_stream(chat.url, wait_s=0.5)
    with pytest.raises(StreamTimeout) as caught:
        stream.ask(QUESTION)
    message = str(caught.value)
    assert "waited for the end of the run" in message and "mid-run after agent_started" in message, message
    assert re.search(r"got nothing more \d+ ms after our user_message", message), message
    stream.close()


def test_a_connection_closed_with_1000_is_not_usable(scripted_chat):
    chat = scripted_chat(close_after_first_frame)
    stream = open_stream(chat.url)
    assert stream.still_usable() is False


def test_a_1000_close_is_not_a_proper_refusal_of_a_missing_pass(scripted_chat):
    chat = scripted_chat(close_before_established)
    attempt = probe("Eve", chat.url, None, Evidence(), RunPolicy(wait_s=2.0))
    assert attempt.close_code == 1000 and not attempt.properly_refused, attempt.describe()
    assert "closed with 1000 'main cleanup'" in attempt.describe()
