"""Things going wrong mid-conversation, and the person getting back on track.

CONTRACT section 5: a bad frame (malformed JSON, an unknown type, a message
without content) gets a clear ``error_message`` (an unknown type may get
``ack``) and the connection stays usable; a failed run ends with
``agent_error`` saying what happened in words, never with the platform's
internals; a connection that drops mid-answer loses nothing, because the
answer is stored before ``agent_completed``; an expired pass is renewed with
the refresh token (CONTRACT section 3) and the person carries on.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from ..wire.auth import TokenPair
from ..evidence import HTTP, pointer, transcript_ref
from ..rules.leaks import leaks_in, leaks_in_text
from ..wire.protocol import question_frame
from ..errors import ApiError, ProtocolViolation, SecurityBreach, SuiteError
from ..events import Event, is_run_event
from ..wire.tokens import claims_of
from ..wire.turns import Turn
from .expect_security import expect_pass_lasts_as_told

if TYPE_CHECKING:
    from .people import Person

POLL_EVERY_S = 0.2
LONGEST_SHORT_PASS_S = 30      # a pass that lives longer cannot be waited out within a journey


@dataclass(frozen=True)
class BadMessage:
    text: str          # exactly what goes on the wire
    label: str         # how messages name it, after "a" or "our"
    may_ack: bool      # the contract lets an unknown type be answered with ack


BAD_MESSAGES = {
    "a garbled message": BadMessage(
        '{"type": "user_message", "payload": {"content": "How much do we spend', "malformed JSON frame",
        False),
    "a message of an unknown kind": BadMessage(
        json.dumps({"type": "order_pizza", "payload": {"content": "One margherita, please."}}),
        "frame of unknown type 'order_pizza'", True),
    "an empty message": BadMessage(
        json.dumps({"type": "user_message", "payload": {"thread_id": None}}),
        "user_message without content", False),
}


@dataclass(frozen=True)
class Rebuff:
    """What the chat said to a bad message."""

    who: str
    bad: BadMessage
    reply: Event
    code_optional: bool = False   # the target declared refusals without a code (``error-frames``)


def send_bad_message(person: Person, what: str) -> Rebuff:
    """Send one of ``BAD_MESSAGES`` and wait for the chat's reply to it."""
    if what not in BAD_MESSAGES:
        raise SuiteError(f"no bad message called {what!r}; known: {', '.join(BAD_MESSAGES)}")
    bad, stream = BAD_MESSAGES[what], person.chat()
    stream.send(bad.text, label=bad.label)
    deadline = time.monotonic() + stream.policy.wait_s
    while True:
        event = stream.next_event(deadline, f"a reply to our {bad.label}")
        if event.kind == "error_message" or (event.kind == "ack" and bad.may_ack):
            optional = "error_code" in stream.policy.dialect.optional_fields("error_message")
            return Rebuff(person.name, bad, event, code_optional=optional)
        if event.kind == "ack" or is_run_event(event):
            raise ProtocolViolation(
                f"{person.name} sent a {bad.label} and the chat answered with {event.kind} instead "
                f"of an error_message saying what was wrong", evidence=transcript_ref(person.name))


def expect_told_clearly(rebuff: Rebuff) -> None:
    """An error with a code and words a person can read, and nothing internal in them."""
    code = rebuff.reply.fields.get("error_code")
    text = rebuff.reply.fields.get("error_message") or ""
    no_code = code is None or not str(code).strip()
    problems = ["its error_code is empty"] if no_code and not rebuff.code_optional else []
    problems += [] if text.strip() else ["its error_message is empty"]
    problems += [f"it shows {leak}" for leak in internals_in(text)]
    if problems:
        raise ProtocolViolation(
            f"{rebuff.who} sent a {rebuff.bad.label} and got an error that does not say clearly what "
            f"was wrong: {'; '.join(problems)} (error_code {code!r}, error_message {text[:300]!r})",
            evidence=transcript_ref(rebuff.who))


def ask_on_same_connection(person: Person, question: str) -> Turn:
    """Ask on the connection the person already has; it is never silently replaced.

    A ``Person`` keeps its connection until it hangs up, so if the platform
    closed it after a bad message or a failed run, this ask says so.
    """
    return person.ask(question)


# -- a connection lost mid-answer ---------------------------------------------------------

def ask_and_drop(person: Person, question: str) -> Turn:
    """Ask, and as soon as the run has started, lose the connection without a goodbye."""
    stream = person.chat()
    sent_at = stream.send(question_frame(question))
    gathering = stream.protocol.gather(stream.protocol.turn(question, sent_at))
    while not gathering.turn.events and not gathering.done:
        gathering.feed(stream.next_event(gathering.deadline, gathering.waiting))
    turn, refusal = gathering.turn, gathering.turn.refusal
    if refusal is not None:
        raise ProtocolViolation(
            f"{person.name} asked {question!r} and got an error instead of an answer: "
            f"{refusal.fields.get('error_code')} {refusal.fields.get('error_message')!r}",
            evidence=transcript_ref(person.name))
    stream.drop()
    person.turns.append(turn)
    if turn.thread_id is None and not turn.thread_optional:   # else found in the history (dropped_answers)
        raise ProtocolViolation(f"{person.name}'s run started without naming its conversation "
                                f"(no thread_id on {turn.events[0].kind})",
                                evidence=transcript_ref(person.name))
    return turn


