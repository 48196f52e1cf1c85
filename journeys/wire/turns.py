"""One turn: a person's question and every event the platform sent for its run.

A ``Turn`` is what the chat stream hands back; the expectations read it. It
keeps the raw material (events with their arrival times, frames outside the
run, events that came after the run ended) so any check can explain itself.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..events import TERMINAL_KINDS, Event
from ..rules.run_rules import check_run


@dataclass
class Turn:
    who: str
    question: str
    sent_at: float
    frame_type: str = "user_message"
    events: list[Event] = field(default_factory=list)     # this run, in arrival order
    others: list[Event] = field(default_factory=list)     # heartbeats, pongs, acks, other kinds: no run
    foreign: list[Event] = field(default_factory=list)    # run events of runs we did not start
    refusal: Event | None = None                          # error_message instead of a run
    grace_s: float = 0.0                                  # how long we listened after the end
    thread_optional: bool = False                         # the target's dialect: see journeys.config.dialect

    @property
    def run_id(self) -> str | None:
        return self.events[0].run_id if self.events else None

    @property
    def thread_id(self) -> str | None:
        for event in self.events:
            if event.thread_id is not None:
                return event.thread_id
        return None

    @property
    def terminal(self) -> Event | None:
        for event in self.events:
            if event.kind in TERMINAL_KINDS:
                return event
        return None

    @property
    def answer(self) -> str | None:
        end = self.terminal
        if end is None or end.kind != "agent_completed":
            return None
        value = end.fields.get("final_response")
        return value if isinstance(value, str) else None

    @property
    def tool_results(self) -> list:
        return [e.fields.get("results") for e in self.events if e.kind == "tool_completed"]

    @property
    def tools_used(self) -> list[str]:
        return [str(e.fields.get("tool_name")) for e in self.events if e.kind == "tool_executing"]

    def seconds_to(self, kind: str) -> float | None:
        for event in self.events:
            if event.kind == kind:
                return event.at - self.sent_at
        return None

    @property
    def elapsed_s(self) -> float:
        return (self.events[-1].at - self.sent_at) if self.events else 0.0

    def kinds(self) -> list[str]:
        return [e.kind for e in self.events]

    def violations(self) -> list[str]:
        return check_run(self.events, self.thread_optional) if self.events else ["no event of the run arrived"]

    def summary(self) -> str:
        """One line for messages: what came, when."""
        parts = [f"{e.kind}@{(e.at - self.sent_at) * 1000:.0f}ms" for e in self.events]
        return ", ".join(parts) if parts else "no run events"
