import pytest

from journeys.events import Event, normalise
from journeys.rules.run_rules import check_run, group_by_run, has_golden_path_kinds, kinds_seen

FIELDS = {
    "agent_started": {"agent_name": "cost_optimiser"},
    "agent_thinking": {"reasoning": "looking up prices"},
    "tool_executing": {"tool_name": "search", "execution_id": "e1", "parameters": {"q": "gpt"}},
    "tool_completed": {"tool_name": "search", "execution_id": "e1", "results": {"cost": 5},
                       "duration_ms": 12},
    "agent_completed": {"final_response": "It costs $5.", "status": "completed"},
    "agent_error": {"error_message": "The pricing service is unavailable."},
}


def ev(kind, at=0.0, run_id="r1", thread_id="t1", **fields):
    body = {**FIELDS.get(kind, {}), **fields}
    if run_id is not None:
        body["run_id"] = run_id
    if thread_id is not None:
        body["thread_id"] = thread_id
    return Event(kind, {k: v for k, v in body.items() if v is not ...}, "flat", {"type": kind}, at)


def golden():
    return [ev("agent_started"), ev("agent_thinking"), ev("tool_executing"),
            ev("tool_completed"), ev("agent_completed")]


def test_golden_path_is_valid():
    assert check_run(golden()) == []


def test_error_ending_without_tools_is_valid():
    assert check_run([ev("agent_started"), ev("agent_thinking"), ev("agent_error")]) == []


def test_thinking_may_interleave_with_tools():
    events = [ev("agent_started"), ev("tool_executing"), ev("agent_thinking"),
              ev("tool_executing", execution_id="e2"), ev("tool_completed"),
              ev("tool_completed", execution_id="e2"), ev("agent_completed")]
    assert check_run(events) == []


def test_all_three_shapes_in_one_run_are_valid():
    frames = [
        {"type": "agent_started", "run_id": "r1", "thread_id": "t1", "agent_name": "a"},
        {"type": "agent_thinking", "data": {"run_id": "r1", "thread_id": "t1", "reasoning": "r"}},
        {"type": "agent_progress", "data": {"event": "tool_executing", "run_id": "r1",
                                            "thread_id": "t1", "tool_name": "s",
                                            "execution_id": "e", "parameters": {}}},
        {"type": "tool_completed", "run_id": "r1", "thread_id": "t1",
         "payload": {"tool_name": "s", "execution_id": "e", "results": [], "duration_ms": 3}},
        {"type": "agent_response_complete", "data": {"event": "agent_completed", "run_id": "r1",
                                                     "thread_id": "t1", "final_response": "x",
                                                     "status": "completed"}},
    ]
    assert check_run([normalise(f, at=i) for i, f in enumerate(frames)]) == []


def test_empty_run():
    assert check_run([]) == ["the run has no events; expected agent_started first"]


# --- one test per rule, each proving the rule can fail ---------------------------------

def test_missing_agent_started():
    problems = check_run(golden()[1:])
    assert any("no agent_started" in p for p in problems)


def test_agent_started_not_first():
    events = golden()
    events[0], events[1] = events[1], events[0]
    problems = check_run(events)
    assert "event #1 agent_thinking came before agent_started (#2); expected agent_started first" \
        in problems


def test_second_agent_started():
    events = golden()
    events.insert(2, ev("agent_started"))
    assert "event #3 agent_started is a second agent_started (first at #1); expected exactly one" \
        in check_run(events)


def test_no_thinking_between_start_and_end():
    events = [ev("agent_started"), ev("tool_executing"), ev("tool_completed"),
              ev("agent_completed")]
    assert check_run(events) == [
        "no agent_thinking between agent_started (#1) and agent_completed (#4); "
        "expected at least one"]


def test_thinking_after_the_end_does_not_count():
    events = [ev("agent_started"), ev("agent_completed"), ev("agent_thinking")]
    problems = check_run(events)
    assert any(p.startswith("no agent_thinking between") for p in problems)
    assert any("event #3 agent_thinking came after the terminal agent_completed at #2" in p
               for p in problems)


def test_tool_completed_without_executing():
    events = golden()
    events[3] = ev("tool_completed", tool_name="search", execution_id="exec-9")
    problems = check_run(events)
    assert ("event #4 tool_completed(search, exec-9) has no earlier tool_executing with that "
            "tool and id") in problems


def test_tool_completed_before_its_executing():
    events = [ev("agent_started"), ev("agent_thinking"), ev("tool_completed"),
              ev("tool_executing"), ev("agent_completed")]
    problems = check_run(events)
    assert any("#3 tool_completed(search, e1) has no earlier tool_executing" in p for p in problems)
    assert any("#4 tool_executing(search, e1) never got its tool_completed" in p for p in problems)


def test_tool_completed_with_other_tool_name_does_not_match():
    events = golden()
    events[3] = ev("tool_completed", tool_name="calculator")
    problems = check_run(events)
    assert any("tool_completed(calculator, e1) has no earlier" in p for p in problems)
    assert any("tool_executing(search, e1) never got" in p for p in problems)


def test_tool_executing_never_completed():
    events = golden()
    del events[3]
    assert check_run(events) == [
        "event #3 tool_executing(search, e1) never got its tool_completed (same tool and id); "
        "expected exactly one later"]


def test_tool_completed_twice():
    events = golden()
    events.insert(4, ev("tool_completed"))
    assert check_run(events) == [
        "event #5 tool_completed(search, e1) is a second tool_completed for the tool_executing "
        "at #3; expected exactly one"]


