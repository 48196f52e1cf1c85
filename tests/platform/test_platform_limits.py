"""CONTRACT section 9 on the reference platform: the rate limit (plain words, a reset, colleagues
spared) and the length limit; and their defects."""

from __future__ import annotations

import time

import pytest

from chat_waits import until
from refplatform_harness import COST_QUESTION, collect_turn, normalise, quiet_for


@pytest.mark.parametrize("defect", [None, "rate-limit-never-resets"])
def test_the_rate_limit_refuses_in_plain_words_resets_and_spares_colleagues(start_platform, defect):
    running = start_platform("--rate-limit", "3", "--rate-window-s", "1",
                             *(["--defect", defect] if defect else []))
    sam, lena = running.sign_up("sam"), running.sign_up("lena")
    sams = running.chat(sam.access)
    first = time.monotonic()
    for _ in range(4):
        sams.ask(COST_QUESTION)
    refusal = until(sams, {"error_message"})[1]
    assert refusal["error_code"] == "RATE_LIMITED" and "Please wait" in refusal["error_message"]
    lenas = running.chat(lena.access)
    assert collect_turn(lenas, lenas.ask(COST_QUESTION), 8, 0).kinds()[-1] == "agent_completed"
    quiet_for(sams.ws, max(0.0, first + 1.2 - time.monotonic()))
    sams.ask(COST_QUESTION)
    kind, fields = until(sams, {"error_message", "agent_started"})
    assert (kind == "error_message") is bool(defect), (kind, fields)
    sams.close(), lenas.close()


def test_no_rate_limit_unless_asked_for(platform):
    chat = platform.chat(platform.sign_up().access)
    for _ in range(12):
        chat.ask(COST_QUESTION)
    kinds = [normalise(f)[0] for f in quiet_for(chat.ws, 2.0)]
    assert "error_message" not in kinds and kinds.count("agent_completed") == 12
    chat.close()


@pytest.mark.parametrize("defect", [None, "long-question-truncated"])
def test_a_question_over_the_length_limit_is_refused_or_with_the_defect_cut_and_answered(start_platform, defect):
    from reference_platform.limits import MAX_QUESTION_CHARS
    running = start_platform(*(["--defect", defect] if defect else []))
    chat = running.chat(running.sign_up().access)
    chat.ask("How much would 2 million GPT-4o tokens a month cost? " + "x " * MAX_QUESTION_CHARS)
    kind, fields = until(chat, {"error_message", "agent_started"})
    if defect:
        assert kind == "agent_started"
    else:
        assert kind == "error_message" and fields["error_code"] == "MESSAGE_TOO_LARGE"
        assert "shorten it" in fields["error_message"] and quiet_for(chat.ws, 0.3) == []
    chat.close()