# -- a failed run -------------------------------------------------------------------------

_PATHS_AND_NAMES = (
    ("a source file path", re.compile(
        r'File "[^"]+", line \d+|(?:[A-Za-z]:)?(?:[\\/][\w.-]+)+\.(?:py|pyc|js|ts|java|go|rb)\b')),
    ("an exception name", re.compile(r"\b[A-Z]\w*(?:Error|Exception)\b\s*:")),
)


def internals_in(text: str) -> list[str]:
    """What of the platform's insides a message shows: tracebacks, file paths, exception names,
    stack frames (the forms ``journeys.rules.leaks`` finds), and (CONTRACT section 8) leaking keys in a
    JSON message."""
    forms = leaks_in_text(text)
    found = ["a Python traceback"] if "a Python traceback" in forms else []
    found += [name for name, pattern in _PATHS_AND_NAMES if pattern.search(text)]
    if any("stack frame" in form for form in forms):
        found.append("a stack frame")
    return found + [leak for leak in leaks_in(text) if leak.endswith(")") and " key (" in leak]


def expect_failure_told_plainly(turn: Turn) -> None:
    """The run ends with agent_error, in the right order, in words without internals."""
    who, end = turn.who, turn.terminal
    if turn.refusal is not None or end is None or end.kind != "agent_error":
        got = "an error_message" if turn.refusal is not None else (end.kind if end else "nothing")
        raise ProtocolViolation(
            f"{who}'s answer was made to fail, so the run should end with agent_error; it ended "
            f"with {got}. Events in order: {turn.summary()}", evidence=transcript_ref(who))
    text = str(end.fields.get("error_message") or "")
    leaks = internals_in(text)
    if leaks or not text.strip():
        shown = f"reveals the platform's internals ({', '.join(leaks)})" if leaks else "is empty"
        raise ProtocolViolation(
            f"{who}'s answer failed and the error message {who} was shown {shown}: {text[:400]!r}",
            evidence=transcript_ref(who))
    problems = turn.violations()
    if problems:
        raise ProtocolViolation(f"{who}'s failed run broke the event rules: "
                                + "; ".join(problems[:4]) + f". Events in order: {turn.summary()}",
                                evidence=transcript_ref(who))


# -- a pass that runs out -----------------------------------------------------------------

def await_pass_refused(person: Person) -> float:
    """Wait (deadline: the pass's expiry + E2E_WAIT_S) until the backend refuses the pass.

    Returns how long after its expiry the pass was refused.
    """
    if person.session is None:
        raise SuiteError(f"{person.name} has no pass yet; sign them up or log them in first")
    token = person.session.access_token
    expires = float(claims_of(token).get("exp", 0))
    left = expires - time.time()
    if left > LONGEST_SHORT_PASS_S:
        expect_pass_lasts_as_told(person)   # a pass longer than the platform said: its verdict
        raise SuiteError(f"{person.name}'s pass lasts another {left:.0f} s; this journey needs a "
                         f"pass that runs out within {LONGEST_SHORT_PASS_S} s")
    deadline = time.monotonic() + max(left, 0) + person.policy.wait_s
    while True:
        reply = person.api.threads(token)
        if reply.status == 401:
            return time.time() - expires
        if not reply.ok:
            raise ApiError(f"{person.name} checked whether their pass still works and got "
                           f"{reply.describe()}; expected success, or 401 once it expired",
                           status=reply.status, evidence=pointer(HTTP))
        if time.monotonic() >= deadline:
            when = datetime.fromtimestamp(expires, tz=timezone.utc).isoformat(timespec="seconds")
            raise SecurityBreach(
                f"{person.name}'s pass expired at {when} and was still accepted "
                f"{time.time() - expires:.1f} s later: {reply.describe()[:200]}",
                evidence=pointer(HTTP))
        time.sleep(POLL_EVERY_S)


def renew_pass(person: Person) -> None:
    """Trade the refresh token for a new pass, then reopen the chat with it."""
    if person.session is None or not person.session.refresh_token:
        raise SuiteError(f"{person.name} has no refresh token (sign-in mode "
                         f"{person.settings.auth_mode!r}); this journey must sign them up for real")
    reply = person.auth.refresh(person.session.refresh_token)
    person.session = TokenPair.from_reply(reply, person.name, "renew their pass with the refresh token")
    person.reconnect()
