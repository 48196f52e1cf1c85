"""How a target's platform may differ from the contract without being wrong (CONTRACT.md section 8).

A target declares the differences its platform speaks, by name, in ``E2E_ACCEPT``
(``config/<target>.env``); ``E2E_DIALECT=netra`` declares every difference of the
real platform at once. Nothing declared means the contract, strictly.

Each accepted difference is a *translation* from the platform's form into the
contract's, applied where the frame or body is read and before the contract's
check. The evidence keeps what was really received, and without the declaration
the platform's form reaches the check unchanged and fails it. Where a difference
leaves nothing to check (a health report without checks, a tool catalogue of
flags), the journey says so instead of inventing what is missing. Differences
that are defects (a token pair whose ``expires_in`` disagrees with the token, a
demo user in the chat) have no name here: they are never accepted.

The real platform's ``{"type": "error"}`` refusal is a declared difference
(``error-frames``), not read for every target: it is tolerance, and the report must
say so. Without it such a frame is another kind, kept as evidence, and the
journey waits out its deadline with the frame among the last ones it shows.

The run's list of accepted differences goes to the report (``accepted_list``),
to ``<reports>/accepted-differences.json`` and, once, to the console.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .answer_and_error_text import answer_in, error_in_contract_terms

SHORT_ID_CHARS = 8
EXECUTE_AGENT_TYPE = "triage"


@dataclass(frozen=True)
class Difference:
    name: str
    contract: str      # what CONTRACT.md asks, in plain words
    accepted: str      # what the platform does instead, also in plain words


DIFFERENCES: tuple[Difference, ...] = (
    Difference("greeting-short-user-id", "the chat's greeting names the user of the pass",
               "the greeting shows the first 8 characters of the user's id followed by '...' "
               "(another user, or a demo user, is still a defect)"),
    Difference("tools-paired-by-name", "execution_id pairs each tool start with its completion",
               "tool events carry no execution_id: starts and completions pair by tool name, in order"),
    Difference("tool-duration-execution-time", "a finished tool says how long it took in duration_ms",
               "a finished tool says it in execution_time_ms"),
    Difference("answer-in-result", "the run's completion holds the answer text in final_response",
               "the completion holds the answer as an object with the text (e.g. {\"response\": "
               "...}), in final_response and/or result; the text is read from it (an object that "
               "holds no text is still a violation)"),
    Difference("run-events-without-thread", "every event of a run names its conversation (thread_id)",
               "some events of a run name only the run; the conversation is the one the run's "
               "other events name"),
    Difference("other-frames", "the chat sends only the kinds of frame the contract names",
               "the chat also sends frames of other kinds (typing, status, metrics ...); they are "
               "kept in the transcript and ignored (the suite ignores them in any case; declaring "
               "them puts the difference on the report)"),
    Difference("subprotocol-echoes-token", "the chat selects the jwt-auth subprotocol",
               "the chat selects the subprotocol that carries the pass (jwt.<...>)"),
    Difference("error-frames", "the chat refuses with error_message (error_code and its words in "
               "error_message), and a failed run's agent_error says why in error_message",
               "the chat also refuses with {\"type\": \"error\"}, its words in message, error, "
               "payload.error or error.message and its code, if any, in error_code, code or "
               "error.code; agent_error may say why under error. Read as the contract's refusal "
               "(leak-checked like any other; no code is invented) and agent_error's words"),
    Difference("health-ready-without-checks", "the backend's health report is at /api/health, with "
               "a status per check", "the report is at /api/health/ready and says only ok: no "
               "check is named, so none is judged"),
    Difference("discovery-unavailable-flag", "the service directory says it is available",
               "it says available: false while still giving the addresses, which are what is checked"),
    Difference("tool-capability-flags", "each tool server lists its tools",
               "each tool server has true/false capability flags: the catalogue names no tool, so "
               "whether it lists the tools seen at work cannot be checked (that journey is skipped)"),
    Difference("thread-updated-at-null", "a conversation has a time it was last updated",
               "that time is empty until the conversation changes (its creation time stands in)"),
    Difference("message-content-parts", "a stored message's content is its text",
               "content is a list of parts, each with its text under text.value"),
    Difference("execute-needs-type", "a complete answer over HTTP needs only the question, and "
               "replies with the answer and its conversation",
               "the request also names an agent type (triage); the reply is status success with "
               "the answer under response and no conversation id (it is found in the history)"),
)
NAMES: tuple[str, ...] = tuple(d.name for d in DIFFERENCES)
DIALECTS: dict[str, tuple[str, ...]] = {"netra": NAMES}


@dataclass(frozen=True)
class Dialect:
    """The differences one target accepts; empty means the contract, strictly."""

    accepted: frozenset[str] = field(default_factory=frozenset)

    def __post_init__(self) -> None:
        unknown = sorted(set(self.accepted) - set(NAMES))
        if unknown:
            raise ValueError(unknown_message(unknown[0]))

    def accepts(self, name: str) -> bool:
        if name not in NAMES:
            raise KeyError(f"no contract difference named {name!r}")
        return name in self.accepted

    @property
    def strict(self) -> bool:
        return not self.accepted

    def accepted_list(self) -> list[dict[str, str]]:
        """In the table's order, as the report and accepted-differences.json show them."""
        return [{"name": d.name, "contract": d.contract, "accepted": d.accepted}
                for d in DIFFERENCES if d.name in self.accepted]

    def describe(self) -> str:
        if self.strict:
            return "contract differences accepted: none (the contract, strictly)"
        lines = [f"contract differences accepted ({len(self.accepted)}):"]
        lines += [f"  - {d['name']}: {d['accepted']}" for d in self.accepted_list()]
        return "\n".join(lines)

    # -- the chat ------------------------------------------------------------------------
    def greeting_names(self, shown: object, subject: str) -> bool:
        """Whether the greeting's user_id names ``subject`` (the pass's ``sub``)."""
        text = str(shown)
        if text == subject:
            return True
        return (self.accepts("greeting-short-user-id") and len(subject) > SHORT_ID_CHARS
                and text == subject[:SHORT_ID_CHARS] + "...")

    def selected_subprotocol_ok(self, selected: str | None) -> bool:
        """With the subprotocol carrier: the contract has the chat select ``jwt-auth``."""
        if selected in (None, "jwt-auth"):
            return True
        return selected.startswith("jwt.") and self.accepts("subprotocol-echoes-token")

    def event_fields(self, kind: str, fields: dict, run: "RunMemory") -> dict:
        """A run event's fields in the contract's terms (a copy; the frame itself is untouched)."""
        out = dict(fields)
        if kind in ("tool_completed",) and self.accepts("tool-duration-execution-time"):
            if "duration_ms" not in out and "execution_time_ms" in out:
                out["duration_ms"] = out["execution_time_ms"]
        if kind == "agent_completed" and self.accepts("answer-in-result"):
            if not isinstance(out.get("final_response"), str):
                text = answer_in(out.get("final_response")) or answer_in(out.get("result"))
                if text is not None:
                    out["final_response"] = text
        if kind in ("error_message", "agent_error") and self.accepts("error-frames"):
            out = error_in_contract_terms(out)
        if kind in ("tool_executing", "tool_completed") and self.accepts("tools-paired-by-name"):
            if out.get("execution_id") is None:
                out["execution_id"] = run.pairing_id(kind, out.get("run_id"), out.get("tool_name"))
        if self.accepts("run-events-without-thread"):
            run_id = out.get("run_id")
            if out.get("thread_id") is None and run_id is not None:
                known = run.threads.get(str(run_id))
                if known is not None:
                    out["thread_id"] = known
            if out.get("thread_id") is not None and run_id is not None:
                run.threads.setdefault(str(run_id), out["thread_id"])
        return out

    def thread_may_be_missing(self) -> bool:
        return self.accepts("run-events-without-thread")

    def contract_kind(self, kind: str) -> str:
        """The contract's name for a frame's kind: ``error`` is the refusal once accepted."""
        return "error_message" if kind == "error" and self.accepts("error-frames") else kind

    def optional_fields(self, kind: str) -> tuple[str, ...]:
        """Required fields an event of ``kind`` may leave out under this dialect."""
        optional = ("thread_id",) if self.thread_may_be_missing() else ()
        if kind == "error_message" and self.accepts("error-frames"):
            optional += ("error_code",)     # beta-17's {"type": "error", "message": ...} has none
        return optional

    # -- HTTP bodies ---------------------------------------------------------------------
    @property
    def health_report_path(self) -> str:
        return "/api/health/ready" if self.accepts("health-ready-without-checks") else "/api/health"

    def health_report_has_checks(self) -> bool:
        return not self.accepts("health-ready-without-checks")

    def execute_request(self, message: str, thread_id: str | None) -> dict:
        body: dict = {"message": message}
        if self.accepts("execute-needs-type"):
            body["type"] = EXECUTE_AGENT_TYPE
        if thread_id is not None:
            body["thread_id"] = thread_id
        return body

    def execute_thread_optional(self) -> tuple[str, ...]:
        """Fields a complete answer over HTTP may leave out under this dialect."""
        return ("thread_id",) if self.accepts("execute-needs-type") else ()

    def catalogue_names_tools(self) -> bool:
        return not self.accepts("tool-capability-flags")

    def body(self, kind: str, body: object) -> object:
        """An HTTP body in the contract's terms; ``body`` itself is never changed."""
        if kind == "backend.api_health" and self.accepts("health-ready-without-checks"):
            if isinstance(body, dict) and body.get("status") == "ok":
                return {**body, "status": "healthy"}
        if kind == "backend.discovery" and self.accepts("discovery-unavailable-flag"):
            if isinstance(body, dict) and body.get("available") is False:
                return {**body, "available": True}
        if kind == "backend.mcp_servers" and self.accepts("tool-capability-flags"):
            if isinstance(body, dict) and isinstance(body.get("data"), list):
                return {**body, "data": [_flags_as_lists(s) for s in body["data"]]}
        if kind == "backend.thread" and self.accepts("thread-updated-at-null"):
            return _updated(body)
        if kind == "backend.thread_list" and self.accepts("thread-updated-at-null"):
            return [_updated(t) for t in body] if isinstance(body, list) else body
        if kind == "backend.messages" and self.accepts("message-content-parts"):
            if isinstance(body, dict) and isinstance(body.get("messages"), list):
                return {**body, "messages": [_joined(m) for m in body["messages"]]}
        if kind == "backend.execute" and self.accepts("execute-needs-type"):
            if isinstance(body, dict) and body.get("status") == "success":
                return {**body, "status": "completed"}
        return body


