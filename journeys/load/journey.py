"""One person's golden path inside a load run, stage by stage, on one event loop.

The stages are the ones a person lives through and the objectives speak of:
getting an account (login mode only), signing in by the target's auth mode,
connecting, the first event, the answer, and finding the exchange in the
history. Each is timed on ``time.monotonic()``; a stage that did not happen has
no figure (measured values only).

Correctness is judged by the same functions the journeys use: the run with
``expectations.expect_every_step_shown`` (run rules and the five golden-path
kinds), the answer with ``expectations.expect_cost_answer`` (meaningful, from a
tool, stating the tool's figures), the history with
``expectations.expect_exchange_in_history``; every body goes through
``contract.check_body`` and every event through ``contract.check_event``.
"""

from __future__ import annotations

import secrets as random_secrets
import time
import uuid
from dataclasses import dataclass

from ..wire.auth import LIFETIME_CAUSE, TokenPair
from ..rules.contract import check_body
from ..errors import (ApiError, ContractViolation, PlatformError, ProtocolViolation, StreamClosed,
                     StreamTimeout, SuiteError)
from ..capabilities.expectations import expect_cost_answer, expect_every_step_shown, expect_exchange_in_history
from ..evidence import Evidence
from ..findings import Finding
from .chat import LoadChat
from .http import LoadHttp
from ..wire.replies import Reply
from ..capabilities.questions import cost_question
from ..secrets import Secret, registry
from ..config.settings import Settings
from ..rules.slo import TurnTiming
from ..wire.tickets import TICKET, ticket_url
from ..wire.tokens import lifetime_mismatch, mint


@dataclass
class LoadPerson:
    """A run-unique person of the crowd; the password never leaves this object."""

    index: int
    email: str
    password: Secret
    token: str | None = None

    @property
    def who(self) -> str:
        return f"person {self.index + 1}"

    @property
    def question(self) -> str:
        return cost_question(self.index)

    @classmethod
    def make(cls, index: int, run_id: str, domain: str) -> LoadPerson:
        password = Secret(random_secrets.token_urlsafe(12) + "-Aa1")
        registry.add(password)
        unique = f"load{index + 1}.{run_id}.{uuid.uuid4().hex[:6]}"
        return cls(index, f"{unique}@{domain}", password)


@dataclass
class JourneyResult:
    """What one person's journey measured, and why it failed if it did."""

    who: str
    account_s: float | None = None
    sign_in_s: float | None = None
    connect_s: float | None = None
    timing: TurnTiming | None = None
    history_s: float | None = None
    finished_at: float | None = None
    failure: str | None = None          # the error's message (category first), None when it passed
    lost_events: bool = False           # the run lacked events it must have had
    meaningful: bool | None = None      # its answer was a meaningful costed one; None: no answer came

    @property
    def passed(self) -> bool:
        return self.failure is None and self.finished_at is not None


class LoadClients:
    """The crowd's way to the two HTTP services."""

    def __init__(self, settings: Settings, evidence: Evidence | None = None) -> None:
        self.settings, self.policy = settings, settings.policy     # the deadlines, carrier, dialect
        self.evidence = evidence   # a behave step's crowd: where a sign-in's findings go (else raised)
        self.auth = LoadHttp(settings.auth_url, self.policy.wait_s)
        self.backend = LoadHttp(settings.backend_url, self.policy.wait_s)


async def get_account(clients: LoadClients, person: LoadPerson, result: JourneyResult) -> None:
    """Login mode needs an account first: register for real (not part of sign-in's figure)."""
    if clients.settings.auth_mode != "login":
        return
    started = time.monotonic()
    reply = await clients.auth.call(person.who, "get an account", "POST", "/auth/register",
                                    json_body={"email": person.email, "name": person.who,
                                               "password": person.password.reveal()})
    _token_pair(reply, person.who, "get an account by signing up", started, clients.evidence)
    result.account_s = time.monotonic() - started


async def sign_in(clients: LoadClients, person: LoadPerson, result: JourneyResult) -> None:
    """Sign in by the target's auth mode; the figure is this call alone."""
    s = clients.settings
    started = time.monotonic()
    if s.auth_mode == "mint":
        user_id = str(uuid.uuid5(uuid.NAMESPACE_URL, person.email))
        person.token = mint(s.jwt_secret.reveal(), user_id, person.email)
    else:
        if s.auth_mode == "login":
            reply = await clients.auth.call(person.who, "log in", "POST", "/auth/login",
                                            json_body={"email": person.email,
                                                       "password": person.password.reveal()})
        else:
            reply = await clients.auth.call(person.who, "sign in by test-auth", "POST",
                                            "/auth/e2e/test-auth", json_body={"email": person.email},
                                            headers={"X-E2E-Bypass-Key": s.bypass_key.reveal()})
        person.token = _token_pair(reply, person.who, f"log in ({s.auth_mode})", started,
                                   clients.evidence).access_token
    result.sign_in_s = time.monotonic() - started


