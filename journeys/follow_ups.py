"""A follow-up in a different conversation (CONTRACT section 9, "Follow-up").

A question is answered with *its own* conversation's earlier turns as context.
"And for 10 million tokens a month?" asked in a new conversation must not be
answered for the model of the person's previous conversation: that would be
context leaking from one conversation into another.
"""

from __future__ import annotations

from .errors import AnswerNotMeaningful
from .expectations import expect_meaningful_answer
from .refusals import transcript
from .turns import Turn


def expect_not_about(turn: Turn, earlier_subject: str) -> None:
    expect_meaningful_answer(turn)
    if earlier_subject.lower() in (turn.answer or "").lower():
        raise AnswerNotMeaningful(
            f"{turn.who}'s question in a new conversation was answered as if it followed the earlier "
            f"one: {turn.question!r} got an answer about {earlier_subject}, which only the other "
            f"conversation spoke of: {turn.answer[:300]!r}", evidence=transcript(turn.who))
