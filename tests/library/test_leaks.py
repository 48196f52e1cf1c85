"""The leak detector finds each of CONTRACT section 8's forms, and only those."""

import json

import pytest

from journeys.rules.leaks import leak_keys_in, leaks_in, leaks_in_text
from journeys.capabilities.recovery import internals_in
from journeys.rules.run_rules import check_run
from journeys.events import Event

TRACEBACK = "a Python traceback"
SOURCE_LINE = 'a source line (File "x.py", line N)'
FRAME = "a stack frame (x.py:123 in name)"


@pytest.mark.parametrize("text, found", [
    ("Traceback (most recent call last):\n  oops", [TRACEBACK]),
    ('  File "/srv/app/agents/cost.py", line 42, in run', [SOURCE_LINE]),
    ("cost_agent.py:123 in handle_message", [FRAME]),
    ("netra_backend/app/routes/ws.py:88 in <module>", [FRAME]),
    ("C:\\app\\runs.py:7 in start", [FRAME]),
    ('Traceback (most recent call last):\n  File "a.py", line 1, in <module>\nbodies.py:9 in f',
     [TRACEBACK, SOURCE_LINE, FRAME]),
], ids=["traceback", "file-line", "compact-frame", "module-frame", "windows-path", "all-three"])
def test_each_text_form_is_found_and_named(text, found):
    assert leaks_in_text(text) == found


@pytest.mark.parametrize("text", [
    "The assistant could not finish this answer. Please try again.",
    "We use Python 3.12 and FastAPI.",
    "see settings.py for the details",               # a file, no line
    "line 42 of the price list",                       # a line, no file
    'File "report.pdf", line 3',                       # not a Python source file
    "runs.py:12",                                      # no function: not a frame
], ids=["plain", "mentions-python", "file-only", "line-only", "not-python", "no-function"])
def test_ordinary_words_are_not_leaks(text):
    assert leaks_in_text(text) == []


@pytest.mark.parametrize("body, paths", [
    ({"detail": "bad", "stack_trace": "..."}, ["stack_trace"]),
    ({"error": {"debug": {"source_file": "x.py"}}}, ["error.debug.source_file"]),
    ({"errors": [{"ok": 1}, {"local_variables": {"password": "***"}}]}, ["errors[1].local_variables"]),
    ([{"Stack_Trace": []}], ["[0].Stack_Trace"]),
], ids=["top", "nested", "in-a-list", "any-case"])
def test_leaking_keys_are_found_at_any_depth(body, paths):
    assert leak_keys_in(body) == paths
    assert leaks_in(json.dumps(body)) == [f"a {p.rsplit('.', 1)[-1].split('[')[0]} key ({p})"
                                          for p in paths]


@pytest.mark.parametrize("body", [
    {"detail": "The stack trace was not kept.", "error_code": "invalid_json"},
    {"source": "file", "trace_id": "abc", "variables": ["x"]},
    {"message": "stack_trace"},                        # the word as a value, not a key
], ids=["words", "near-names", "value-not-key"])
def test_bodies_without_leaking_keys_are_clean(body):
    assert leak_keys_in(body) == [] and leaks_in(json.dumps(body)) == []


def test_a_failed_run_and_an_error_message_are_checked_for_every_form():
    message = "The answer failed (cost_agent.py:12 in run)"
    assert "a stack frame" in internals_in(message)
    assert internals_in('{"detail": "no", "debug": {"stack_trace": []}}')[-1].startswith("a stack_trace key")
    started = {"run_id": "r", "thread_id": "t", "agent_name": "a"}
    failed = {"run_id": "r", "thread_id": "t", "error_message": message}
    events = [Event("agent_started", started, "flat", started, 0.0),
              Event("agent_error", failed, "flat", failed, 0.1)]
    problems = check_run(events)
    assert any("shows the user a stack frame (x.py:123 in name)" in p for p in problems), problems
