"""Many people at once: their calls really sent together, and every wait bounded.

Isolation and fairness defects hide when people take turns. ``together`` runs
one job per person, each in its own thread, and holds them at a barrier so
they all start in the same instant; the whole crowd then has one deadline, and
a job still running when it passes is reported as unfinished, never waited on
for ever. A load mode can reuse it with a longer deadline and bigger crowds.

``Crowd`` is the many-people journey on top of it: colleagues, each logged in
with their own conversation and their own chat, who ask different questions at
the same moment. Each conversation is started before the question, so the
suite knows which conversation is whose and can tell a person's own run from
anyone else's: the run in their conversation is theirs; every other run event
on their connection is someone else's.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Generic, TypeVar

from ..wire.chat import GRACE_AFTER_END_S
from ..rules.contract import check_body
from ..errors import ApiError, StreamTimeout, SuiteError
from .crowd_errors import crowd_error
from ..events import Event, is_run_event
from ..evidence import HTTP, pointer
from ..wire.http import Reply
from .people import Cast, Person
from .questions import cost_question
from ..config.settings import Settings
from ..wire.turns import Turn

T = TypeVar("T")

COLLEAGUES = ("Ben", "Chloe", "Dev", "Emma", "Farid", "Grace", "Hugo", "Ines", "Jonas", "Kemi",
              "Leo", "Maya", "Nikhil", "Olga", "Pablo", "Quinn", "Rosa", "Sami", "Tara", "Ugo",
              "Vera", "Wen", "Xavi", "Yara", "Zoe", "Ana")
QUIET_AFTER_S = 0.3   # after everyone's answer: listen this long for stragglers on each connection
SHOWN_FAILURES = 4    # failures told in full; the rest are named


@dataclass
class Outcome(Generic[T]):
    """One job's result: its value, or the error it raised, or neither when it never finished."""

    name: str
    value: T | None = None
    error: BaseException | None = None
    finished_at: float | None = None

    @property
    def finished(self) -> bool:
        return self.finished_at is not None


def together(jobs: Sequence[tuple[str, Callable[[], T]]], within_s: float,
             barrier_s: float) -> list[Outcome[T]]:
    """Run every job in its own thread, released at once; wait at most ``within_s`` after release.

    ``barrier_s`` bounds how long the threads wait for each other to be ready.
    Errors are kept in the outcome (so one person's failure does not hide the
    others'); a job that outlives the deadline is left ``finished`` False.
    """
    outcomes = [Outcome(name) for name, _ in jobs]
    if not jobs:
        return outcomes
    gate = threading.Barrier(len(jobs), timeout=barrier_s)
    released = threading.Event()
    release_time: list[float] = []

    def work(outcome: Outcome[T], job: Callable[[], T]) -> None:
        try:
            if gate.wait() == 0:
                release_time.append(time.monotonic())
                released.set()
            outcome.value = job()
        except threading.BrokenBarrierError:
            outcome.error = SuiteError(f"{outcome.name} was not ready to start with the others "
                                       f"within {barrier_s:.1f} s")
        except BaseException as error:  # kept for the report; the caller decides what it means
            outcome.error = error
        finally:
            outcome.finished_at = time.monotonic()

    threads = [threading.Thread(target=work, args=(o, job), name=f"crowd-{o.name}", daemon=True)
               for o, (_, job) in zip(outcomes, jobs)]
    for thread in threads:
        thread.start()
    released.wait(timeout=barrier_s)
    deadline = (release_time[0] if release_time else time.monotonic()) + within_s
    for thread in threads:
        thread.join(timeout=max(0.0, deadline - time.monotonic()))
    return outcomes


def reraise_first(outcomes: Sequence[Outcome], what: str, within_s: float) -> None:
    """Everyone's failure at once, each person's kind kept (``journeys.capabilities.crowd_errors``)."""
    failures = [o for o in outcomes if o.error is not None or not o.finished]
    if not failures:
        return
    told = [(o.name, o.error if o.error is not None else StreamTimeout(
        _detail(o, within_s), evidence="each person's chat transcript on this step"))
        for o in failures]
    rest = failures[SHOWN_FAILURES:]
    hidden = f"and {len(rest)} more: {', '.join(o.name for o in rest)}" if rest else ""
    error = crowd_error(f"{len(failures)} of {len(outcomes)} people could not {what}",
                        told[:SHOWN_FAILURES], getattr(told[0][1], "evidence", None), hidden)
    if any(error is kept for _, kept in told):
        raise error                      # the suite's own bug (its traceback kept), or as it is
    raise error from told[0][1]


@dataclass
class Member:
    """One person of the crowd: their own conversation, question, turn and leftovers."""

    person: Person
    conversation: str | None = None
    question: str | None = None
    turn: Turn | None = None
    afterwards: list[Event] = field(default_factory=list)   # run events after their answer

    @property
    def name(self) -> str:
        return self.person.name

    def received(self) -> list[Event]:
        """Every run event that reached this person's connection during and after the turn."""
        if self.turn is None:
            return list(self.afterwards)
        return self.turn.events + self.turn.foreign + self.afterwards

    def own_run(self) -> str | None:
        """The run in this person's conversation: the one they started."""
        return next((e.run_id for e in self.received() if e.thread_id == self.conversation), None)

    def foreign(self) -> list[Event]:
        """Events of another run, or naming another conversation.

        An event that names no conversation is judged by its run alone: under
        ``run-events-without-thread`` some events of a run name only the run (a strict
        target's missing thread_id is the run rules' to report, in the person's own turn)."""
        mine = self.own_run()
        return [e for e in self.received() if e.run_id != mine
                or (e.thread_id is not None and e.thread_id != self.conversation)]


