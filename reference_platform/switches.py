"""Everything that makes one run of the reference platform differ from another.

The suite must prove it catches each defect the real platform has shown, and must
accept each variant the contract allows. Both are switches here, named once, so the
CLI, the apps and the tests all speak the same names. A switch that is on must
really produce its behaviour: the platform tests check each one.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .netra import DIALECTS
from .variance import Variance

DEFECTS: dict[str, str] = {
    "close-after-first-frame": "WebSocket closes 1000 'main cleanup' right after the client's first frame",
    "close-before-established": "WebSocket accepts, then closes 1000 'main cleanup' before connection_established",
    "no-reply": "user_message and start_agent get no reply at all (ping is still answered)",
    "echo-answer": "the answer is 'This is a simulated response to: <question>' and no tool runs",
    "demo-auth": "WebSocket accepts any token, or none, and answers as user 'demo-user'",
    "auth-close-1011": "a WebSocket auth failure closes 1011 instead of 1008",
    "health-unhealthy": "backend /health answers 503 unhealthy and /api/health reports unhealthy",
    "events-out-of-order": "agent_thinking is sent before agent_started",
    "missing-tool-completed": "the first tool_completed of a run is never sent",
    "double-completion": "agent_completed is sent twice",
    "event-after-completion": "an agent_thinking follows agent_completed",
    "cross-user-events": "run events are also sent to every other open connection, other users included",
    "history-not-stored": "no message is persisted",
    "reusable-refresh-token": "a refresh token works more than once",
    "expired-tokens-accepted": "token expiry is not checked anywhere",
    "logout-not-revoking": "logout answers 200 but the access token keeps working",
    "alg-none-accepted": "unsigned alg=none tokens are accepted by the backend and the WebSocket",
    "refresh-as-access": "refresh tokens are accepted as access tokens",
    "foreign-thread-readable": "another user's thread and its messages answer 200",
    "slow-answer": "agent_completed arrives only ~2.5 s after the user's frame",
    "slow-first-event": "agent_started arrives only ~1.5 s after the user's frame",
    "traceback-on-malformed-json": "malformed JSON gets HTTP 500 with a Python traceback, on auth and backend",
    "duplicate-email-accepted": "registering twice with one email succeeds",
    "events-without-run-id": "run events carry no run_id",
    "malformed-frame-kills-connection": "a malformed JSON frame closes the WebSocket with 1011",
    "unknown-type-kills-connection": "a frame of unknown type closes the WebSocket with 1011",
    "renamed-field": "agent_completed carries final_answer instead of final_response",
    "wrong-type": "tool_completed duration_ms is a string such as '12ms'",
    "leaky-agent-error": "agent_error's error_message includes a Python traceback (pair with fail_next_runs)",
    "login-reveals-unknown-email": "login's 401 message differs for an unknown email and a wrong password",
    "discovery-wrong-urls": "discovery reports localhost:8000-style URLs that are not the ones served",
    "threads-oldest-first": "the thread list is oldest first",
    "ping-unanswered": "ping gets no pong",
    "tickets-refused": "the chat refuses every chat ticket, a fresh one included",
    "ticket-reusable": "a chat ticket opens the chat any number of times",
    "ticket-never-expires": "a chat ticket still opens the chat after its ttl_seconds",
    "ticket-unknown-accepted": "a made-up chat ticket opens the chat (as user 'ticket-guest')",
    "ticket-reuse-while-open": "a used chat ticket opens the chat again while its first connection is open",
    "leak-source-line": "a garbled request is refused 422 with 'x.py:123 in name' frames under debug.stack_trace",
    "expires-in-mismatch": "access tokens last 2 hours while the pair's expires_in says the usual ttl (900 s)",
    "no-heartbeat": "no heartbeat is ever sent, whatever the heartbeat interval",
    "follow-up-without-context": "a question in an existing thread is answered without the thread's earlier turns",
    "comparison-names-one-model": "a question comparing several models is answered for the first model only",
    "stop-ignored": "stop_agent is ignored: the answer goes on and no agent_stopped is sent",
    "stop-anyones-answer": "stop_agent stops the run it names, another person's included",
    "answers-to-latest-device": "a run's events go only to the person's most recently opened chat, not the one that asked",
    "overlapping-runs-share-id": "a run started while another runs on the same chat carries the first run's run_id",
    "half-answer-on-drop": "when the chat drops mid-answer the run stops and half the answer is stored as if whole",
    "rate-limit-never-resets": "a person refused by the rate limit stays refused (needs --rate-limit)",
    "long-question-truncated": "a question over the length limit is cut to the limit and answered",
    "off-topic-made-up-costs": "an answer that used no tool ends with a made-up monthly cost figure",
    "foreign-thread-writable": "a chat message naming another person's conversation is answered and added to it",
    "follow-up-across-conversations": "a question naming no model, in a new conversation, is answered for the model of the person's previous conversation",
    "fallback-answer": "POST /api/agents/execute answers success with 'Fallback triage agent response: Successfully processed '<question>' using recovery mechanism'",
    "mock-answer": "POST /api/agents/execute answers success with 'Mock triage agent response for: <question>'",
    "execute-failed-200": "POST /api/agents/execute answers 200 with {\"status\": \"error\", \"error\": ...} and no answer",
    "chat-fallback-answer": "the chat's final answer is 'I've processed your message: '<question>'. This is a streaming response ...'",
    "completion-without-text": "agent_completed's final_response is {\"status\": \"completed\", \"success\": true}: no answer text",
    "error-frame-leak": "a bad message is refused with 'Failed to get conversation history: Traceback ...'",
    "error-frame-mid-run": "a run sends 'Message processing failed: ...' as an error frame after agent_started, then nothing more",
    "stopped-answer-written-late": "a stopped run goes on unseen and writes its whole answer into the history when it would have finished",
}

VARIANTS: dict[str, str] = {
    "health-ok": "backend GET /health answers {\"status\":\"ok\"}",
    "iso-timestamps": "every timestamp is an ISO 8601 string instead of Unix seconds",
    "created-201": "register and POST /api/threads answer 201 instead of 200",
    "ws-refuse-handshake": "bad WebSocket auth is refused at the handshake with HTTP 403",
    "ack-unknown-type": "a frame of unknown type gets {\"type\":\"ack\"} instead of error_message",
    "payload-fields": "the nested shape puts event fields under 'payload' instead of 'data'",
}

SHAPES: tuple[str, ...] = ("flat", "nested", "wrapped")


@dataclass(frozen=True)
class Switches:
    """The behaviour one platform process was started with; immutable while it runs."""

    defects: frozenset[str] = field(default_factory=frozenset)
    variants: frozenset[str] = field(default_factory=frozenset)
    shape: str = "flat"
    pause_ms: int = 30
    heartbeat_ms: int = 0
    production: bool = False
    access_ttl_s: int = 900
    refresh_ttl_s: int = 86400
    hash_cost: int = 2**14
    ticket_ttl_s: int = 300
    dialect: str = ""          # "" = the contract's own; "netra" = the real platform's (netra.py)
    chatter: bool = False      # frames of kinds the contract does not name, at any time
    rate_limit: int = 0               # questions per person per rate_window_s; 0 = no limit
    rate_window_s: float = 1.0
    vary: str = ""             # "SEED:BAD_SHARE": the agent varies like a model (variance.py); "" = never

    def __post_init__(self) -> None:
        unknown = sorted(set(self.defects) - DEFECTS.keys())
        if unknown:
            raise ValueError(unknown_name_message("defect", unknown[0], DEFECTS))
        unknown = sorted(set(self.variants) - VARIANTS.keys())
        if unknown:
            raise ValueError(unknown_name_message("variant", unknown[0], VARIANTS))
        if self.dialect not in ("", *DIALECTS):
            raise ValueError(f"unknown dialect {self.dialect!r}; valid dialects: {', '.join(DIALECTS)}")
        if self.shape not in SHAPES:
            raise ValueError(f"unknown shape {self.shape!r}; valid shapes: {', '.join(SHAPES)}")
        if self.vary:
            Variance.parse(self.vary)

    @property
    def variance(self) -> Variance | None:
        return Variance.parse(self.vary) if self.vary else None

    def defect(self, name: str) -> bool:
        """True when ``name`` is on; a typo is a programming error, so it raises."""
        if name not in DEFECTS:
            raise KeyError(f"no defect switch named {name!r}")
        return name in self.defects

    def variant(self, name: str) -> bool:
        """True when ``name`` is on; a typo is a programming error, so it raises."""
        if name not in VARIANTS:
            raise KeyError(f"no variant named {name!r}")
        return name in self.variants


def unknown_name_message(kind: str, name: str, valid: dict[str, str]) -> str:
    """One line a person can act on: what was wrong and every name that would work."""
    return f"unknown {kind} {name!r}; valid {kind}s: {', '.join(sorted(valid))}"
