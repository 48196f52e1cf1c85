"""Load mode: the golden path for N people at once, judged like one person's.

    python3 tasks.py load --people 100 --ramp-s 2        # or: python -m journeys.load ...

How a run goes (why each part is there):

1. **Sign-in, before the measured phase.** Every person gets an account (login
   mode: a real sign-up) and signs in by the target's auth mode, with at most
   ``--sign-in-concurrency`` calls at once. Sign-in is its own stage in the
   table, so a slow password hash shows as slow sign-in, never as a slow answer
   (the local platform's hash cost is ``E2E_LOCAL_HASH_COST``).
2. **The measured phase.** Person *i* connects at ``i * ramp / N`` seconds;
   once everyone is connected (so N chats are open at once), person *i* asks a
   cost question at ``i * ramp / N`` seconds after that, reads the whole run,
   checks it (run rules, all five golden-path kinds, a meaningful costed
   answer) and finds the exchange in the history (``load_journey``). A
   progress line shows while it runs.
3. **The verdict.** A summary table of every stage (p50, p95, p99, max by
   nearest rank, see ``slo.py``), then: the run fails (exit 1) when any journey
   failed, any run lost an event, or the answer or first-event p95 misses its
   objective (``E2E_SLO_ANSWER_P95_S``, ``E2E_SLO_FIRST_EVENT_P95_S``).

Every wait has a deadline (``E2E_WAIT_S``, ``E2E_TURN_S``) and each phase has
one too, so a run always ends. ``run_load`` is what the command line and the
benchmarks call; a step takes the phases in turn (``sign_in_crowd``, then
``LoadRun.go``) and ``expect_every_journey_passed`` / ``expect_within_objectives``
turn the report into a pass or a failure from the error tree. Locust drives the
same journey through ``locustfile.py`` (``--engine locust``).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import time
from dataclasses import dataclass
from typing import TextIO

from ..wire.chat import GRACE_AFTER_END_S
from ..errors import AuthRefused, SuiteError
from ..evidence import Evidence
from .journey import (JourneyResult, LoadClients, LoadPerson, ask_and_check, connect,
                           get_account, guarded, sign_in)
from .progress import Progress
from .report import LoadReport
from ..capabilities.measurements import QUALITY, QUALITY_CHANNEL
from ..capabilities.people import RUN_ID
from ..config.settings import Settings

DEFAULT_RAMP_S = 1.0
DEFAULT_SIGN_IN_CONCURRENCY = 50
SHOWN_FAILURES = 3
EVIDENCE_CHANNEL = "many people's figures"


@dataclass(frozen=True)
class LoadPlan:
    people: int
    ramp_s: float = DEFAULT_RAMP_S
    sign_in_concurrency: int = DEFAULT_SIGN_IN_CONCURRENCY

    def __post_init__(self) -> None:
        if self.people < 1 or self.ramp_s < 0 or self.sign_in_concurrency < 1:
            raise SuiteError(f"a load plan needs at least one person, a ramp of 0 s or more and a "
                             f"sign-in concurrency of 1 or more; got {self}")


class LoadRun:
    """One load run in its two phases, each its own call, so a step can take each in turn."""

    def __init__(self, settings: Settings, plan: LoadPlan, out: TextIO | None = sys.stderr,
                 evidence: Evidence | None = None) -> None:
        self.settings, self.plan, self.out = settings, plan, out
        self.people = [LoadPerson.make(i, RUN_ID, settings.email_domain) for i in range(plan.people)]
        self.results = [JourneyResult(p.who) for p in self.people]
        self.clients = LoadClients(settings, evidence)
        self.ready: list[int] | None = None
        self.sign_in_wall_s = 0.0

    def sign_in(self) -> list[int]:
        """Accounts and sign-in for everyone; the indexes of those who signed in."""
        started = time.monotonic()
        self.ready = asyncio.run(self._phase(_sign_everyone_in, "sign-in"))
        self.sign_in_wall_s = time.monotonic() - started
        return self.ready

    def go(self, ramp_s: float | None = None) -> LoadReport:
        """The measured phase (signing everyone in first if not done); never raises for the product."""
        if self.ready is None:
            self.sign_in()
        if ramp_s is not None:
            self.plan = LoadPlan(self.plan.people, ramp_s, self.plan.sign_in_concurrency)
        measured_from = time.monotonic()
        peak = asyncio.run(self._phase(_measured_phase, "measured"))
        return LoadReport(settings=self.settings, people=self.plan.people, ramp_s=self.plan.ramp_s,
                          results=self.results, sign_in_wall_s=self.sign_in_wall_s,
                          measured_wall_s=time.monotonic() - measured_from,
                          measured_from=measured_from, peak_in_flight=peak)

    async def _phase(self, phase, name: str):
        progress = Progress(self.out, self.plan.people, name)
        progress.signed_in = len(self.ready or [])
        try:
            outcome = await phase(self, progress)
        finally:
            progress.stop()
        return progress.peak_in_flight if name == "measured" else outcome


def run_load(settings: Settings, plan: LoadPlan, out: TextIO | None = sys.stderr) -> LoadReport:
    """Sign everyone in, then the measured phase; what the command line and the bench call."""
    return LoadRun(settings, plan, out).go()


def sign_in_crowd(settings: Settings, people: int, out: TextIO | None = None,
                  evidence: Evidence | None = None) -> LoadRun:
    """A step's "N people have each signed in": everyone signed in, or ``AuthRefused`` naming who not.
    A premise: with the scenario's ``evidence``, a violation that leaves a pass working is a finding."""
    run = LoadRun(settings, LoadPlan(people), out, evidence)
    run.sign_in()
    failed = [r for r in run.results if r.failure]
    if failed:
        shown = "\n    ".join(r.failure[:400] for r in failed[:SHOWN_FAILURES])
        raise AuthRefused(f"{len(failed)} of {people} people could not get an account or sign in "
                          f"(by {settings.auth_mode}):\n    {shown}")
    return run


