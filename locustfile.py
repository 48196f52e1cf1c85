"""Locust drives the golden path for distributed load, with the suite's own library.

    python3 tasks.py load --engine locust --people 100 --workers 2   # master + 2 workers, loopback
    .venv/bin/locust -f locustfile.py --headless -u 100 -r 50 -t 120s  # by hand (see bench/README.md)

Locust has no WebSocket user of its own, and it monkey-patches the process
with gevent as soon as ``locust`` is imported. The journey therefore uses the
library's *synchronous* clients (``journeys.capabilities.people.Person``: httpx for HTTP,
the websockets threaded client for the chat): under gevent their sockets,
locks and reader threads become cooperative greenlets, so hundreds of people
share one process without real threads. (The suite's asyncio driver,
``journeys/load/chat.py``, is not used here: an asyncio loop inside a
gevent-patched process would block every other greenlet while it runs.)

Each Locust user is one person: it gets an account and signs in (stage
``sign-in``), waits until every user of its process is spawned (so sign-in is
over before the measured phase), then runs ``E2E_LOCUST_JOURNEYS`` golden-path
journeys (default 1): connect, ask, the whole run checked by the same
expectations the journeys use, the exchange found in the history. Every stage
is reported to Locust's statistics under the request type ``JOURNEY``
(``account``, ``sign-in``, ``connect``, ``first event``, ``answer``, ``history``) and the
journey as a whole under ``journey``, failed with the library's message when
any check failed. The run stops by itself once every journey is done (and at
``--run-time`` at the latest); the gate in ``journeys/load/locust_gate.py`` then
makes it exit non-zero when a journey failed or an objective was missed.
"""

from __future__ import annotations

import logging
import os
import time

import gevent
from locust import User, constant, events, task
from locust.exception import StopUser
from locust.runners import LocalRunner, WorkerRunner

from journeys.errors import SuiteError
from journeys.evidence import Evidence
from journeys.capabilities.expectations import (expect_cost_answer, expect_every_step_shown,
                                   expect_exchange_in_history)
from journeys.load.locust_gate import STAGE_TYPE, gate, journeys_per_user, watch_quota
from journeys.capabilities.people import RUN_ID, Person
from journeys.capabilities.questions import cost_question
from journeys.wire.production import refuse_load
from journeys.config.settings import load_settings, choose_target
from journeys.rules.slo import TurnTiming

JOURNEYS_PER_USER = journeys_per_user()
SPAWN_WAIT_S = 120.0
_state: dict = {"settings": None, "platform": None, "count": 0}
logging.getLogger("httpx").setLevel(logging.WARNING)      # one INFO line per request otherwise


@events.init.add_listener
def _open_target(environment, **_kwargs) -> None:
    """Settings as the journeys read them; a standalone run may start the local platform."""
    settings = load_settings(choose_target())
    try:
        refuse_load(settings, "Locust")
    except SuiteError as refused:   # Locust logs a handler's exception and runs on: stop it here
        raise SystemExit(str(refused)) from None
    if settings.is_local:
        if environment.runner is not None and not isinstance(environment.runner, LocalRunner):
            raise SuiteError("a distributed Locust run needs a running target: start it with "
                             "'python3 tasks.py load --engine locust', or set E2E_TARGET to a "
                             "target with URLs (see bench/README.md)")
        from journeys.run.target import open_target
        target = open_target()
        _state["platform"] = target
        settings = target.settings
    _state["settings"] = settings


@events.test_start.add_listener
def _start_watch(environment, **_kwargs) -> None:
    if not isinstance(environment.runner, WorkerRunner):
        gevent.spawn(watch_quota, environment, JOURNEYS_PER_USER)


@events.quitting.add_listener
def _judge(environment, **_kwargs) -> None:
    if not isinstance(environment.runner, WorkerRunner):
        gate(environment, _state["settings"])
    if _state["platform"] is not None:
        _state["platform"].close()


class GoldenPathPerson(User):
    """One person: sign in once, then the golden path ``E2E_LOCUST_JOURNEYS`` times."""

    wait_time = constant(0)

    def on_start(self) -> None:
        _state["count"] += 1
        self.index = _state["count"]
        self.settings = _state["settings"]
        self.journeys_left = JOURNEYS_PER_USER
        self.person = Person(f"Locust{self.index}", _email(self.index, self.settings), self.settings,
                             Evidence())
        self.signed_in = (self._stage("account", self.person.ensure_account)
                          and self._stage("sign-in", self.person.log_in))
        deadline = time.monotonic() + SPAWN_WAIT_S
        while self.environment.runner.state == "spawning" and time.monotonic() < deadline:
            gevent.sleep(0.05)

    @task
    def golden_path(self) -> None:
        if self.journeys_left <= 0:
            raise StopUser()
        self.journeys_left -= 1
        started = time.monotonic()
        try:
            if not self.signed_in:
                raise SuiteError(f"{self.person.name} could not sign in; see the sign-in failures")
            self._journey()
        except Exception as error:  # every failure counts, with the library's message
            self._report("journey", started, error)
        else:
            self._report("journey", started, None)
        finally:
            self.person.hang_up()
            self.person.evidence = Evidence()      # each journey's evidence on its own

    def on_stop(self) -> None:
        self.person.close()

    def _journey(self) -> None:
        person = self.person
        self._stage("connect", person.chat, reraise=True)
        turn = person.ask(cost_question(self.index))
        timing = TurnTiming.from_events(turn.sent_at, turn.events)
        for name, value in (("first event", timing.first_event_s), ("answer", timing.answer_s)):
            if value is not None:
                self._fire(name, value * 1000, None)
        expect_cost_answer(turn)          # a valid run first, then the answer: what a person got
        expect_every_step_shown(turn)
        history = self._stage("history", lambda: person.history(turn.thread_id), reraise=True)
        expect_exchange_in_history(history, turn)

    def _stage(self, name: str, action, reraise: bool = False):
        started = time.monotonic()
        try:
            value = action()
        except Exception as error:
            self._report(name, started, error)
            if reraise:
                raise
            return None
        self._report(name, started, None)
        return value if value is not None else True

    def _report(self, name: str, started: float, error: Exception | None) -> None:
        self._fire(name, (time.monotonic() - started) * 1000, error)

    def _fire(self, name: str, ms: float, error: Exception | None) -> None:
        self.environment.events.request.fire(request_type=STAGE_TYPE, name=name, response_time=ms,
                                             response_length=0, exception=error, context={})


def _email(index: int, settings) -> str:
    return f"locust{index}.{os.getpid()}.{RUN_ID}@{settings.email_domain}"
