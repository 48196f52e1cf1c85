"""What a person should find in their conversation list and in a conversation's history.

CONTRACT section 4 and "Persistence": threads are listed newest ``created_at``
first; a thread's messages are oldest first, a question followed by its answer;
pages read with ``limit``/``offset`` add up to the whole history, with the same
``total`` on every page. Each check raises from the error tree with who, what
was expected, what the platform holds, and where the HTTP exchanges are.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from ..rules.answers import answer_problems
from ..errors import AnswerNotMeaningful, ApiError, ProtocolViolation
from ..events import Event
from ..evidence import ASKED, HTTP, pointer, transcript_ref
from ..rules.timestamps import parse_timestamp
from ..wire.turns import Turn

if TYPE_CHECKING:
    from .people import Person

HTTP_EVIDENCE = pointer(HTTP)
WHOLE_PAGE = 100          # one page holds every message of a journey's conversation
POLL_EVERY_S = 0.1


@dataclass(frozen=True)
class Exchange:
    """A question and the answer it got, in one conversation: streamed or not."""

    who: str
    question: str
    answer: str | None
    thread_id: str | None


def whole_history(person: Person, thread_id: str) -> list[dict]:
    """Every message of a conversation, in the platform's order, read in large pages."""
    messages: list[dict] = []
    while True:
        page = person.history(thread_id, limit=WHOLE_PAGE, offset=len(messages))
        messages += page["messages"]
        if not page["messages"] or len(messages) >= page["total"]:
            return messages


def said(messages: list[dict]) -> list[tuple]:
    """A history as (role, content) pairs: what was said, by whom, in order."""
    return [(m.get("role"), m.get("content")) for m in messages]


def holds_exchange(messages: list[dict], question: str, answer: str | None) -> bool:
    """Whether ``question`` is followed, right after it, by ``answer`` in a history."""
    pairs, wanted = said(messages), [("user", question), ("assistant", answer)]
    return any(pairs[i:i + 2] == wanted for i in range(len(pairs) - 1))


def answer_after(messages: list[dict], question: str) -> dict | None:
    """The assistant's message right after ``question`` in a history, if there is one."""
    for index, message in enumerate(messages[:-1]):
        if (message.get("role"), message.get("content")) == ("user", question) \
                and messages[index + 1].get("role") == "assistant":
            return messages[index + 1]
    return None


def stored_answer(person: Person, turn: Turn, within_s: float, every_s: float = POLL_EVERY_S,
                  thread_id: str | None = None) -> tuple[dict | None, list[dict]]:
    """Read the history until it holds an answer to ``turn``'s question, or ``within_s`` after asking.

    The answer (None when the deadline passed first) and the history last read; the
    conversation is ``thread_id``, else the one ``turn``'s events name.
    """
    while True:
        held = whole_history(person, thread_id or turn.thread_id)
        answer = answer_after(held, turn.question)
        if answer is not None or time.monotonic() - turn.sent_at >= within_s:
            return answer, held
        time.sleep(every_s)


def conversation_of(person: Person, turn: Turn, *also: Event | None) -> str | None:
    """The conversation ``turn`` ran in: named by its events, else by ``also`` (e.g. agent_stopped).

    Under ``run-events-without-thread`` (journeys.config.dialect) the events seen may name only
    the run; then it is the person's newest conversation that holds the question. A strict
    target gets no such search: an unnamed conversation stays None and the journey says so."""
    named = turn.thread_id or next((e.thread_id for e in also if e is not None and e.thread_id), None)
    if named is not None or not person.policy.dialect.thread_may_be_missing():
        return named
    for thread in person.conversations():
        thread_id = str(thread.get("id"))
        if ("user", turn.question) in said(whole_history(person, thread_id)):
            return thread_id
    return None


def await_conversation(person: Person, turn: Turn, within_s: float,
                       every_s: float = POLL_EVERY_S) -> str:
    """``conversation_of`` a run whose chat dropped, polled until ``within_s`` after asking."""
    while True:
        conversation = conversation_of(person, turn)
        if conversation is not None:
            return conversation
        searched = person.policy.dialect.thread_may_be_missing()
        if not searched or time.monotonic() - turn.sent_at >= within_s:
            raise ApiError(
                f"{turn.who}'s connection dropped while the assistant was answering {turn.question!r}; "
                f"the run's events before the drop named no conversation" + (
                    f", and {time.monotonic() - turn.sent_at:.1f} s after asking {turn.who}'s history "
                    f"does not even hold the question (in any of their conversations)" if searched else ""),
                evidence=HTTP_EVIDENCE)
        time.sleep(every_s)