async def connect(clients: LoadClients, person: LoadPerson, result: JourneyResult) -> LoadChat:
    """Open the chat and wait for ``connection_established``: the connect stage."""
    s = clients.settings
    started = time.monotonic()
    url, token = s.websocket_url, person.token
    if clients.policy.carrier == TICKET:      # the ticket is part of connecting, as in the web app
        reply = await clients.backend.call(person.who, "get a chat ticket", "POST", s.ticket_path,
                                           json_body={"single_use": True},
                                           headers={"Authorization": f"Bearer {token}"})
        if not reply.ok:
            raise ApiError(f"{person.who} could not get a chat ticket: the backend answered "
                           f"{reply.status} {reply.text[:200]!r}", status=reply.status)
        body = reply.body
        ticket_id = body.get("ticket_id") if isinstance(body, dict) else None
        if not isinstance(ticket_id, str) or not ticket_id:
            raise ContractViolation(f"{person.who} asked for a chat ticket and got no ticket_id")
        registry.add(ticket_id)
        url, token = ticket_url(s.websocket_url, ticket_id), None
    chat = await LoadChat.open(person.who, url, token, clients.policy)
    result.connect_s = time.monotonic() - started
    return chat


async def ask_and_check(clients: LoadClients, person: LoadPerson, chat: LoadChat,
                        result: JourneyResult) -> None:
    """Ask, a full valid run, a meaningful costed answer, nobody else's events, the history."""
    try:
        turn = await chat.ask(person.question)
    finally:
        await chat.close()
    result.timing = TurnTiming.from_events(turn.sent_at, turn.events)
    if turn.refusal is None and _lost_events(turn):
        result.lost_events = True
    result.meaningful = False         # until the answer is judged: a rate, beside the percentiles
    expect_cost_answer(turn)          # a valid run first, then the answer: says what a person got
    result.meaningful = True
    expect_every_step_shown(turn)
    if turn.foreign:
        runs = sorted({str(e.run_id) for e in turn.foreign})
        raise ProtocolViolation(f"{person.who} received {len(turn.foreign)} event(s) of "
                                f"{len(runs)} run(s) they did not start ({', '.join(runs[:3])}); a "
                                f"person's events must go only to that person's connections")
    asked = time.monotonic()
    reply = await clients.backend.call(person.who, "read their history", "GET",
                                       f"/api/threads/{turn.thread_id}/messages",
                                       headers={"Authorization": f"Bearer {person.token}"})
    if not reply.ok:
        raise ApiError(f"{person.who} could not read the history of conversation "
                       f"{turn.thread_id}: {reply.status} {reply.text[:300]}", status=reply.status)
    body = reply.read("backend.messages", clients.policy.dialect).body
    check_body("backend.messages", body)
    expect_exchange_in_history(body, turn)
    result.history_s = time.monotonic() - asked
    result.finished_at = time.monotonic()


async def guarded(stage: str, coroutine, result: JourneyResult) -> tuple[bool, object]:
    """Run one stage: (True, its value), or (False, None) with the failure on the result."""
    try:
        return True, await coroutine
    except (StreamTimeout, StreamClosed) as error:
        result.lost_events = result.lost_events or stage == "journey"
        result.failure = f"[{stage}] {error}"
    except (PlatformError, SuiteError) as error:
        result.failure = f"[{stage}] {error}"
    except Exception as error:  # a bug of ours must show as such, not vanish in a crowd
        result.failure = f"[{stage}] suite defect: {type(error).__name__}: {registry.mask(str(error))}"
    return False, None


def _lost_events(turn) -> bool:
    """A run that began and lacks what must come: its start, its end, or a tool's completion."""
    kinds = turn.kinds()
    return ("agent_started" not in kinds or turn.terminal is None
            or kinds.count("tool_executing") > kinds.count("tool_completed"))


def _token_pair(reply: Reply, who: str, action: str, started: float,
                evidence: Evidence | None = None) -> TokenPair:
    """As ``TokenPair.from_reply``: with a premise's ``evidence``, an ``expires_in`` that disagrees
    with the pass is a finding there and the crowd goes on; without (load mode), it fails."""
    if not reply.ok:
        raise ApiError(f"{who} could not {action}: the auth service answered {reply.status} "
                       f"{reply.text[:300]!r} after {(time.monotonic() - started) * 1000:.0f} ms",
                       status=reply.status)
    body = reply.body
    check_body("auth.token_pair", body)
    registry.add(body["access_token"])
    registry.add(body["refresh_token"])
    mismatch = lifetime_mismatch(body["access_token"], body.get("expires_in"))
    if mismatch:
        problem = ContractViolation(f"{who} could {action}; yet {mismatch}", cause=LIFETIME_CAUSE)
        if evidence is None:
            raise problem
        evidence.found(Finding.of(problem, who, action))
    user = body.get("user") or {}
    return TokenPair(body["access_token"], body["refresh_token"], str(user.get("id", "")),
                     str(user.get("email", "")))

