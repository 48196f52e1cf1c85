"""The people of a scenario: each with a run-unique address and their own clients.

A ``Person`` is how steps talk to the platform: sign up, log in, ask, look
at conversations. People are made fresh for every scenario (``Cast``), with
addresses ``<name>.<run id>.<n>@<E2E_EMAIL_DOMAIN>`` so no scenario depends on
an account that must already exist, and two runs never collide.
"""

from __future__ import annotations

import secrets as random_secrets
import time
import uuid
from collections.abc import Iterator

from ..wire.api import BackendClient
from ..wire.auth import AuthClient, TokenPair
from ..wire.chat import ChatStream
from ..wire.handshake import Attempt, probe
from ..errors import ApiError, AuthRefused
from ..evidence import HTTP, Evidence, pointer, transcript
from ..rules.contract import check_body
from ..wire.http import RecordedHttp, Reply
from ..secrets import Secret, registry
from ..config.settings import Settings
from ..wire.tokens import mint
from ..wire import tickets
from ..wire.turns import Turn

RUN_ID = time.strftime("%Y%m%d%H%M%S") + uuid.uuid4().hex[:6]


class Person:
    def __init__(self, name: str, email: str, settings: Settings, evidence: Evidence) -> None:
        self.name, self.email, self.settings, self.evidence = name, email, settings, evidence
        self.password = Secret(random_secrets.token_urlsafe(12) + "-Aa1")
        registry.add(self.password)
        self.policy = settings.policy     # the run's rules (deadlines, carrier...), for each client
        self.auth = AuthClient(RecordedHttp(settings.auth_url, evidence, self.policy))
        self.api = BackendClient(RecordedHttp(settings.backend_url, evidence, self.policy),
                                 self.policy.dialect)
        self.session: TokenPair | None = None
        self._stream: ChatStream | None = None
        self.turns: list[Turn] = []
        self.signed_in_by: str | None = None   # sign-up, login, test-auth or mint: as it happened

    # -- accounts ------------------------------------------------------------
    def try_sign_up(self, email: str | None = None, password: str | None = None) -> Reply:
        return self.auth.register(email or self.email, password or self.password.reveal(), self.name)

    # A sign-in is a premise: a contract violation that leaves the pass working is recorded as a
    # finding on the scenario's evidence and the journey goes on (``TokenPair.from_reply``).
    def sign_up(self) -> TokenPair:
        self.session = TokenPair.from_reply(self.try_sign_up(), self.name, "sign up", self.evidence)
        self._signed_in("sign-up")
        return self.session

    def ensure_account(self) -> None:
        """The fastest route to 'has an account', by the target's sign-in mode."""
        if self.settings.auth_mode == "login":
            TokenPair.from_reply(self.try_sign_up(), self.name, "get an account by signing up",
                                self.evidence)

    def log_in(self) -> TokenPair:
        """Sign in by the target's mode. In ``mint`` and ``test-auth`` modes the pass did not come
        from a login, so it is presented to the auth service (``/auth/me``) before it counts:
        a pass the platform refuses fails here, at "logs in", not later or never."""
        mode = self.settings.auth_mode
        if mode == "login":
            reply = self.auth.login(self.email, self.password.reveal())
            self.session = TokenPair.from_reply(reply, self.name, "log in (login)", self.evidence)
            self.evidence.note(f"{self.name} logged in by login: email and password, "
                               f"answered in {reply.elapsed_s * 1000:.0f} ms")
            self._signed_in(mode)
            return self.session
        if mode == "test-auth":
            reply = self.auth.test_auth(self.settings.bypass_key.reveal(), self.email, self.name)
            self.session = TokenPair.from_reply(reply, self.name, "log in (test-auth)", self.evidence)
            how = "test-auth: the auth service's bypass endpoint issued the pass"
        else:
            user_id = str(uuid.uuid5(uuid.NAMESPACE_URL, self.email))
            token = mint(self.settings.jwt_secret.reveal(), user_id, self.email)
            self.session = TokenPair(token, "", user_id, self.email)
            how = "mint: the suite signed the pass itself with the target's secret"
        self._present_pass(how)
        self._signed_in(mode)
        return self.session

    def _present_pass(self, how: str) -> None:
        mode = self.settings.auth_mode
        reply = self.auth.me(self.session.access_token)
        email = reply.body.get("email") if isinstance(reply.body, dict) else None
        if not reply.ok or (email or "").lower() != self.email.lower():
            raise AuthRefused(
                f"{self.name} logged in by {mode}, but the auth service did not accept the pass as "
                f"{self.email}: /auth/me answered {reply.status} {reply.text[:200]!r} after "
                f"{reply.elapsed_s * 1000:.0f} ms", status=reply.status,
                evidence=pointer(HTTP))
        self.evidence.note(f"{self.name} logged in by {how}; the auth service accepted the pass "
                           f"at /auth/me as {email} in {reply.elapsed_s * 1000:.0f} ms")

    def _signed_in(self, how: str) -> None:
        """Evidence of how this person really got their pass (never the pass itself)."""
        self.signed_in_by = how
        self.evidence.record("sign-in", f"{self.name} signed in by {how}; the chat pass travels "
                                        f"by {self.carrier}")

    def sign_in_evidence(self) -> dict[str, str]:
        """What the report shows for this person: how they signed in, how the pass travelled."""
        return {"sign-in": self.signed_in_by or "not signed in", "chat pass": self.carrier}

    def _note_carrier(self, knock: str = "opens the chat", channel: str = "") -> None:
        self.evidence.record(transcript(f"{self.name}{channel}"),
                             f"{self.name} {knock}; pass by {self.carrier}, signed in by "
                             f"{self.signed_in_by or 'nobody'}", direction="note", kind="sign-in")

    @property
    def carrier(self) -> str:
        """How this person's pass travels to the chat: the policy's, until they come back by ticket."""
        return self.policy.carrier

    @property
    def token(self) -> str:
        if self.session is None:
            self.log_in()
        return self.session.access_token

    # -- chatting ------------------------------------------------------------
    def chat(self) -> ChatStream:
        if self._stream is None:
            self._stream = self.open_chat()
        return self._stream

    def open_chat(self, token: str | None = None, channel: str = "") -> ChatStream:
        """A new chat; ``channel`` ("…, attempt 3") gives it a transcript of its own."""
        self._note_carrier(channel=channel)
        if self.carrier == tickets.TICKET:
            return self.open_chat_with(tickets.ticket_for(self, token), channel)
        return ChatStream(f"{self.name}{channel}", self.settings.websocket_url, token or self.token,
                          self.evidence, self.policy)

    def open_chat_with(self, ticket: "tickets.ChatTicket", channel: str = "") -> ChatStream:
        """Into the chat with a ticket alone, as the real web app does."""
        return ChatStream(f"{self.name}{channel}", tickets.open_url(self, ticket), None, self.evidence,
                          tickets.by_ticket(self))

    def try_chat(self, token: str | None) -> Attempt:
        """Knock on the chat's door with ``token`` (or none) and watch what it does."""
        self._note_carrier("knocks on the chat", " (refusal check)")
        if self.carrier == tickets.TICKET:
            return tickets.knock_with_pass(self, token)
        return probe(self.name, self.settings.websocket_url, token, self.evidence, self.policy)

    def enter_chat_with(self, ticket: "tickets.ChatTicket") -> ChatStream:
        """Hang up, then come back in with ``ticket`` alone; later questions use this connection."""
        self.hang_up()
        self.policy = tickets.by_ticket(self)
        self._note_carrier("opens the chat with a chat ticket")
        self._stream = self.open_chat_with(ticket)
        return self._stream

    def reconnect(self) -> ChatStream:
        self.hang_up()
        return self.chat()

    def ask(self, question: str, thread_id: str | None = None) -> Turn:
        turn = self.chat().ask(question, thread_id)
        self.turns.append(turn)
        return turn

    @property
    def last_turn(self) -> Turn:
        if not self.turns:
            raise ApiError(f"{self.name} has not asked anything yet in this scenario")
        return self.turns[-1]

    def hang_up(self) -> None:
        stream, self._stream = self._stream, None
        if stream is not None:
            stream.close()

    # -- conversations -------------------------------------------------------
    def conversations(self) -> list[dict]:
        reply = self.api.threads(self.token)
        _expect_ok(reply, self.name, "list their conversations")
        check_body("backend.thread_list", reply.body)
        return reply.body

    def history(self, thread_id: str, limit: int | None = None, offset: int | None = None) -> dict:
        reply = self.api.messages(self.token, thread_id, limit, offset)
        _expect_ok(reply, self.name, f"read the history of conversation {thread_id}")
        check_body("backend.messages", reply.body)
        return reply.body

    def close(self) -> None:
        self.hang_up()
        self.auth.http.close()
        self.api.http.close()


class Cast:
    """The people of one scenario, made on first mention."""

    def __init__(self, settings: Settings, evidence: Evidence) -> None:
        self.settings, self.evidence = settings, evidence
        self._people: dict[str, Person] = {}

    def __getitem__(self, name: str) -> Person:
        if name not in self._people:
            unique = f"{name.lower()}.{RUN_ID}.{uuid.uuid4().hex[:8]}"
            self._people[name] = Person(name, f"{unique}@{self.settings.email_domain}",
                                        self.settings, self.evidence)
        return self._people[name]

    def everyone(self) -> list[Person]:
        return list(self._people.values())

    def close(self) -> None:
        for person in self._people.values():
            person.close()


def cast_fixture(context, settings: Settings, evidence: Evidence) -> Iterator[Cast]:
    """behave fixture (``use_fixture``): the scenario's people, closed however it ends."""
    context.people = Cast(settings, evidence)
    try:
        yield context.people
    finally:
        context.people.close()


def _expect_ok(reply: Reply, who: str, action: str) -> None:
    if not reply.ok:
        raise ApiError(f"{who} could not {action}: {reply.describe()}", status=reply.status,
                       evidence=pointer(HTTP))