def expect_in_order(person: Person, turns: list[Turn]) -> None:
    """One conversation holds exactly these questions, each followed by its answer."""
    who, first = person.name, turns[0]
    for turn in turns[1:]:
        if turn.thread_id != first.thread_id:
            raise ProtocolViolation(
                f"{who} asked {turn.question!r} in conversation {first.thread_id}, but the "
                f"assistant answered in conversation {turn.thread_id}",
                evidence=transcript_ref(who, ASKED))
    unanswered = [t.question for t in turns if t.answer is None]
    if unanswered:
        raise ProtocolViolation(f"{who} got no answer to {unanswered[0]!r}, so the conversation "
                                f"cannot be complete",
                                evidence=transcript_ref(who, ASKED))
    held = said(whole_history(person, first.thread_id))
    wanted = [pair for t in turns for pair in (("user", t.question), ("assistant", t.answer))]
    if held != wanted:
        raise ApiError(
            f"{who}'s conversation {first.thread_id} should hold {len(turns)} question(s), each "
            f"followed by its answer, in the order asked ({_show(wanted)}); it holds "
            f"{len(held)} message(s): {_show(held)}", evidence=HTTP_EVIDENCE)


def expect_newest_first(person: Person, turns: list[Turn]) -> None:
    """The whole list is newest ``created_at`` first, and holds every conversation these turns started.

    Conversations created in the same instant (a platform may keep whole seconds)
    may come in either order; the contract orders by ``created_at`` alone.
    """
    who, threads = person.name, person.conversations()
    ids = [str(t.get("id")) for t in threads]
    started = list(dict.fromkeys(t.thread_id for t in turns))
    missing = [tid for tid in started if tid not in ids]
    if missing:
        raise ApiError(f"{who}'s conversation list lacks {missing} out of the {len(started)} "
                       f"conversation(s) they started; it holds {ids[:8]}", evidence=HTTP_EVIDENCE)
    created = [parse_timestamp(t.get("created_at"), field=f"threads[{i}].created_at")
               for i, t in enumerate(threads)]
    listing = "; ".join(f"{t.get('title')!r} created {c.isoformat(timespec='milliseconds')}"
                        for t, c in zip(threads[:6], created))
    for index in range(len(threads) - 1):
        if created[index] < created[index + 1]:
            raise ApiError(f"{who}'s conversations are not listed newest first: an older one is "
                           f"listed before a newer one. The list: {listing}", evidence=HTTP_EVIDENCE)
    positions = [ids.index(tid) for tid in started]
    for older, newer in zip(positions, positions[1:]):
        if created[newer] < created[older]:
            raise ApiError(f"{who} started conversation {ids[newer]} after {ids[older]}, yet the "
                           f"platform says it was created earlier. The list: {listing}",
                           evidence=HTTP_EVIDENCE)


def expect_pages_add_up(person: Person, page_size: int) -> None:
    """Pages of ``page_size`` give the whole history of the latest conversation, once each."""
    thread_id = person.last_turn.thread_id
    asked = sum(1 for turn in person.turns if turn.thread_id == thread_id)
    who, whole = person.name, whole_history(person, thread_id)
    if len(whole) != 2 * asked:
        raise ApiError(f"{who} asked {asked} question(s) in conversation {thread_id}, so its "
                       f"history should hold {2 * asked} messages; it holds {len(whole)}: "
                       f"{_show(said(whole))}",
                       evidence=HTTP_EVIDENCE)
    read: list[dict] = []
    for offset in [*range(0, len(whole), page_size), len(whole)]:  # and the empty page after the end
        page = person.history(thread_id, limit=page_size, offset=offset)
        expected = min(page_size, max(0, len(whole) - offset))
        problems = _page_problems(page, len(whole), page_size, offset, expected)
        if problems:
            raise ApiError(f"{who} read conversation {thread_id} {page_size} messages at a time; "
                           f"the page at offset {offset} is wrong: " + "; ".join(problems),
                           evidence=HTTP_EVIDENCE)
        read += page["messages"]
    if [m.get("id") for m in read] != [m.get("id") for m in whole]:
        raise ApiError(f"{who} read conversation {thread_id} {page_size} messages at a time and the "
                       f"pages do not add up to the whole history: pages gave ids "
                       f"{[m.get('id') for m in read]}, the whole history "
                       f"{[m.get('id') for m in whole]}", evidence=HTTP_EVIDENCE)


