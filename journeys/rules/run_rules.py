"""The order rules of one run (CONTRACT.md section 5, "One turn").

``check_run`` returns every violation it finds, not just the first, because a
report that lists "no agent_thinking" *and* "tool_executing never completed"
points at the platform's defect far faster than one at a time. Events are
numbered from 1 in arrival order, as a reader counts them in the transcript.

Kinds outside the contract's run events (a platform may add its own) are not
checked and belong to no run (CONTRACT.md section 8, "other frames").
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from .leaks import leaks_in, shows_stack_trace
from ..events import RUN_EVENT_KINDS, TERMINAL_KINDS, Event, shorten

GOLDEN_PATH_KINDS = ("agent_started", "agent_thinking", "tool_executing", "tool_completed",
                     "agent_completed")

REQUIRED_FIELDS = {
    "agent_started": ("agent_name",),
    "agent_thinking": ("reasoning",),
    "tool_executing": ("tool_name", "execution_id", "parameters"),
    "tool_completed": ("tool_name", "execution_id", "results", "duration_ms"),
    "agent_completed": ("final_response", "status"),
    "agent_error": ("error_message",),
}



def check_run(events: list[Event], thread_optional: bool = False) -> list[str]:
    """Violations of the order rules by the events of ONE run; empty means valid.

    ``thread_optional``: the target accepts run events without thread_id (journeys.config.dialect).
    """
    if not events:
        return ["the run has no events; expected agent_started first"]
    problems: list[str] = []
    problems += _start_rule(events)
    problems += _terminal_rule(events)
    problems += _thinking_rule(events)
    problems += _tool_rule(events)
    problems += _identity_rule(events, ("run_id",) if thread_optional else ("run_id", "thread_id"))
    problems += _field_rule(events)
    return problems


def group_by_run(events: Iterable[Event]) -> dict[str | None, list[Event]]:
    """Split interleaved events by run_id, keeping arrival order.

    Connection-level frames (heartbeat, pong, ...) are left out. A run event
    without a run_id is kept under ``None`` so the caller can report it
    instead of losing it.
    """
    runs: dict[str | None, list[Event]] = defaultdict(list)
    for event in events:
        if event.kind not in RUN_EVENT_KINDS:
            continue  # heartbeats, pongs, a plain system_message, kinds the contract does not name
        runs[event.run_id].append(event)
    return dict(runs)


def kinds_seen(events: Iterable[Event]) -> set[str]:
    return {event.kind for event in events}


def has_golden_path_kinds(events: Iterable[Event]) -> list[str]:
    """The golden-path kinds that did not appear, in contract order."""
    seen = kinds_seen(events)
    return [kind for kind in GOLDEN_PATH_KINDS if kind not in seen]


def _label(index: int, event: Event) -> str:
    return f"event #{index + 1} {event.describe()}"


def _start_rule(events: list[Event]) -> list[str]:
    starts = [i for i, e in enumerate(events) if e.kind == "agent_started"]
    if not starts:
        return [f"the run has no agent_started; expected exactly one, first "
                f"(first event was {_label(0, events[0])})"]
    problems = []
    if starts[0] != 0:
        problems.append(f"{_label(0, events[0])} came before agent_started "
                        f"(#{starts[0] + 1}); expected agent_started first")
    for i in starts[1:]:
        problems.append(f"{_label(i, events[i])} is a second agent_started "
                        f"(first at #{starts[0] + 1}); expected exactly one")
    return problems


def _terminal_rule(events: list[Event]) -> list[str]:
    ends = [i for i, e in enumerate(events) if e.kind in TERMINAL_KINDS]
    if not ends:
        return [f"the run has no agent_completed or agent_error; expected exactly one, last "
                f"(last event was {_label(len(events) - 1, events[-1])})"]
    first = ends[0]
    problems = []
    for i in range(first + 1, len(events)):
        if events[i].kind in TERMINAL_KINDS:
            problems.append(f"{_label(i, events[i])} is a second terminal event "
                            f"(first: #{first + 1} {events[first].kind}); expected exactly one")
        else:
            problems.append(f"{_label(i, events[i])} came after the terminal "
                            f"{events[first].kind} at #{first + 1}; nothing may follow it")
    return problems


def _thinking_rule(events: list[Event]) -> list[str]:
    starts = [i for i, e in enumerate(events) if e.kind == "agent_started"]
    ends = [i for i, e in enumerate(events) if e.kind in TERMINAL_KINDS]
    low = starts[0] if starts else -1
    high = ends[0] if ends else len(events)
    if any(e.kind == "agent_thinking" for e in events[low + 1:high]):
        return []
    start = f"agent_started (#{low + 1})" if starts else "the start"
    end = f"{events[high].kind} (#{high + 1})" if ends else "the last event"
    return [f"no agent_thinking between {start} and {end}; expected at least one"]


def _tool_rule(events: list[Event]) -> list[str]:
    problems = []
    pending: dict[tuple, list[int]] = defaultdict(list)
    completed: dict[tuple, int] = {}
    for i, event in enumerate(events):
        if event.kind not in ("tool_executing", "tool_completed"):
            continue
        key = (_key_part(event.fields.get("tool_name")),
               _key_part(event.fields.get("execution_id")))
        if event.kind == "tool_executing":
            pending[key].append(i)
        elif pending[key]:
            completed[key] = pending[key].pop(0)
        elif key in completed:
            problems.append(f"{_label(i, event)} is a second tool_completed for the "
                            f"tool_executing at #{completed[key] + 1}; expected exactly one")
        else:
            problems.append(f"{_label(i, event)} has no earlier tool_executing "
                            f"with that tool and id")
    for indices in pending.values():
        for i in indices:
            problems.append(f"{_label(i, events[i])} never got its tool_completed "
                            f"(same tool and id); expected exactly one later")
    return problems


def _identity_rule(events: list[Event], names: tuple[str, ...]) -> list[str]:
    problems = []
    for name in names:
        expected: str | None = None
        first_at = 0
        for i, event in enumerate(events):
            value = getattr(event, name)
            if value is None:
                problems.append(f"{_label(i, event)} carries no {name}")
            elif expected is None:
                expected, first_at = value, i
            elif value != expected:
                problems.append(f"{_label(i, event)} has {name} {value!r} but the run's is "
                                f"{expected!r} (from #{first_at + 1})")
    return problems


def _field_rule(events: list[Event]) -> list[str]:
    problems = []
    for i, event in enumerate(events):
        for name in REQUIRED_FIELDS.get(event.kind, ()):
            if event.fields.get(name) is None:
                problems.append(f"{_label(i, event)} is missing {name}")
        if event.kind == "agent_completed" and event.fields.get("status") not in (None, "completed"):
            problems.append(f"{_label(i, event)} has status {event.fields['status']!r}; "
                            f"expected 'completed'")
        if event.kind == "agent_error":
            message = event.fields.get("error_message")
            if isinstance(message, str) and shows_stack_trace(message):
                problems.append(f"{_label(i, event)} shows a stack trace to the user: "
                                f"{shorten(message, 120)}")
            elif leaks_in(message if isinstance(message, str) else "", event.fields):
                shown = ", ".join(leaks_in(message if isinstance(message, str) else "", event.fields))
                problems.append(f"{_label(i, event)} shows the user {shown}")
    return problems


def _key_part(value: object) -> str | None:
    return None if value is None else str(value)
