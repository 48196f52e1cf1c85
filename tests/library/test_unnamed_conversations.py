"""Run events that name only the run (``run-events-without-thread``): the journeys still find
the run's conversation, and never count "no conversation" as someone else's."""

from types import SimpleNamespace

from journeys.capabilities.crowd import Member
from journeys.capabilities.expect_history import conversation_of
from journeys.config.dialect import NAMES, STRICT, Dialect
from journeys.events import normalise
from journeys.wire.turns import Turn

NETRA = Dialect(frozenset(NAMES))
QUESTION = "How much would 2 million GPT-4o tokens a month cost?"


def event(kind: str, **fields):
    return normalise({"type": kind, **fields}, 0.0)


def beta17_run(run_id: str, thread_id: str) -> list:
    """agent_started and the tool events name only the run; agent_completed names both."""
    return [event("agent_started", run_id=run_id), event("tool_executing", run_id=run_id, tool_name="t"),
            event("agent_completed", run_id=run_id, thread_id=thread_id, final_response="ok")]


def test_a_crowd_member_s_own_run_naming_no_conversation_is_not_someone_else_s():
    member = Member(SimpleNamespace(name="Ana"), conversation="thread_ana")
    member.turn = Turn("Ana", QUESTION, 0.0, events=beta17_run("run_ana", "thread_ana"))
    assert member.foreign() == []


def test_a_colleague_s_run_is_foreign_whether_or_not_it_names_a_conversation():
    member = Member(SimpleNamespace(name="Ana"), conversation="thread_ana")
    member.turn = Turn("Ana", QUESTION, 0.0, events=beta17_run("run_ana", "thread_ana"))
    member.afterwards = beta17_run("run_ben", "thread_ben")
    assert [e.kind for e in member.foreign()] == ["agent_started", "tool_executing", "agent_completed"]
    member.afterwards = [event("agent_thinking", run_id="run_ana", thread_id="thread_ben")]
    assert len(member.foreign()) == 1           # our run, but in another conversation


class Person:
    """Just what ``conversation_of`` reads: the dialect and the person's conversations."""

    def __init__(self, dialect: Dialect, histories: dict[str, list[tuple[str, str]]]) -> None:
        self.policy = SimpleNamespace(dialect=dialect)
        self.histories = histories
        self.listed = 0

    def conversations(self) -> list[dict]:
        self.listed += 1
        return [{"id": thread_id} for thread_id in self.histories]

    def history(self, thread_id: str, limit=None, offset=0) -> dict:
        held = [{"role": r, "content": c} for r, c in self.histories[thread_id]][offset:]
        return {"messages": held, "total": len(self.histories[thread_id])}


def test_the_conversation_comes_from_whichever_event_names_it():
    person = Person(NETRA, {"thread_other": [("user", QUESTION)]})
    started = Turn("Kai", QUESTION, 0.0, events=[event("agent_started", run_id="run_1")])
    stopped = event("agent_stopped", run_id="run_1", thread_id="thread_1")
    assert conversation_of(person, started, None, stopped) == "thread_1" and person.listed == 0
    named = Turn("Kai", QUESTION, 0.0, events=beta17_run("run_1", "thread_2"))
    assert conversation_of(person, named) == "thread_2"


def test_under_the_declaration_an_unnamed_conversation_is_the_one_holding_the_question():
    person = Person(NETRA, {"thread_new": [("user", "Something else?")], "thread_kai": [("user", QUESTION)]})
    started = Turn("Kai", QUESTION, 0.0, events=[event("agent_started", run_id="run_1")])
    assert conversation_of(person, started) == "thread_kai"
    assert conversation_of(Person(NETRA, {"thread_new": []}), started) is None


def test_a_strict_target_gets_no_search():
    person = Person(STRICT, {"thread_kai": [("user", QUESTION)]})
    started = Turn("Kai", QUESTION, 0.0, events=[event("agent_started", run_id="run_1")])
    assert conversation_of(person, started) is None and person.listed == 0
