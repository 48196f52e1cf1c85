"""One agent run: what the agent plans, what goes on the wire, and when.

The agent (``agent.py``) decides the steps; this module turns them into the
run's events, applies the defect switches that corrupt a stream (order, missing
or duplicated events, renamed or mistyped fields, slowness), persists the
conversation at the moments the contract fixes, and paces the events so order
and latency are observable. The HTTP ``/api/agents/execute`` uses ``agent_steps``
alone: the same agent, without streaming.
"""

from __future__ import annotations

import asyncio
import logging
import secrets
import time
import traceback
from collections.abc import Awaitable, Callable

from . import agent, netra
from .clock import now, stamp
from .context import Shared, iso
from .frames import error
from .shapes import render
from .switches import Switches
from .variance import Draw, reword, spoil

log = logging.getLogger("reference_platform.runs")

Step = tuple[str, dict]
Deliver = Callable[[dict], Awaitable[None]]

TITLE_LENGTH = 60
CONTEXT_TURNS = 200      # a thread's earlier messages read as a follow-up's context
SLOW_FIRST_EVENT_S = 1.5
SLOW_ANSWER_S = 2.5
# error-frame-mid-run: the words beta-17 sends when a queued message fails
# (netra_backend/app/services/websocket/message_queue.py:582), then nothing more.
MID_RUN_FAILURE = "Message processing failed: the pricing tool did not answer"
FAILURE_SENTENCE = ("The assistant could not finish this answer because one of its tools "
                    "did not respond. Please try again.")


def new_run_id() -> str:
    return "run_" + secrets.token_hex(8)


def thread_title(question: str) -> str:
    """A new thread's title: the question, cut at a word boundary."""
    text = " ".join(question.split())
    if len(text) <= TITLE_LENGTH:
        return text
    return text[:TITLE_LENGTH].rsplit(" ", 1)[0].rstrip(",.;:") + "…"


def agent_steps(question: str, switches: Switches, run_id: str | None = None,
                earlier: tuple[str, ...] = (), attempt: int | None = None) -> list[Step]:
    """The agent's own steps; ``echo-answer`` replaces the agent with a placeholder. ``earlier``
    are the thread's earlier questions, the context of a follow-up (CONTRACT section 9).
    ``attempt`` is the conversation's ordinal among its owner's: with ``--vary`` on, it and the
    turn draw this answer's wording, tool route and flaw (``variance.py``)."""
    if switches.defect("echo-answer"):
        return [("agent_started", {"agent_name": agent.AGENT_NAME}),
                ("agent_thinking", {"reasoning": "Preparing a response."}),
                ("agent_completed", {"final_response": f"This is a simulated response to: {question}",
                                     "status": "completed"})]
    if switches.defect("follow-up-without-context"):
        earlier = ()
    variance = switches.variance if attempt is not None else None
    draw = variance.draw(question, attempt, len(earlier)) if variance else None
    plan = agent.plan_turn(question, run_id=run_id, earlier=earlier,
                           first_model_only=switches.defect("comparison-names-one-model"),
                           route=draw.route if draw else 0)
    steps = [(step.event, dict(step.fields)) for step in plan]
    if draw is not None:
        _vary(steps, draw, attempt or 0)
    for event, fields in steps:
        if event == "agent_completed":
            fields.setdefault("status", "completed")
    if switches.defect("off-topic-made-up-costs") and not any(e == "tool_executing" for e, _ in steps):
        steps[-1][1]["final_response"] += " At your usage that comes to about $4,850.00 a month."
    return steps


def _vary(steps: list[Step], draw: Draw, salt: int) -> None:
    """The drawn wording and flaw, on the final answer (the route was the agent's to take)."""
    used_tools = any(event == "tool_executing" for event, _ in steps)
    fields = steps[-1][1]
    fields["final_response"] = spoil(reword(fields["final_response"], draw.wording), draw.flaw,
                                     used_tools, salt)


def attempt_of(state: Shared, thread_id: str) -> int | None:
    """The conversation's ordinal among its owner's, oldest first: which attempt it is."""
    thread = state.store.thread(thread_id)
    if thread is None:
        return None
    ids = [t.id for t in state.store.threads_of(thread.user_id, newest_first=False)]
    return ids.index(thread_id) if thread_id in ids else None


def final_response(steps: list[Step]) -> str:
    for event, fields in steps:
        if event == "agent_completed":
            return str(fields.get("final_response", ""))
    return ""


def _chat_stand_in(steps: list[Step], question: str, switches: Switches) -> list[Step]:
    """The defect ``chat-fallback-answer``: the chat's answer is the real platform's stand-in
    that echoes the question (Netra Apex beta-17 ``netra_backend/app/routes/messages.py:408``)."""
    if not switches.defect("chat-fallback-answer"):
        return steps
    stand_in = (f"I've processed your message: '{question}'. This is a streaming response that "
                f"demonstrates the agent at work.")
    return [(event, {**fields, "final_response": stand_in} if event == "agent_completed" else fields)
            for event, fields in steps]


