"""What the chat does around a run: admit the question, track it, stop it, and a drop.

CONTRACT section 9: a question over the rate limit or the length limit is
refused in plain words and starts no run; a run can be stopped by the person who
asked; a run's events go to the chat that asked. The defect switches for these
journeys live here too, so ``chat_socket`` only calls in.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from . import limits
from .context import Shared
from .frames import error, frame
from .question import parse_question
from .runs import agent_steps, final_response, new_run_id, stream_run
from .stopping import ActiveRun, half_of, long_answer_pause_s

Send = Callable[[dict], Awaitable[None]]


async def admit(state: Shared, connection, question: str) -> str | None:
    """The question to answer, or None once the refusal has been sent."""
    refusal = limits.too_long(question)
    if refusal is not None:
        if not state.switches.defect("long-question-truncated"):
            await connection.send(error(state, "MESSAGE_TOO_LARGE", refusal))
            return None
        question = question[:limits.MAX_QUESTION_CHARS]
    refusal = state.rate_limiter.refusal(connection.user_id)
    if refusal is not None:
        await connection.send(error(state, "RATE_LIMITED", refusal))
        return None
    return question


def start(state: Shared, connection, thread_id: str, question: str, received_at: float,
          deliver: Send, guard: Callable[[Awaitable[None]], Awaitable[None]]) -> asyncio.Task:
    """Start a tracked run as its own task; a detailed answer is paced slowly."""
    running = state.active_runs.on(connection)
    shared = state.switches.defect("overlapping-runs-share-id") and running
    run = ActiveRun(running[0].run_id if shared else new_run_id(), connection.user_id, connection,
                    thread_id, question)
    pause_s = long_answer_pause_s(question)

    async def paced(event: dict) -> None:
        if pause_s:
            await asyncio.sleep(pause_s)
        if not run.silenced:
            await deliver(event)

    async def tracked() -> None:
        try:
            await guard(stream_run(state, paced, thread_id, question, received_at, run.run_id,
                                   _leaked_context(state, connection.user_id, thread_id, question)))
        finally:
            if not shared:
                state.active_runs.finished(run.run_id)

    run.task = asyncio.create_task(tracked())
    if not shared:
        state.active_runs.add(run)
    return run.task


def _leaked_context(state: Shared, user_id: str, thread_id: str, question: str) -> str | None:
    """The defect: a new conversation's question read as a follow-up of the person's previous one."""
    if not state.switches.defect("follow-up-across-conversations") or parse_question(question).models:
        return None
    earlier = [t for t in state.store.threads_of(user_id) if t.id != thread_id]
    messages = state.store.messages(earlier[0].id, 1, 0)[0] if earlier else []
    models = parse_question(messages[0].content).models if messages else ()
    return f"{question} (on {models[0].display_name})" if models else None


def recipients(state: Shared, connection) -> list:
    """Who gets a run's events: the chat that asked (a defect: the person's newest chat)."""
    if not state.switches.defect("answers-to-latest-device"):
        return [connection]
    own = [c for c in state.connections if c.user_id == connection.user_id]
    return [max(own, key=lambda c: c.opened_at)] if own else [connection]


async def stop(state: Shared, connection, data: dict) -> None:
    """``stop_agent``: end the caller's run with ``agent_stopped``; anyone else's is untouched."""
    if state.switches.defect("stop-ignored"):
        return
    payload = data.get("payload") if isinstance(data.get("payload"), dict) else data
    run = state.active_runs.stoppable(payload.get("run_id"), connection.user_id,
                                    anyone=state.switches.defect("stop-anyones-answer"))
    if run is None:
        await connection.send(error(state, "RUN_NOT_FOUND",
                                    "There is no answer in progress with that id that you can stop."))
        return
    if state.switches.defect("stopped-answer-written-late"):
        state.active_runs.silence(run)      # it goes on unseen, and stores its answer at the end
    else:
        state.active_runs.stop(run)
    await connection.send(frame(state, "agent_stopped", run_id=run.run_id, thread_id=run.thread_id,
                                status="stopped"))


def dropped(state: Shared, connection) -> None:
    """The chat went away: its runs go on (and store their answer), unless the defect is on."""
    if not state.switches.defect("half-answer-on-drop"):
        return
    for run in state.active_runs.on(connection):
        state.active_runs.stop(run)
        answer = final_response(agent_steps(run.question, state.switches, run.run_id))
        state.store.add_message(run.thread_id, "assistant", half_of(answer), {"run_id": run.run_id})