def test_no_terminal_event():
    problems = check_run(golden()[:-1])
    assert problems == ["the run has no agent_completed or agent_error; expected exactly one, "
                        "last (last event was event #4 tool_completed(search, e1))"]


def test_two_terminal_events():
    events = golden() + [ev("agent_error")]
    assert check_run(events) == [
        "event #6 agent_error is a second terminal event (first: #5 agent_completed); "
        "expected exactly one"]


def test_event_after_terminal():
    events = golden() + [ev("agent_thinking")]
    assert check_run(events) == [
        "event #6 agent_thinking came after the terminal agent_completed at #5; "
        "nothing may follow it"]


def test_unknown_kind_after_terminal_is_reported():
    events = golden() + [ev("agent_update")]
    assert any("#6 agent_update came after" in p for p in check_run(events))


def test_unknown_kind_inside_the_run_is_allowed():
    events = golden()
    events.insert(2, ev("agent_update"))
    assert check_run(events) == []


def test_missing_run_id():
    events = golden()
    events[1] = ev("agent_thinking", run_id=None)
    assert check_run(events) == ["event #2 agent_thinking carries no run_id"]


def test_missing_thread_id():
    events = golden()
    events[4] = ev("agent_completed", thread_id=None)
    assert check_run(events) == ["event #5 agent_completed carries no thread_id"]


def test_inconsistent_run_id():
    events = golden()
    events[2] = ev("tool_executing", run_id="r2")
    assert check_run(events) == [
        "event #3 tool_executing(search, e1) has run_id 'r2' but the run's is 'r1' (from #1)"]


def test_inconsistent_thread_id():
    events = golden()
    events[1] = ev("agent_thinking", thread_id="t9")
    assert check_run(events) == [
        "event #2 agent_thinking has thread_id 't9' but the run's is 't1' (from #1)"]


def test_integer_and_string_ids_are_the_same_id():
    events = golden()
    for e in events:
        e.fields["run_id"] = 7
    events[0].fields["run_id"] = "7"
    assert check_run(events) == []


@pytest.mark.parametrize("kind, field", [
    ("agent_started", "agent_name"),
    ("agent_thinking", "reasoning"),
    ("tool_executing", "tool_name"),
    ("tool_executing", "execution_id"),
    ("tool_executing", "parameters"),
    ("tool_completed", "results"),
    ("tool_completed", "duration_ms"),
    ("agent_completed", "final_response"),
    ("agent_completed", "status"),
    ("agent_error", "error_message"),
])
def test_required_field_missing(kind, field):
    events = golden()
    if kind == "agent_error":
        events[-1] = ev("agent_error")
    index = next(i for i, e in enumerate(events) if e.kind == kind)
    del events[index].fields[field]
    problems = check_run(events)
    assert f"event #{index + 1} {events[index].describe()} is missing {field}" in problems


def test_completed_status_must_be_completed():
    events = golden()
    events[-1] = ev("agent_completed", status="failed")
    assert check_run(events) == ["event #5 agent_completed has status 'failed'; expected 'completed'"]


def test_agent_error_with_stack_trace():
    trace = ('Traceback (most recent call last):\n  File "/app/agent.py", line 12, in run\n'
             'KeyError: price')
    events = golden()
    events[-1] = ev("agent_error", error_message=trace)
    problems = check_run(events)
    assert len(problems) == 1 and "shows a stack trace" in problems[0]


def test_agent_error_mentioning_a_file_is_not_a_stack_trace():
    events = golden()
    events[-1] = ev("agent_error", error_message='File "usage.csv" is too large to analyse.')
    assert check_run(events) == []


def test_all_violations_are_reported_together():
    events = [ev("tool_completed"), ev("agent_completed", status="oops")]
    problems = check_run(events)
    assert len(problems) >= 4


def test_group_by_run_splits_interleaved_runs_and_skips_connection_frames():
    events = [ev("agent_started", run_id="a"), ev("heartbeat", run_id=None, thread_id=None),
              ev("agent_started", run_id="b"), ev("agent_thinking", run_id="a"),
              ev("pong", run_id=None, thread_id=None), ev("agent_completed", run_id="b"),
              ev("system_message", run_id=None, thread_id=None)]
    runs = group_by_run(events)
    assert list(runs) == ["a", "b"]
    assert [e.kind for e in runs["a"]] == ["agent_started", "agent_thinking"]
    assert [e.kind for e in runs["b"]] == ["agent_started", "agent_completed"]


def test_group_by_run_keeps_run_events_without_run_id_under_none():
    runs = group_by_run([ev("agent_started"), ev("agent_thinking", run_id=None)])
    assert [e.kind for e in runs[None]] == ["agent_thinking"]


def test_group_by_run_leaves_out_error_message_even_with_a_run_id():
    assert group_by_run([ev("error_message", run_id="r1")]) == {}


def test_kinds_seen_and_golden_path_kinds():
    assert kinds_seen(golden()) == {"agent_started", "agent_thinking", "tool_executing",
                                    "tool_completed", "agent_completed"}
    assert has_golden_path_kinds(golden()) == []
    no_tools = [ev("agent_started"), ev("agent_thinking"), ev("agent_completed")]
    assert has_golden_path_kinds(no_tools) == ["tool_executing", "tool_completed"]
    assert has_golden_path_kinds([]) == ["agent_started", "agent_thinking", "tool_executing",
                                         "tool_completed", "agent_completed"]
