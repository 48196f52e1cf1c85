"""Sending into a colleague's conversation over the chat (CONTRACT section 5): refused.

The chat must answer with ``error_message``, start no run, and add nothing to
the colleague's history. Reading it over HTTP is checked elsewhere; this is
the write, over the chat.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import ApiError, SecurityBreach, StreamTimeout
from ..events import Event, is_run_event
from .expect_history import whole_history
from ..evidence import HTTP, pointer, transcript_ref
from ..wire.turns import Turn
from ..wire.protocol import question_frame


@dataclass
class Intrusion:
    who: str
    owner: str
    thread_id: str
    question: str
    held_before: int
    reply: Event | None


def send_into(person, owner, question: str) -> Intrusion:
    """``person`` sends ``question`` naming ``owner``'s last conversation."""
    target: Turn = owner.last_turn
    before = len(whole_history(owner, target.thread_id))
    stream = person.chat()
    sent_at = stream.send(question_frame(question, target.thread_id),
                          label=f"user_message into {owner.name}'s conversation")
    reply = None
    try:
        while reply is None:
            event = stream.next_event(sent_at + stream.policy.wait_s, "a refusal")
            if event.kind == "error_message" or is_run_event(event):
                reply = event
    except StreamTimeout:
        reply = None
    return Intrusion(person.name, owner.name, target.thread_id, question, before, reply)


def expect_refused(intrusion: Intrusion) -> None:
    who, owner = intrusion.who, intrusion.owner
    if intrusion.reply is None:
        raise ApiError(f"{who} sent a message into {owner}'s conversation and heard nothing back: "
                       "no word that it was refused", evidence=transcript_ref(who))
    if is_run_event(intrusion.reply):
        raise SecurityBreach(f"{who} wrote into {owner}'s conversation: the assistant started answering "
                             f"{intrusion.question!r} there ({intrusion.reply.kind})",
                             evidence=transcript_ref(who))


def expect_conversation_untouched(owner, intrusion: Intrusion) -> None:
    held = whole_history(owner, intrusion.thread_id)
    added = held[intrusion.held_before:]
    if len(held) != intrusion.held_before or any(m.get("content") == intrusion.question for m in held):
        raise SecurityBreach(
            f"{intrusion.who}'s message was added to {owner.name}'s conversation: it held "
            f"{intrusion.held_before} message(s) and now holds {len(held)}, including "
            f"{[str(m.get('content'))[:80] for m in added]!r}",
            evidence=pointer(HTTP))