def expect_exchange_stored(person: Person, exchange: Exchange) -> None:
    """The question and, right after it, the same answer the person was given.

    An answer that named no conversation (a dialect: journeys.config.dialect) is looked for in each
    of the person's conversations, newest first."""
    question, answer = exchange.question, exchange.answer
    if exchange.thread_id is None:
        threads = [str(t.get("id")) for t in person.conversations()]
        held = []
        for thread_id in threads:
            one = whole_history(person, thread_id)
            if holds_exchange(one, question, answer):
                return
            held += said(one)
        raise ApiError(f"{exchange.who}'s history does not hold the question {exchange.question!r} "
                       f"followed by the answer they were given: the answer named no conversation, "
                       f"and across their {len(threads)} conversation(s) it holds {len(held)} "
                       f"message(s): {_show(held)}", evidence=HTTP_EVIDENCE)
    held = whole_history(person, exchange.thread_id)
    if not holds_exchange(held, question, answer):
        held = said(held)
        raise ApiError(f"{exchange.who}'s conversation {exchange.thread_id} does not hold the "
                       f"question {exchange.question!r} followed by the answer they were given; "
                       f"it holds {len(held)} message(s): {_show(held)}", evidence=HTTP_EVIDENCE)


def await_answer_in_history(person: Person, turn: Turn) -> str:
    """After a dropped connection: poll until the question's answer is stored, or the deadline.

    The contract stores the answer before ``agent_completed``, so a run that
    outlives its connection still leaves the answer behind. The deadline is a
    whole answer's (the person's policy's ``turn_s``), counted from the moment the question
    was sent.
    """
    within_s = person.policy.turn_s
    conversation = await_conversation(person, turn, within_s)
    stored, held = stored_answer(person, turn, within_s, thread_id=conversation)
    if stored is None:
        held = said(held)
        asked = "holds the question but no answer after it" if ("user", turn.question) in held \
            else "does not even hold the question"
        raise ApiError(
            f"{turn.who}'s connection dropped while the assistant was answering "
            f"{turn.question!r}; {time.monotonic() - turn.sent_at:.1f} s after asking, conversation "
            f"{conversation} {asked}; it holds {len(held)} message(s): {_show(held)}",
            evidence=HTTP_EVIDENCE)
    answer = stored.get("content")
    expect_stored_answer_meaningful(turn, answer)
    return answer


def expect_stored_answer_meaningful(turn: Turn, answer: str) -> None:
    """The answer the history holds for ``turn``'s question is a meaningful one."""
    problems = answer_problems(answer, turn.question)
    if problems:
        raise AnswerNotMeaningful(f"{turn.who} found an answer to {turn.question!r} in the history, "
                                  f"but it is not meaningful: " + "; ".join(problems),
                                  evidence=HTTP_EVIDENCE)


def _page_problems(page: dict, total: int, limit: int, offset: int, expected: int) -> list[str]:
    problems = []
    if page["total"] != total:
        problems.append(f"its total is {page['total']}, the whole history has {total}")
    if len(page["messages"]) != expected:
        problems.append(f"it holds {len(page['messages'])} message(s), expected {expected}")
    if page["offset"] != offset or page["limit"] != limit:
        problems.append(f"it says limit {page['limit']} offset {page['offset']}, "
                        f"we asked for limit {limit} offset {offset}")
    return problems


def _show(pairs: list[tuple], last: int = 6) -> str:
    shown = "; ".join(f"{role}: {str(content)[:50]!r}" for role, content in pairs[-last:])
    return (f"... {shown}" if len(pairs) > last else shown) or "no messages"
