"""An answer whose chat dropped mid-way (CONTRACT section 9): stored whole, or said to be lost.

Never half an answer stored as if it were whole. Once the answer has had time
to finish, the history must hold after the question either an answer marked
stopped, failed or lost, or a whole one: ending as a sentence, and meaningful.
"""

from __future__ import annotations

import json
import re
import time

from ..errors import AnswerNotMeaningful, ApiError
from ..evidence import HTTP as HTTP_CHANNEL, pointer
from .expect_history import await_conversation, expect_stored_answer_meaningful, stored_answer

POLL_EVERY_S = 0.2
HTTP = pointer(HTTP_CHANNEL)
_WHOLE_END = re.compile(r"[.!?)\"'\u201d]\s*$")
_TOLD = ("stopped", "failed", "lost", "incomplete", "error")


def expect_whole_or_told_lost(person, turn) -> None:
    """Within a whole answer's deadline (the person's policy's ``turn_s``) from the question."""
    stored = _await_stored_answer(person, turn, person.policy.turn_s)
    if any(word in json.dumps(stored.get("metadata") or {}).lower() for word in _TOLD):
        return
    answer = str(stored.get("content") or "")
    waited = time.monotonic() - turn.sent_at
    if not _WHOLE_END.search(answer.strip()):
        raise AnswerNotMeaningful(
            f"{turn.who}'s conversation holds half an answer stored as if it were whole: {waited:.1f} s "
            f"after asking {turn.question!r}, the stored answer stops mid-sentence: ...{answer[-120:]!r}",
            evidence=HTTP)
    expect_stored_answer_meaningful(turn, answer)


def _await_stored_answer(person, turn, within_s: float) -> dict:
    conversation = await_conversation(person, turn, within_s)
    stored, held = stored_answer(person, turn, within_s, every_s=POLL_EVERY_S, thread_id=conversation)
    if stored is None:
        raise ApiError(
            f"{turn.who}'s chat dropped while the assistant was answering {turn.question!r}; "
            f"{time.monotonic() - turn.sent_at:.1f} s after asking, the conversation holds no answer "
            f"and no word that it was lost ({len(held)} message(s))", evidence=HTTP)
    return stored

