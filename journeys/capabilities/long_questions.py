"""A question that is too long (CONTRACT section 9): refused in plain words, never cut and answered.

The question is 1,000 characters longer than the longest the target declares
(``E2E_MAX_QUESTION_CHARS``); a target that declares none gets one longer than the
64 KiB frame the contract lets a platform refuse outright. Either way it must be
refused: with an ``error_message`` ``MESSAGE_TOO_LARGE``, or by closing 1009 with a reason.
An answer means the platform answered a question it cut short; silence is
a failure too.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ProtocolViolation, StreamClosed, StreamTimeout
from ..events import Event, is_run_event
from ..rules.refusals import describe, refusal_problems
from ..evidence import transcript_ref
from ..wire.protocol import question_frame

TOO_LARGE = "MESSAGE_TOO_LARGE"
CLOSE_TOO_BIG = 1009
UNDECLARED_LENGTH = 70_000
OVER_THE_LIMIT = 1_000
_OPENING = "How much would 2 million GPT-4o tokens a month cost? Here is the background: "


@dataclass
class LongAsk:
    who: str
    length: int
    reply: Event | None = None
    closed: StreamClosed | None = None


def long_question(settings) -> str:
    length = (settings.max_question_chars + OVER_THE_LIMIT if settings.max_question_chars
              else UNDECLARED_LENGTH)
    filler = "our team sends support tickets through the model every day. "
    return (_OPENING + filler * (length // len(filler) + 1))[:length]


def ask_too_long(person) -> LongAsk:
    stream, question = person.chat(), long_question(person.settings)
    sent_at = stream.send(question_frame(question),
                          label=f"question of {len(question):,} characters")
    result = LongAsk(person.name, len(question))
    try:
        while result.reply is None:
            event = stream.next_event(sent_at + stream.policy.wait_s, "a refusal of the too-long question")
            if event.kind == "error_message" or is_run_event(event):
                result.reply = event
    except StreamClosed as closed:
        person.hang_up()
        result.closed = closed
    except StreamTimeout as silent:
        raise ProtocolViolation(f"{person.name} sent a question of {len(question):,} characters and "
                                f"heard nothing back: {silent.detail}",
                                evidence=transcript_ref(person.name)) from None
    return result


def expect_refused_plainly(result: LongAsk) -> None:
    who = result.who
    if result.closed is not None:
        if result.closed.code == CLOSE_TOO_BIG and result.closed.reason.strip():
            return
        raise ProtocolViolation(f"{who}'s too-long question ended the chat without a reason: closed "
                                f"{result.closed.code} {result.closed.reason!r}", evidence=transcript_ref(who))
    if is_run_event(result.reply):
        raise ProtocolViolation(
            f"{who}'s question of {result.length:,} characters was answered instead of refused: the "
            f"assistant can only have read part of it", evidence=transcript_ref(who))
    problems = refusal_problems(result.reply, (TOO_LARGE,))
    if problems:
        raise ProtocolViolation(f"{who}'s too-long question was refused without plain words: "
                                f"{'; '.join(problems)} ({describe(result.reply)})",
                                evidence=transcript_ref(who))
