"""What each person of a crowd should observe, checked for everyone before failing.

A crowd fails for one person or for all of them, and the difference matters
(one unlucky turn, or a platform that mixes people up), so every check here
looks at everyone first and then raises once, naming each person affected,
with the first problem's kind of error (CONTRACT section 5, "Isolation").
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from .crowd import Crowd, Member
from .crowd_errors import crowd_error
from ..errors import ApiError, PlatformError, ProtocolViolation, SecurityBreach, SuiteError
from ..events import Event
from ..evidence import HTTP, pointer
from .expectations import expect_meaningful_answer, expect_refused
from ..wire.http import Reply
from ..plurals import counted

SHOWN_PEOPLE = 4      # problems told in full; the rest are named
SHOWN_RUNS = 2        # foreign runs described per person

_TRANSCRIPTS = "each person's chat transcript on the step where they asked"
_HTTP = pointer(HTTP)


def expect_no_crossed_events(crowd: Crowd) -> None:
    """No one's connection carried a run they did not start, or one outside their conversation."""
    _everyone_asked(crowd)
    problems = []
    for member in crowd.members:
        foreign = member.foreign()
        if foreign:
            problems.append(ProtocolViolation(
                f"{member.name} received {counted(len(foreign), 'event')} of answers they did not ask for "
                f"(their own conversation is {member.conversation}): {_describe(crowd, foreign)}",
                evidence=_TRANSCRIPTS))
    _raise_for_all(problems, crowd, "saw another person's events; a person's events must go only "
                   "to that person's chats")


def expect_each_answered_in_own_conversation(crowd: Crowd) -> None:
    """A complete, valid run with a meaningful answer, in the person's own conversation."""
    _everyone_asked(crowd)
    problems = []
    for member in crowd.members:
        problem = _first_problem(lambda m=member: _answered_at_home(crowd, m))
        if problem is not None:
            problems.append(problem)
    _raise_for_all(problems, crowd, "did not get their own answer")


def expect_each_refused(crowd: Crowd, attempts: dict[str, list[Reply]]) -> None:
    """Opening another person's conversation, or its messages, is refused as not found."""
    problems = []
    for index, member in enumerate(crowd.members):
        other = crowd.next_after(index)
        replies = attempts.get(member.name)
        if not replies:
            raise SuiteError(f"{member.name} has no attempt to open {other.name}'s conversation "
                             f"on record; the step that tries must run first")
        for reply, what in zip(replies, ("open", "read the messages of")):
            problem = _first_problem(lambda r=reply, w=what: expect_refused(
                r, member.name, f"{w} {other.name}'s conversation {other.conversation}", (404,),
                "it is another person's conversation, which must look like it does not exist"))
            if problem is not None:
                problems.append(problem)
                break
    _raise_for_all(problems, crowd, _not_refused_as_not_found(problems))


def _not_refused_as_not_found(problems: list[PlatformError]) -> str:
    """The crowd's headline: "could look into" only when someone's attempt was accepted; a
    refusal with another status (beta-17: 401 for a valid pass) is a wrong answer, not a leak."""
    if any(isinstance(problem, SecurityBreach) for problem in problems):
        return "could look into another person's conversation"
    return ("were refused another person's conversation, but not as if it did not exist (404)")


def expect_lists_private(crowd: Crowd, lists: dict[str, list[dict]]) -> None:
    """Each list holds the person's own conversation and no one else's."""
    problems: list[PlatformError] = []
    for member in crowd.members:
        ids = {str(thread.get("id")) for thread in lists.get(member.name, [])}
        others = [m for m in crowd.members if m is not member and m.conversation in ids]
        if others:
            problems.append(SecurityBreach(
                f"{member.name}'s list of conversations shows "
                + ", ".join(f"{m.name}'s conversation {m.conversation}" for m in others),
                evidence=_HTTP))
        elif member.conversation not in ids:
            problems.append(ApiError(
                f"{member.name}'s own conversation {member.conversation} is missing from their "
                f"list of {counted(len(ids), 'conversation')}", evidence=_HTTP))
    _raise_for_all(problems, crowd, "had a list of conversations that is not theirs alone")


# -- internals -------------------------------------------------------------------
def _answered_at_home(crowd: Crowd, member: Member) -> None:
    turn = member.turn
    if turn.refusal is None and turn.thread_id != member.conversation:
        raise ProtocolViolation(
            f"{member.name} asked in their conversation {member.conversation}, but the run they "
            f"were sent ran in {crowd.whose(turn.thread_id)}",
            evidence=_TRANSCRIPTS)
    expect_meaningful_answer(turn)


def _everyone_asked(crowd: Crowd) -> None:
    silent = [m.name for m in crowd.members if m.turn is None]
    if silent:
        raise SuiteError(f"{', '.join(silent)} never asked; the step where everyone asks must run "
                         f"first")


def _first_problem(check: Callable[[], None]) -> PlatformError | None:
    try:
        check()
    except PlatformError as problem:
        return problem
    return None


def _raise_for_all(problems: Iterable[PlatformError], crowd: Crowd, what: str) -> None:
    """Everyone's problem at once, each person's kind kept (``journeys.capabilities.crowd_errors``)."""
    problems = list(problems)
    if not problems:
        return
    hidden = ""
    if len(problems) > SHOWN_PEOPLE:
        hidden = f"and {counted(len(problems) - SHOWN_PEOPLE, 'more person', 'more people')} the same way"
    raise crowd_error(f"{len(problems)} of {counted(len(crowd.members), 'person', 'people')} {what}",
                      [("", p) for p in problems[:SHOWN_PEOPLE]], problems[0].evidence, hidden)


def _describe(crowd: Crowd, events: list[Event]) -> str:
    """Run by run: whose conversation it was in and which events came."""
    runs: dict[tuple, list[str]] = {}
    for event in events:
        runs.setdefault((event.run_id, _thread_of_run(events, event)), []).append(event.kind)
    told = [f"answer {run} in {crowd.whose(thread)} ({', '.join(kinds)})"
            for (run, thread), kinds in list(runs.items())[:SHOWN_RUNS]]
    if len(runs) > SHOWN_RUNS:
        told.append(f"and {counted(len(runs) - SHOWN_RUNS, 'more answer')}")
    return "; ".join(told)


def _thread_of_run(events: list[Event], event: Event) -> str | None:
    """The conversation ``event`` names, else the one another event of its run names."""
    if event.thread_id is not None or event.run_id is None:
        return event.thread_id
    return next((e.thread_id for e in events if e.run_id == event.run_id and e.thread_id), None)
