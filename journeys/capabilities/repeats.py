"""Quality as a rate: the same question asked several times, judged as "at least 9 of 10".

A model's answers vary: one attempt proves little and a retry hides a failure rate. So a rate
journey asks the same thing in several conversations of its own (``ask_repeatedly``), judges
each attempt with the single-answer journeys' own checks (``attempt_judges.py``) and holds the count to
the threshold the feature wrote (``expect_rate``). It fails only when the rate is below it, and
then names each failed attempt, its category and its transcript.

Attempts are not retries: each is asked once, recorded in its own transcript ("Sam, attempt 3"),
and all of them count. They run at the same time (at most ``MAX_AT_ONCE`` chats), paced so that
no more questions start in a window than the target's declared rate limit allows. Attempt N
asks in the N-th oldest of the conversations it started (as the person's list orders them), so
each attempt has a fixed ordinal: the reference platform's ``--vary`` draws an answer by it,
whatever order the questions arrive in.
"""

from __future__ import annotations

import collections
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from ..errors import AnswerNotMeaningful, ApiError, SuiteError
from ..evidence import HTTP, pointer, transcript
from ..records import RateRecord
from ..plurals import counted
from ..rules.rates import Rate, Threshold
from ..wire.turns import Turn
from .crowd import start_conversation
from .people import Person

MAX_AT_ONCE = 10          # chats open at the same time for one person's attempts
PACE_MARGIN_S = 0.1       # a little past the rate limit's window, so no question is refused at its edge
SHOWN_FAILED = 10         # failed attempts told in full in a failure message; the rest counted


@dataclass
class Attempt:
    """One attempt: its own conversation and chat, its turns, and the verdict on them."""

    number: int                        # 1-based, the order its conversation was started in
    who: str                           # "Sam, attempt 3": the name of its transcript
    conversation: str | None = None
    turns: list[Turn] = field(default_factory=list)
    error: SuiteError | None = None    # what stopped it before every question was answered
    category: str | None = None        # None: it passed; else "no figure", "timeout", ...
    detail: str = ""

    @property
    def transcript(self) -> str:
        return transcript(self.who)


@dataclass
class Repeats:
    """Everything one person asked again and again, and how long it all took."""

    person: Person
    questions: tuple[str, ...]
    attempts: list[Attempt]
    elapsed_s: float = 0.0


class _Pace:
    """At most ``limit`` questions start in any ``window_s``; no limit when ``limit`` is 0."""

    def __init__(self, limit: int, window_s: float) -> None:
        self.limit, self.window_s = limit, window_s + PACE_MARGIN_S
        self._started: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def wait_turn(self) -> None:
        if self.limit <= 0:
            return
        while True:
            with self._lock:
                now = time.monotonic()
                while self._started and now - self._started[0] >= self.window_s:
                    self._started.popleft()
                if len(self._started) < self.limit:
                    self._started.append(now)
                    return
                free_at = self._started[0] + self.window_s
            time.sleep(max(0.0, free_at - time.monotonic()))   # bounded: one window at most


def ask_repeatedly(person: Person, questions: list[str], count: int) -> Repeats:
    """``questions`` asked in order, in each of ``count`` new conversations, several at once."""
    if count < 1 or not questions:
        raise SuiteError(f"a rate needs at least one attempt with a question; got {count} "
                         f"attempts of {len(questions)} questions")
    if person.session is None:               # signed in once, before the attempts share the pass
        person.log_in()
    attempts = [Attempt(n, f"{person.name}, attempt {n}") for n in range(1, count + 1)]
    pace = _Pace(person.settings.rate_limit, person.settings.rate_window_s)
    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=min(count, MAX_AT_ONCE), thread_name_prefix="attempt") as pool:
        for attempt, conversation in zip(attempts, _conversations(person, count, pool)):
            attempt.conversation = conversation
        list(pool.map(lambda a: _run(person, a, questions, pace), attempts))
    repeats = Repeats(person, tuple(questions), attempts, time.monotonic() - started)
    person.evidence.note(f"{person.name} asked {_asked(repeats)} in {count} conversations of their "
                         f"own, at most {min(count, MAX_AT_ONCE)} at once, in {repeats.elapsed_s:.2f} s")
    return repeats