class RunMemory:
    """What translating a connection's events needs to remember: per-run counters and threads."""

    def __init__(self) -> None:
        self.threads: dict[str, object] = {}
        self._counts: dict[tuple, int] = {}

    def pairing_id(self, kind: str, run_id: object, tool_name: object) -> str:
        """The n-th start of a tool pairs with the n-th completion of that tool, in its run."""
        key = (kind, str(run_id), str(tool_name))
        self._counts[key] = self._counts.get(key, 0) + 1
        return f"{tool_name}#{self._counts[key]} (paired by name)"


STRICT = Dialect()


def from_declarations(dialect_name: str | None, accept: tuple[str, ...]) -> tuple[Dialect, list[str]]:
    """``E2E_DIALECT`` and ``E2E_ACCEPT`` read together; problems are returned, not raised."""
    problems: list[str] = []
    names: set[str] = set()
    if dialect_name:
        if dialect_name in DIALECTS:
            names |= set(DIALECTS[dialect_name])
        else:
            problems.append(f"E2E_DIALECT is {dialect_name!r}; known dialects: {', '.join(DIALECTS)}")
    for name in accept:
        if name in NAMES:
            names.add(name)
        else:
            problems.append(f"E2E_ACCEPT names {name!r}, which is not a contract difference the "
                            f"suite knows; known names: {', '.join(NAMES)}")
    return Dialect(frozenset(names)), problems