class Crowd:
    """A person and their colleagues, all using the platform at the same moment."""

    def __init__(self, cast: Cast, lead: str, settings: Settings, size: int | None = None) -> None:
        size = settings.people if size is None else size
        if size < 2:
            raise SuiteError(f"a crowd needs at least two people; E2E_PEOPLE is {size}")
        self.policy = settings.policy       # every deadline of the crowd's waits
        names = [lead] + [n for n in _colleague_names(size) if n != lead][:size - 1]
        self.members = [Member(cast[name]) for name in names]
        self.evidence = cast.evidence
        self.evidence.note(f"the crowd: {size} people ({self.names})")

    @property
    def names(self) -> str:
        return ", ".join(m.name for m in self.members)

    def whose(self, conversation: str | None) -> str:
        """'Ben's conversation thread_9', or what it is when no one in the crowd has it."""
        owner = next((m.name for m in self.members if conversation and m.conversation == conversation),
                     None)
        if owner is not None:
            return f"{owner}'s conversation {conversation}"
        return (f"conversation {conversation}, which is no one's in the crowd" if conversation
                else "no conversation (no thread_id)")

    # -- getting ready ---------------------------------------------------------
    def start_conversations(self, open_chat: bool) -> None:
        """Everyone logged in with a conversation of their own (and their chat open)."""
        def ready(member: Member) -> Callable[[], None]:
            def job() -> None:
                member.person.ensure_account()
                member.person.log_in()
                member.conversation = start_conversation(member.person)
                if open_chat:
                    member.person.chat()
            return job
        self._all(ready, "get ready (log in, start a conversation, open the chat)")

    # -- asking ------------------------------------------------------------------
    def ask_together(self) -> None:
        """Everyone asks a different question in the same instant, then listens for stragglers."""
        for index, member in enumerate(self.members):
            member.question = cost_question(index)

        def ask(member: Member) -> Callable[[], Turn]:
            def job() -> Turn:
                member.turn = member.person.ask(member.question, member.conversation)
                return member.turn
            return job
        self._all(ask, "ask their question and hear the run end",
                  within_s=self.policy.turn_s + GRACE_AFTER_END_S)
        sent = [m.turn.sent_at for m in self.members]
        self.evidence.note(f"the {len(sent)} questions were sent within "
                           f"{(max(sent) - min(sent)) * 1000:.1f} ms of each other")

        def listen(member: Member) -> Callable[[], None]:
            return lambda: member.afterwards.extend(listen_quietly(member.person, QUIET_AFTER_S))
        self._all(listen, "be listened to after the answers", within_s=QUIET_AFTER_S + self.policy.wait_s)

    # -- looking at each other's conversations -----------------------------------
    def try_to_open_next(self) -> dict[str, list[Reply]]:
        """Each person, at the same moment, tries to open the next person's conversation."""
        attempts: dict[str, list[Reply]] = {}

        def peek(index: int) -> Callable[[], None]:
            member, other = self.members[index], self.next_after(index)
            def job() -> None:
                token = member.person.token
                attempts[member.name] = [member.person.api.thread(token, other.conversation),
                                         member.person.api.messages(token, other.conversation)]
            return job
        outcomes = together([(m.name, peek(i)) for i, m in enumerate(self.members)],
                            self.policy.wait_s * 2, self.policy.wait_s)
        reraise_first(outcomes, "try to open a colleague's conversation", self.policy.wait_s * 2)
        return attempts

    def lists(self) -> dict[str, list[dict]]:
        lists: dict[str, list[dict]] = {}

        def look(member: Member) -> Callable[[], None]:
            return lambda: lists.__setitem__(member.name, member.person.conversations())
        self._all(look, "list their conversations", within_s=self.policy.wait_s * 2)
        return lists

    def next_after(self, index: int) -> Member:
        return self.members[(index + 1) % len(self.members)]

    def _all(self, job_for: Callable[[Member], Callable[[], object]], what: str,
             within_s: float | None = None) -> None:
        within = self.policy.turn_s if within_s is None else within_s
        outcomes = together([(m.name, job_for(m)) for m in self.members], within, self.policy.wait_s)
        reraise_first(outcomes, what, within)


def start_conversation(person: Person) -> str:
    """A new, empty conversation of this person's, by the fastest route (the API)."""
    reply = person.api.create_thread(person.token, f"{person.name}'s cost questions")
    if not reply.ok:
        raise ApiError(f"{person.name} could not start a conversation: {reply.describe()}",
                       status=reply.status, evidence=pointer(HTTP))
    check_body("backend.thread", reply.body)
    return str(reply.body["id"])


def listen_quietly(person: Person, quiet_s: float) -> list[Event]:
    """The run events that arrive on this person's open chat in the next ``quiet_s``."""
    stream = person.chat()
    deadline = time.monotonic() + quiet_s
    heard: list[Event] = []
    while True:
        try:
            event = stream.next_event(deadline, "anything more after everyone's answer")
        except StreamTimeout:
            return heard
        if is_run_event(event):
            heard.append(event)


def _colleague_names(size: int) -> list[str]:
    names, round_ = [], 1
    while len(names) < size:
        suffix = "" if round_ == 1 else str(round_)
        names += [f"{name}{suffix}" for name in COLLEAGUES]
        round_ += 1
    return names


def _detail(outcome: Outcome, within_s: float) -> str:
    if outcome.error is None:
        return f"still not done {within_s:.1f} s after everyone started (the deadline)"
    error = outcome.error
    return getattr(error, "detail", None) or f"{type(error).__name__}: {error}"
