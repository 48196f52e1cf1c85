"""CONTRACT section 9 on the reference platform: one person on two devices, two questions in flight
on one chat; and their defects."""

from __future__ import annotations

import pytest

from chat_waits import until
from refplatform_harness import COST_QUESTION, collect_turn, quiet_for


@pytest.mark.parametrize("defect", [None, "answers-to-latest-device"])
def test_an_answer_goes_to_the_device_that_asked(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []))
    sam = running.sign_up("sam")
    laptop, phone = running.chat(sam.access), running.chat(sam.access)
    sent = laptop.ask(COST_QUESTION)
    if defect:
        assert collect_turn(phone, sent, 8, 0).kinds()[-1] == "agent_completed"
        assert quiet_for(laptop.ws, 0.3) == []
    else:
        assert collect_turn(laptop, sent, 8, 0).kinds()[-1] == "agent_completed"
        assert quiet_for(phone.ws, 0.3) == []
    laptop.close(), phone.close()


@pytest.mark.parametrize("defect", [None, "overlapping-runs-share-id"])
def test_overlapping_runs_on_one_chat_are_told_apart_by_run_id(start_platform, defect):
    running = start_platform(*(["--defect", defect] if defect else []), pause_ms=30)
    chat = running.chat(running.sign_up().access)
    chat.ask(COST_QUESTION)
    chat.ask("What would 4 million Gemini 1.5 Pro tokens a month cost?")
    starts = [until(chat, {"agent_started"})[1]["run_id"] for _ in range(2)]
    assert (starts[0] == starts[1]) is bool(defect)
    quiet_for(chat.ws, 1.0)
    chat.close()