def unknown_message(name: str) -> str:
    return f"unknown contract difference {name!r}; known names: {', '.join(NAMES)}"


def _flags_as_lists(server: object) -> object:
    """True/false capability flags: nothing to list, so a flag that is on reads as 'some'."""
    if not isinstance(server, dict) or not isinstance(server.get("capabilities"), dict):
        return server
    caps = {k: (["(not named)"] if v is True else [] if v is False else v)
            for k, v in server["capabilities"].items()}
    return {**server, "capabilities": caps}


def _updated(thread: object) -> object:
    if isinstance(thread, dict) and thread.get("updated_at") is None and "created_at" in thread:
        return {**thread, "updated_at": thread["created_at"]}
    return thread


def _joined(message: object) -> object:
    if not isinstance(message, dict) or not isinstance(message.get("content"), list):
        return message
    texts = []
    for part in message["content"]:
        text = part.get("text") if isinstance(part, dict) else None
        if isinstance(text, dict):
            text = text.get("value")
        if not isinstance(text, str):
            return message          # a part we cannot read: left for the contract check to name
        texts.append(text)
    return {**message, "content": "".join(texts)}


__all__ = ["DIFFERENCES", "DIALECTS", "NAMES", "STRICT", "Dialect", "Difference", "RunMemory",
           "from_declarations"]
