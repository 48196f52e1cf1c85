"""What a person should observe, checked with the evidence in every message.

Each ``expect_*`` raises from the error tree with who, what was expected,
what was observed, how long we waited, and which attachment holds the frames.
Steps call these and nothing else to decide pass or fail.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..rules.answers import answer_problems, is_cost_question
from ..rules.contract import check_body
from ..errors import AnswerNotMeaningful, ApiError, ProtocolViolation, SecurityBreach
from ..events import error_code, error_text
from ..evidence import ASKED, HTTP, pointer, transcript_ref
from ..rules.leaks import leaks_in
from .expect_history import holds_exchange, said
from ..wire.handshake import REFUSAL_CLOSE_CODE
from ..wire.http import Reply
from ..rules.run_rules import has_golden_path_kinds
from ..wire.turns import Turn

if TYPE_CHECKING:
    from .people import Person


def expect_a_run(turn: Turn) -> None:
    """The question started a run that ended; anything else is explained."""
    if turn.refusal is not None:
        fields = turn.refusal.fields
        text = error_text(fields) or ""
        leaks = leaks_in(text, turn.refusal.raw)
        shows = f"; and the error shows {', '.join(leaks)}" if leaks else ""
        raise ProtocolViolation(
            f"{turn.who} asked {turn.question!r} and got an error instead of an answer "
            f"{_when(turn)}: {error_code(fields)} {text[:400]!r}{shows}", evidence=transcript_ref(turn.who, ASKED))


def _when(turn: Turn) -> str:
    return f"after {', '.join(turn.kinds())}" if turn.events else "before any event of a run"


def expect_valid_run(turn: Turn) -> None:
    expect_a_run(turn)
    problems = turn.violations()
    if problems:
        raise ProtocolViolation(
            f"{turn.who}'s run broke the event rules: " + "; ".join(problems[:4])
            + f". Events in order: {turn.summary()}", evidence=transcript_ref(turn.who, ASKED))


def expect_every_step_shown(turn: Turn) -> None:
    """All five event kinds of the golden path, in a valid order."""
    expect_valid_run(turn)
    missing = has_golden_path_kinds(turn.events)
    if missing:
        raise ProtocolViolation(
            f"{turn.who} did not see every step of the assistant's work: missing "
            f"{', '.join(missing)}. Events in order: {turn.summary()}",
            evidence=transcript_ref(turn.who, ASKED))


def expect_meaningful_answer(turn: Turn) -> None:
    expect_valid_run(turn)
    if turn.answer is None:
        end = turn.terminal
        raise AnswerNotMeaningful(
            f"{turn.who} got no answer: the run ended with {end.kind if end else 'nothing'} "
            f"{((error_text(end.fields) or '') if end else '')[:400]!r}", evidence=transcript_ref(turn.who, ASKED),
            cause="no answer came")
    problems = answer_problems(turn.answer, turn.question,
                               cost_question=is_cost_question(turn.question),
                               tool_results=[r for r in turn.tool_results if r is not None])
    if problems:
        raise AnswerNotMeaningful(
            f"{turn.who} asked {turn.question!r} and got {turn.answer[:300]!r}, which is not a "
            f"meaningful answer: " + "; ".join(problems), evidence=transcript_ref(turn.who, ASKED),
            cause=problems[0].split(":")[0].split(" (")[0])


def expect_cost_answer(turn: Turn) -> None:
    """A cost question's answer: meaningful, from a tool, with a figure about cost."""
    expect_meaningful_answer(turn)
    if not turn.tools_used:
        raise AnswerNotMeaningful(
            f"{turn.who} asked a cost question and the assistant answered without using any tool: "
            f"{turn.answer[:200]!r}", evidence=transcript_ref(turn.who, ASKED), cause="the answer uses no tool")


def expect_exchange_in_history(history: dict, turn: Turn) -> None:
    messages = history.get("messages", [])
    if holds_exchange(messages, turn.question, turn.answer):
        return
    shown = "; ".join(f"{r}: {str(c)[:60]!r}" for r, c in said(messages)[-6:]) or "no messages"
    raise ApiError(
        f"{turn.who}'s conversation {turn.thread_id} does not hold the question and its answer "
        f"one after the other; it holds {len(messages)} message(s): {shown}",
        evidence=pointer(HTTP))


