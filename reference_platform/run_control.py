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
from .context import PlatformContext
from .question import parse_question
from .runs import agent_steps, final_response, new_run_id, stream_run
from .stopping import ActiveRun, half_of, long_answer_pause_s

Send = Callable[[dict], Awaitable[None]]
ErrorFrame = Callable[[str, str], dict]


async def admit(ctx: PlatformContext, connection, question: str, error: ErrorFrame) -> str | None:
    """The question to answer, or None once the refusal has been sent."""
    refusal = limits.too_long(question)
    if refusal is not None:
        if not ctx.switches.defect("long-question-truncated"):
            await connection.send(error("MESSAGE_TOO_LARGE", refusal))
            return None
        question = question[:limits.MAX_QUESTION_CHARS]
    refusal = ctx.rate_limiter.refusal(connection.user_id)
    if refusal is not None:
        await connection.send(error("RATE_LIMITED", refusal))
        return None
    return question


def start(ctx: PlatformContext, connection, thread_id: str, question: str, received_at: float,
          deliver: Send, guard: Callable[[Awaitable[None]], Awaitable[None]]) -> asyncio.Task:
    """Start a tracked run as its own task; a detailed answer is paced slowly."""
    running = ctx.active_runs.on(connection)
    shared = ctx.switches.defect("overlapping-runs-share-id") and running
    run = ActiveRun(running[0].run_id if shared else new_run_id(), connection.user_id, connection,
                    thread_id, question)
    pause_s = long_answer_pause_s(question)

    async def paced(event: dict) -> None:
        if pause_s:
            await asyncio.sleep(pause_s)
        await deliver(event)

    async def tracked() -> None:
        try:
            await guard(stream_run(ctx, paced, thread_id, question, received_at, run.run_id,
                                   _leaked_context(ctx, connection.user_id, thread_id, question)))
        finally:
            if not shared:
                ctx.active_runs.finished(run.run_id)

    run.task = asyncio.create_task(tracked())
    if not shared:
        ctx.active_runs.add(run)
    return run.task


def _leaked_context(ctx: PlatformContext, user_id: str, thread_id: str, question: str) -> str | None:
    """The defect: a new conversation's question read as a follow-up of the person's previous one."""
    if not ctx.switches.defect("follow-up-across-conversations") or parse_question(question).models:
        return None
    earlier = [t for t in ctx.store.threads_of(user_id) if t.id != thread_id]
    messages = ctx.store.messages(earlier[0].id, 1, 0)[0] if earlier else []
    models = parse_question(messages[0].content).models if messages else ()
    return f"{question} (on {models[0].display_name})" if models else None


def recipients(ctx: PlatformContext, connection) -> list:
    """Who gets a run's events: the chat that asked (a defect: the person's newest chat)."""
    if not ctx.switches.defect("answers-to-latest-device"):
        return [connection]
    own = [c for c in ctx.connections if c.user_id == connection.user_id]
    return [max(own, key=lambda c: c.opened_at)] if own else [connection]


async def stop(ctx: PlatformContext, connection, data: dict, frame: Callable[..., dict],
               error: ErrorFrame) -> None:
    """``stop_agent``: end the caller's run with ``agent_stopped``; anyone else's is untouched."""
    if ctx.switches.defect("stop-ignored"):
        return
    payload = data.get("payload") if isinstance(data.get("payload"), dict) else data
    run = ctx.active_runs.stoppable(payload.get("run_id"), connection.user_id,
                                    anyone=ctx.switches.defect("stop-anyones-answer"))
    if run is None:
        await connection.send(error("RUN_NOT_FOUND", "There is no answer in progress with that id "
                                                     "that you can stop."))
        return
    ctx.active_runs.stop(run)
    await connection.send(frame("agent_stopped", run_id=run.run_id, thread_id=run.thread_id,
                                status="stopped"))


def dropped(ctx: PlatformContext, connection) -> None:
    """The chat went away: its runs go on (and store their answer), unless the defect is on."""
    if not ctx.switches.defect("half-answer-on-drop"):
        return
    for run in ctx.active_runs.on(connection):
        ctx.active_runs.stop(run)
        answer = final_response(agent_steps(run.question, ctx.switches, run.run_id))
        ctx.store.add_message(run.thread_id, "assistant", half_of(answer), {"run_id": run.run_id})