def _conversations(person: Person, count: int, pool: ThreadPoolExecutor) -> list[str]:
    """``count`` new conversations, started at once, oldest first as the person's list has them:
    attempt N asks in the N-th, so its ordinal is fixed whatever order the questions arrive in."""
    started = set(pool.map(lambda _: start_conversation(person), range(count)))
    listed = [str(t.get("id")) for t in reversed(person.conversations()) if str(t.get("id")) in started]
    if len(listed) != count:
        raise ApiError(f"{person.name} started {count} conversations, but their list holds "
                       f"{len(listed)} of them", evidence=pointer(HTTP))
    return listed


def _run(person: Person, attempt: Attempt, questions: list[str], pace: _Pace) -> None:
    """One attempt, start to end; its failure is kept on it, never raised (every attempt counts)."""
    stream = None
    try:
        stream = person.open_chat(channel=attempt.who[len(person.name):])
        for question in questions:
            pace.wait_turn()
            attempt.turns.append(stream.ask(question, attempt.conversation))
    except SuiteError as error:
        attempt.error = error
    finally:
        if stream is not None:
            stream.close()


Judge = Callable[[Attempt], None]
"""Raises the single-answer journey's own error when the attempt's answer falls short."""


def expect_rate(repeats: Repeats, at_least: str, what: str, judge: Judge,
                categorise: Callable[[BaseException], str]) -> Rate:
    """Each attempt judged; the rate recorded for the report; a failure only below ``at_least``.

    ``at_least`` is the feature's words after "at least": "9" (of the attempts) or "90%".
    """
    for attempt in repeats.attempts:
        try:
            if attempt.error is not None:
                raise attempt.error
            judge(attempt)
        except SuiteError as error:
            attempt.category, attempt.detail = categorise(error), getattr(error, "detail", str(error))
    count = len(repeats.attempts)
    rate = Rate(sum(a.category is None for a in repeats.attempts), count, threshold_of(at_least, count))
    repeats.person.evidence.rated(RateRecord(what, rate.describe(), rate.sentence(),
                                             tuple(_line(a) for a in repeats.attempts)))
    if not rate.met:
        raise AnswerNotMeaningful(_below(repeats, rate, what), cause="an answer rate is below its threshold",
                                  evidence="the attachment 'rate: " + what + "' and each attempt's chat transcript")
    return rate


def threshold_of(at_least: str, attempts: int) -> Threshold:
    """ "9" -> at least 9 of the attempts; "90%" or "90 %" -> at least 90 %."""
    text = at_least.strip()
    if text.endswith("%"):
        return Threshold.share(text[:-1].strip())
    try:
        return Threshold.at_least(int(text), attempts)
    except ValueError as error:
        raise SuiteError(f"the feature asks for at least {text} of {attempts} attempts: {error}") from None


def _below(repeats: Repeats, rate: Rate, what: str) -> str:
    failed = [a for a in repeats.attempts if a.category is not None]
    told = [f"attempt {a.number} ({a.category}): {a.detail[:200]}" for a in failed[:SHOWN_FAILED]]
    if len(failed) > SHOWN_FAILED:
        told.append(f"and {len(failed) - SHOWN_FAILED} more")
    low, high = rate.interval()
    return (f"{repeats.person.name} asked {_asked(repeats)} {rate.attempts} times: rate {rate.counts()} "
            f"is below {rate.threshold.words} for {what} ({rate.share:.0%}; 95 % confidence "
            f"{low:.0%} to {high:.0%}). Failed attempts:\n    "
            + "\n    ".join(told))


def _line(attempt: Attempt) -> str:
    verdict = "passed" if attempt.category is None else f"failed ({attempt.category})"
    answer = attempt.turns[-1].answer if attempt.turns and attempt.turns[-1].answer else ""
    return f"attempt {attempt.number}: {verdict}; {attempt.transcript}; answer {answer[:160]!r}"


def _asked(repeats: Repeats) -> str:
    if len(repeats.questions) == 1:
        return repr(repeats.questions[0])
    return counted(len(repeats.questions), "question") + " (" + ", then ".join(map(repr, repeats.questions)) + ")"