def publish(report: LoadReport, evidence: Evidence) -> None:
    """The table where people read it: the step's output and attachment, and the report's charts."""
    table = report.table()
    print(table)
    evidence.record(EVIDENCE_CHANNEL, table)
    evidence.record(QUALITY_CHANNEL, f"{QUALITY} (many people): {report.answer_quality().describe()}")
    s = report.settings
    for stage, title, objective in (("first event", "Time to the first event, many people",
                                     s.slo_first_event_p95_s),
                                    ("answer", "Time to the answer, many people", s.slo_answer_p95_s)):
        values = report.values(stage)
        if values:
            evidence.measure(title, values, objective)


def expect_every_journey_passed(report: LoadReport) -> None:
    """Every person's golden path passed its checks and no run lost an event."""
    error = report.journeys_error()
    if error is not None:
        raise error


def expect_within_objectives(report: LoadReport) -> None:
    """The answer and first-event p95 across everyone met the target's objectives."""
    error = report.objectives_error()
    if error is not None:
        raise error


def expect_load_passed(report: LoadReport) -> None:
    """Both of the above: what the command line's exit code says."""
    expect_every_journey_passed(report)
    expect_within_objectives(report)


async def _sign_everyone_in(run: LoadRun, progress: Progress) -> list[int]:
    clients, people, results, plan = run.clients, run.people, run.results, run.plan
    gate = asyncio.Semaphore(plan.sign_in_concurrency)
    policy = clients.policy

    async def one(i: int) -> bool:
        async with gate:
            ok = ((await guarded("account", get_account(clients, people[i], results[i]), results[i]))[0]
                  and (await guarded("sign-in", sign_in(clients, people[i], results[i]), results[i]))[0])
        progress.signed_in += ok
        progress.failed += not ok
        return ok

    rounds = -(-plan.people // plan.sign_in_concurrency)
    deadline_s = 2 * policy.wait_s * (rounds + 1)
    outcome = await _bounded([one(i) for i in range(plan.people)], deadline_s, results, "sign-in")
    return [i for i, ok in enumerate(outcome) if ok is True]


async def _measured_phase(run: LoadRun, progress: Progress) -> None:
    """Everyone connects over the ramp; once all are in, everyone asks, over the ramp again.

    So the peak is every person with an open chat and a question in flight at
    once, whatever the ramp: the load is as concurrent as the plan says.
    """
    clients, people, results, plan = run.clients, run.people, run.results, run.plan
    ready = run.ready or []
    policy = clients.policy
    if not ready:
        return
    start = time.monotonic()
    step = plan.ramp_s / len(ready)
    everyone_in = asyncio.Event()
    settled = [0]
    asks_from = [0.0]

    def arrived() -> None:
        settled[0] += 1
        if settled[0] == len(ready):
            asks_from[0] = time.monotonic()
            everyone_in.set()

    async def one(slot: int, i: int) -> None:
        await asyncio.sleep(max(0.0, start + slot * step - time.monotonic()))
        progress.begin()
        chat, ok = None, False
        try:
            ok, chat = await guarded("connect", connect(clients, people[i], results[i]), results[i])
            arrived()
            if ok:
                await everyone_in.wait()
                await asyncio.sleep(max(0.0, asks_from[0] + slot * step - time.monotonic()))
                ok, _ = await guarded("journey", ask_and_check(clients, people[i], chat, results[i]),
                                      results[i])
        finally:
            progress.end()
            if chat is not None:
                await chat.close()      # closed already after the turn; this covers a cancel
        progress.passed += ok
        progress.failed += not ok

    deadline_s = 2 * plan.ramp_s + 3 * policy.wait_s + policy.turn_s + GRACE_AFTER_END_S + 5
    await _bounded([one(slot, i) for slot, i in enumerate(ready)], deadline_s,
                   [results[i] for i in ready], "journey")


async def _bounded(coroutines: list, deadline_s: float, results: list[JourneyResult],
                   stage: str) -> list:
    """Run them all; whatever is still running at the deadline is cancelled and said so."""
    tasks = [asyncio.ensure_future(c) for c in coroutines]
    if not tasks:
        return []
    done, pending = await asyncio.wait(tasks, timeout=deadline_s)
    for task in pending:
        task.cancel()
    if pending:
        await asyncio.gather(*pending, return_exceptions=True)
    for task, result in zip(tasks, results):
        if task in pending and result.failure is None:
            result.failure = (f"[{stage}] product defect: {result.who}'s {stage} did not finish "
                              f"within the run's deadline of {deadline_s:.0f} s")
    return [t.result() if t in done and not t.cancelled() and t.exception() is None else None
            for t in tasks]


def main(argv: list[str] | None = None) -> int:
    """The command line: start the target (local by default), run, print the table, exit 0 or 1."""
    from ..wire.production import refuse_load
    from ..config.settings import choose_target, load_settings
    from ..run.target import open_target   # not at import: steps import this module without a target

    args = _parser().parse_args(argv)
    userdata = {"target": args.target} if args.target else {}
    try:
        refuse_load(load_settings(choose_target(userdata)), f"the load mode ({args.engine})")
        target = open_target(userdata)
    except SuiteError as error:
        print(str(error), file=sys.stderr)
        return 2
    try:
        settings = target.settings
        plan = LoadPlan(args.people or settings.people, args.ramp_s, args.sign_in_concurrency)
        print(f"Load against {settings.describe()}", flush=True)
        if args.engine == "locust":
            from .locust_run import run_locust
            return run_locust(settings, plan.people, plan.ramp_s, args.workers)
        report = run_load(settings, plan, None if args.quiet else sys.stderr)
    finally:
        target.close()
    print(report.table(), flush=True)
    if args.json:
        with open(args.json, "w", encoding="utf-8") as handle:
            json.dump(report.as_dict(), handle, indent=2)
    return 0 if report.passed else 1


def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(prog="python3 tasks.py load",
                                description="The golden path for many people at once, with a verdict.")
    p.add_argument("--people", type=int, default=0, help="how many people (default E2E_PEOPLE)")
    p.add_argument("--ramp-s", type=float, default=DEFAULT_RAMP_S,
                   help=f"seconds over which the people start (default {DEFAULT_RAMP_S})")
    p.add_argument("--sign-in-concurrency", type=int, default=DEFAULT_SIGN_IN_CONCURRENCY)
    p.add_argument("--target", help="target name (default E2E_TARGET, else local)")
    p.add_argument("--engine", choices=("suite", "locust"), default="suite",
                   help="suite: this process drives the load (default); locust: locustfile.py does")
    p.add_argument("--workers", type=int, default=0,
                   help="locust only: workers beside a master on 127.0.0.1 (0 = one process)")
    p.add_argument("--json", metavar="PATH", help="also write the figures as JSON here")
    p.add_argument("--quiet", action="store_true", help="no progress line")
    return p


if __name__ == "__main__":
    sys.exit(main())