def expect_first_conversation(who: str, threads: list, turn: Turn) -> None:
    """After the first question: exactly one conversation, titled, holding that run."""
    ids = [str(t.get("id")) for t in threads]
    if len(threads) != 1 or ids[0] != str(turn.thread_id):
        raise ApiError(
            f"{who} asked a first question (conversation {turn.thread_id}) and expected exactly that "
            f"one conversation; the list holds {len(threads)}: {ids[:5]}",
            evidence=pointer(HTTP))
    title = threads[0].get("title")
    if not isinstance(title, str) or not title.strip():
        raise ApiError(f"{who}'s first conversation has no title ({title!r}); a person could not "
                       f"find it again in their list", evidence=pointer(HTTP))


def expect_no_conversations(who: str, threads: list) -> None:
    if threads:
        titles = ", ".join(repr(t.get("title")) for t in threads[:5])
        raise ApiError(f"{who} is new but already has {len(threads)} conversation(s): {titles}")


def expect_refused(reply: Reply, who: str, action: str, statuses: tuple[int, ...], why: str,
                   mentioning: str | None = None) -> None:
    """A request the platform must turn down, with a readable JSON reason."""
    if reply.ok:
        raise SecurityBreach(
            f"{who} tried to {action} and the platform accepted it ({reply.status}); it must be "
            f"refused because {why}", evidence=pointer(HTTP))
    if reply.status not in statuses or not isinstance(reply.body, dict):
        raise ApiError(
            f"{who} tried to {action}: expected a refusal ({' or '.join(map(str, statuses))}) with "
            f"a reason, got {reply.describe()}", status=reply.status,
            evidence=pointer(HTTP))
    check_body("auth.error" if "/auth/" in reply.url else "backend.error", reply.body)
    if mentioning and mentioning.lower() not in reply.text.lower():
        raise ApiError(
            f"{who} tried to {action} and was refused, but the reason does not mention "
            f"{mentioning!r}, so a person cannot tell what to fix: {reply.describe()}",
            status=reply.status, evidence=pointer(HTTP))


def expect_address_taken(reply: Reply) -> None:
    """A second sign-up with an address already registered is turned down as a conflict."""
    expect_refused(reply, "a second sign-up", "register an address that is taken", (409,),
                   "the address is already registered")


def expect_sign_up_unacceptable(reply: Reply, what: str) -> None:
    """A sign-up with an unacceptable ``what`` is turned down, saying which."""
    expect_refused(reply, "the newcomer", f"sign up with an unacceptable {what}", (422, 400),
                   f"the {what} is not acceptable", mentioning=what)


def expect_unknown(person: Person) -> None:
    """A newcomer really is new: the platform does not know their address."""
    reply = person.auth.login(person.email, person.password.reveal())
    if reply.status != 401:
        raise ApiError(
            f"{person.name} should be unknown to the platform, but logging in with a fresh "
            f"address answered {reply.describe()}; expected a refusal as an unknown account",
            status=reply.status, evidence=pointer(HTTP))


def expect_turned_away(attempt, who: str, pass_kind: str) -> None:
    """CONTRACT section 5 'Refusal': handshake 401/403, or close 1008 without answering."""
    if attempt.properly_refused:
        return
    wrong = wrong_close(attempt)
    extra = f"; {wrong}" if wrong else ""
    raise SecurityBreach(
        f"{who} opened the chat with {pass_kind} and was not turned away: {attempt.describe()}{extra}",
        evidence=transcript_ref(f"{who} (refusal check)"))


def wrong_close(attempt) -> str | None:
    """A chat that closed, but not with the refusal's code: what the contract wanted instead."""
    if attempt.close_code in (None, REFUSAL_CLOSE_CODE):
        return None
    return f"a refusal must close with {REFUSAL_CLOSE_CODE}, not {attempt.close_code}"
