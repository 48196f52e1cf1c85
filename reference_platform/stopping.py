"""Runs in flight, so a person can stop theirs (CONTRACT section 9), and what a drop leaves.

Every run started on the chat is registered here with who asked, on which
connection, in which conversation, and its task. ``stop_agent`` cancels the
task of the caller's own run and says ``agent_stopped``; the question stays in
the history and no answer is stored. A detailed answer ("in detail", "detailed")
is paced slowly, so there is time to stop it: :func:`long_answer_pause_s`.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

LONG_ANSWER_PAUSE_S = 0.4
LONG_ANSWER_WORDS = ("in detail", "detailed", "step by step")


def long_answer_pause_s(question: str) -> float:
    """Extra pause before each event of a detailed answer (about 4 s in all)."""
    text = question.lower()
    return LONG_ANSWER_PAUSE_S if any(word in text for word in LONG_ANSWER_WORDS) else 0.0


@dataclass
class ActiveRun:
    run_id: str
    user_id: str
    connection: Any           # connections.Connection
    thread_id: str
    question: str
    task: asyncio.Task | None = None
    silenced: bool = False    # stopped in words only (a defect): it runs on, sending nothing


class ActiveRuns:
    """The runs still going, by run id."""

    def __init__(self) -> None:
        self._runs: dict[str, ActiveRun] = {}

    def add(self, run: ActiveRun) -> None:
        self._runs[run.run_id] = run

    def finished(self, run_id: str) -> None:
        self._runs.pop(run_id, None)

    def on(self, connection: Any) -> list[ActiveRun]:
        return [run for run in self._runs.values() if run.connection is connection]

    def stoppable(self, run_id: object, user_id: str, anyone: bool) -> ActiveRun | None:
        """The run ``user_id`` may stop; ``anyone`` is the defect that lets anyone stop any run."""
        run = self._runs.get(run_id) if isinstance(run_id, str) else None
        if run is None or (run.user_id != user_id and not anyone):
            return None
        return run

    def stop(self, run: ActiveRun) -> None:
        self._runs.pop(run.run_id, None)
        if run.task is not None:
            run.task.cancel()


    def silence(self, run: ActiveRun) -> None:
        """The defect ``stopped-answer-written-late``: the run is said to be stopped and sends
        nothing more, but its task goes on and writes the whole answer into the history when
        it would have finished, seconds after ``agent_stopped``."""
        self._runs.pop(run.run_id, None)
        run.silenced = True


def half_of(answer: str) -> str:
    """The first half of an answer, cut between words and mid-sentence (a defect's store)."""
    words = answer.split()
    return " ".join(words[: max(1, len(words) // 2)]).rstrip(".!?,;:")