def failed_steps(switches: Switches) -> list[Step]:
    """An injected failure: the run starts, thinks, then ends with agent_error."""
    return [("agent_started", {"agent_name": agent.AGENT_NAME}),
            ("agent_thinking", {"reasoning": "Looking up the prices this question needs."}),
            ("agent_error", {"error_message": _failure_message(switches), "status": "failed"})]


def on_the_wire(steps: list[Step], switches: Switches) -> list[Step]:
    """The stream-corrupting defects; with none on, the steps pass through unchanged."""
    events = [(event, dict(fields)) for event, fields in steps]
    if switches.defect("events-out-of-order"):
        thinking = next((i for i, (e, _) in enumerate(events) if e == "agent_thinking"), None)
        if thinking is not None:
            events.insert(0, events.pop(thinking))
    if switches.defect("missing-tool-completed"):
        dropped = next((i for i, (e, _) in enumerate(events) if e == "tool_completed"), None)
        if dropped is not None:
            events.pop(dropped)
    for event, fields in events:
        if event == "tool_completed" and switches.defect("wrong-type"):
            fields["duration_ms"] = f"{int(float(fields.get('duration_ms', 0)))}ms"
        if event == "agent_completed" and switches.defect("renamed-field"):
            fields["final_answer"] = fields.pop("final_response", "")
        if event == "agent_completed" and switches.defect("completion-without-text"):
            fields["final_response"] = {"status": "completed", "success": True}
    if switches.defect("double-completion"):
        events += [(e, dict(f)) for e, f in events if e == "agent_completed"]
    if switches.defect("event-after-completion"):
        events.append(("agent_thinking", {"reasoning": "Double-checking the figures."}))
    return events


async def stream_run(state: Shared, deliver: Deliver, thread_id: str, question: str,
                     received_at: float, run_id: str | None = None, planned_as: str | None = None) -> None:
    """Persist, plan, pace and send one run; ``received_at`` is the frame's monotonic time.

    ``planned_as`` is what the agent reads instead of the stored question (a defect's leak)."""
    switches = state.switches
    run_id = run_id or new_run_id()
    keep_history = not switches.defect("history-not-stored")
    earlier = tuple(m.content for m in state.store.messages(thread_id, CONTEXT_TURNS, 0)[0]
                    if m.role == "user")
    if keep_history:
        state.store.add_message(thread_id, "user", question, {"run_id": run_id})
    if state.faults.take_failure():
        steps = failed_steps(switches)
    else:
        try:
            attempt = attempt_of(state, thread_id) if switches.vary else None
            steps = await asyncio.to_thread(agent_steps, planned_as or question, switches, run_id,
                                            earlier, attempt)
        except Exception:  # the agent itself broke: say so plainly, keep details in the log
            log.exception("agent failed on run %s", run_id)
            steps = failed_steps(switches)
    steps = _chat_stand_in(steps, question, switches)
    answer = final_response(steps)
    stored = False
    for index, (event, fields) in enumerate(on_the_wire(steps, switches)):
        await _pace(index, event, switches, received_at)
        if index == 1 and switches.defect("error-frame-mid-run"):
            await deliver(error(state, "PROCESSING_FAILED", MID_RUN_FAILURE))
            return
        if event == "agent_completed" and keep_history and not stored:
            state.store.add_message(thread_id, "assistant", answer, {"run_id": run_id})
            stored = True
        ids = {"thread_id": thread_id}
        if not switches.defect("events-without-run-id"):
            ids = {"run_id": run_id, **ids}
        nested_key = "payload" if switches.variant("payload-fields") else "data"
        spoken = netra.run_event(switches.dialect, event, {**ids, **fields})
        await deliver(render(event, spoken, stamp(now(), iso(state)), switches.shape, nested_key))


async def _pace(index: int, event: str, switches: Switches, received_at: float) -> None:
    """The realistic pause between events, and the slow-* defects' deliberate delays."""
    if index == 0:
        if switches.defect("slow-first-event"):
            await _sleep_until(received_at + SLOW_FIRST_EVENT_S)
    elif switches.pause_ms > 0:
        await asyncio.sleep(switches.pause_ms / 1000)
    if event == "agent_completed" and switches.defect("slow-answer"):
        await _sleep_until(received_at + SLOW_ANSWER_S)


async def _sleep_until(deadline: float) -> None:
    remaining = deadline - time.monotonic()
    if remaining > 0:
        await asyncio.sleep(remaining)


def _failure_message(switches: Switches) -> str:
    if not switches.defect("leaky-agent-error"):
        return FAILURE_SENTENCE
    try:
        raise ConnectionError("pricing tool did not answer (injected fault)")
    except ConnectionError:
        return FAILURE_SENTENCE + "\n" + traceback.format_exc()
