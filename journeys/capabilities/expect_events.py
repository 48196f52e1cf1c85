"""What a person should see of the assistant's live work: greeting, runs, pings and tools.

``expectations.py`` checks an answer; this module checks the stream around it
(CONTRACT.md section 5): the chat greets first and as the right person, a run
keeps the order rules (``run_rules.check_run``) and ends with exactly one
completion, keep-alive signals stay outside runs, a ping is answered, and
tools show up as finished pairs whose results the answer uses.

Decisions, kept here so a reader of a failure can check them:

- The greeting's ``user_id`` must be the ``sub`` of the pass that opened the
  connection: the contract creates a user on first use under that claim, and a
  greeting for anyone else (a demo user) means the chat is not really signed in.

- "Uses a tool's result" follows the contract for any platform: the answer
  states at least one number of the results (rounded as ``answers.py`` says).
  Results that hold no number give nothing to look for, as in the contract.
- The stricter reading, "each tool's *new* figures" (numbers of its results that
  were not among its parameters, so restating the question's volume does not
  count), is only for ``@local-only`` journeys: the contract promises less.
- "At least two tools" is only asked of the reference platform: the contract
  names no tools, and a real agent may do a comparison in one call.
- The tool catalogue (``GET /api/mcp/servers``) listing the tools seen in runs
  is also reference-only: the contract does not tie the catalogue to the agent.
"""

from __future__ import annotations

from ..rules.answers import answer_problems, result_numbers
from ..rules.contract import check_body, check_event
from ..config.dialect import STRICT, Dialect
from ..errors import ApiError, ContractViolation, ProtocolViolation
from ..events import Event
from ..evidence import ASKED, HTTP, pointer, transcript_ref
from .expectations import expect_valid_run
from .people import Person
from ..wire.protocol import GREETING_CAUSE
from ..wire.tokens import claims_of
from ..wire.turns import Turn


# -- the greeting ------------------------------------------------------------------------

def expect_greeted_as(who: str, established: Event, token: str, dialect: Dialect = STRICT) -> None:
    """The first frame is connection_established, for the person whose pass opened it
    (or its first 8 characters and '...', where the target accepts greeting-short-user-id)."""
    evidence = transcript_ref(who, "the step that connected")
    expected = str(claims_of(token).get("sub"))
    user_id = established.fields.get("user_id")
    if established.kind != "connection_established":
        raise ProtocolViolation(f"{who}'s chat first said {established.kind!r}; expected "
                                f"connection_established", evidence=evidence)
    if not dialect.greeting_names(user_id, expected):
        raise ProtocolViolation(
            f"{who}'s chat greeted user {user_id!r}, but {who}'s pass is for user {expected!r}; "
            f"the connection must belong to whoever opened it", evidence=evidence)
    if established.fields.get("connection_id") in (None, ""):
        raise ProtocolViolation(f"{who}'s chat greeting has no connection_id: {established.raw}",
                                evidence=evidence)
    try:   # connecting went past a greeting that breaks its schema (a finding): this journey fails on it
        check_event(established.kind, {**established.fields, "type": established.kind},
                    optional=dialect.optional_fields(established.kind))
    except ContractViolation as violation:
        raise ContractViolation(f"{who}'s chat greeting does not match the contract: "
                                f"{violation.detail}", evidence=evidence,
                                cause=GREETING_CAUSE) from None


# -- one run -----------------------------------------------------------------------------

def expect_run_in_order(turn: Turn) -> None:
    """Every order rule holds, and the run ended with its answer (not an error)."""
    expect_valid_run(turn)
    end = turn.terminal
    if end is None or end.kind != "agent_completed":
        raise ProtocolViolation(
            f"{turn.who} asked {turn.question!r} and the run ended with "
            f"{end.kind if end else 'nothing'} {(end.fields.get('error_message') if end else '')!r}"
            f"; expected one agent_completed last. Events in order: {turn.summary()}",
            evidence=transcript_ref(turn.who, ASKED))


def expect_nothing_after_answer(turn: Turn) -> None:
    """Nothing of the run may follow its terminal event; we listened ``turn.grace_s`` after it."""
    end = turn.terminal
    if end is None:
        raise ProtocolViolation(f"{turn.who}'s run never ended; events in order: {turn.summary()}",
                                evidence=transcript_ref(turn.who, ASKED))
    after = turn.events[turn.events.index(end) + 1:]
    if after:
        late = ", ".join(f"{e.describe()} {(e.at - end.at) * 1000:.0f} ms later" for e in after)
        raise ProtocolViolation(
            f"{turn.who}'s run sent {len(after)} event(s) after its {end.kind}: {late}; nothing of "
            f"a run may follow its end (we listened {turn.grace_s:.1f} s after it). Events in "
            f"order: {turn.summary()}", evidence=transcript_ref(turn.who, ASKED))


def expect_keepalives_apart(turn: Turn) -> None:
    """Heartbeats belong to no run: none inside the run, none claiming its run_id."""
    inside = [e for e in turn.events if e.kind == "heartbeat"]
    claiming = [e for e in turn.others if e.kind == "heartbeat" and e.run_id is not None]
    if inside or claiming:
        shown = (inside + claiming)[0].raw
        raise ProtocolViolation(
            f"{turn.who}'s chat sent keep-alive signals that claim to be part of a run "
            f"({len(inside) + len(claiming)}, e.g. {shown}); a heartbeat belongs to no run",
            evidence=transcript_ref(turn.who, ASKED))


def expect_separate_complete_runs(turns: list[Turn]) -> None:
    """Questions in a row on one connection: one valid, complete run each, never mixed."""
    for turn in turns:
        expect_run_in_order(turn)
    ids = [turn.run_id for turn in turns]
    if len(set(ids)) != len(ids):
        raise ProtocolViolation(
            f"{turns[0].who} asked {len(turns)} questions in a row and the runs share run_ids "
            f"{ids}; each question must start its own run", evidence=transcript_ref(turns[0].who, ASKED))
    for earlier, later in zip(turns, turns[1:]):
        stragglers = [e for e in later.foreign if e.run_id == earlier.run_id]
        if stragglers:
            raise ProtocolViolation(
                f"{earlier.who}'s run {earlier.run_id} for {earlier.question!r} kept sending after "
                f"its end, during the next question: "
                f"{', '.join(e.describe() for e in stragglers)}", evidence=transcript_ref(earlier.who, ASKED))


# -- ping --------------------------------------------------------------------------------

def expect_pong(who: str, pong: Event | None, waited_s: float) -> None:
    if pong is None:
        raise ProtocolViolation(
            f"{who} pinged the chat and got no pong within {waited_s:.1f} s; a ping must be "
            f"answered with a pong", evidence=transcript_ref(who, "the step that pinged"))


# -- tools -------------------------------------------------------------------------------

def finished_tools(turn: Turn) -> list[tuple[Event, Event]]:
    """(tool_executing, tool_completed) pairs matched by tool name and execution id."""
    pairs, waiting = [], [e for e in turn.events if e.kind == "tool_executing"]
    for done in (e for e in turn.events if e.kind == "tool_completed"):
        key = (done.fields.get("tool_name"), done.fields.get("execution_id"))
        start = next((s for s in waiting
                      if (s.fields.get("tool_name"), s.fields.get("execution_id")) == key), None)
        if start is not None:
            waiting.remove(start)
            pairs.append((start, done))
    return pairs


def expect_tools_finished(turn: Turn, at_least: int = 1, different: bool = False) -> None:
    """The run is valid and shows ``at_least`` tool calls (of different tools) finishing."""
    expect_valid_run(turn)
    pairs = finished_tools(turn)
    names = [done.fields.get("tool_name") for _, done in pairs]
    count = len(set(names)) if different else len(pairs)
    if count < at_least:
        what = "different tools" if different else "tool calls"
        seen = ", ".join(map(str, names)) or "no tool ran"
        raise ProtocolViolation(
            f"{turn.who} asked {turn.question!r} and saw {count} {what} finish ({seen}); "
            f"expected at least {at_least}. Events in order: {turn.summary()}",
            evidence=transcript_ref(turn.who, ASKED))


def expect_answer_uses_tool_results(turn: Turn) -> None:
    """CONTRACT 5 'Answers': the answer states a number from the results of the tools it ran."""
    pairs = _pairs_with_answer(turn)
    results = [done.fields.get("results") for _, done in pairs]
    missing = _unstated(turn, results)
    if missing:
        raise ProtocolViolation(
            f"{turn.who}'s answer does not use its tools' results: {missing[0]}. Answer: "
            f"{turn.answer[:300]!r}", evidence=transcript_ref(turn.who, ASKED))


def expect_answer_uses_each_tool(turn: Turn) -> None:
    """``@local-only``: each tool's own new figures (not its parameters) reach the answer."""
    for start, done in _pairs_with_answer(turn):
        inputs = set(result_numbers(start.fields.get("parameters")))
        new = [n for n in result_numbers(done.fields.get("results")) if n not in inputs]
        name = done.fields.get("tool_name")
        if not new:
            raise ProtocolViolation(
                f"{turn.who}'s tool {name} returned no figure beyond its own parameters, so its "
                f"answer cannot show it used the result: {done.fields.get('results')!r}",
                evidence=transcript_ref(turn.who, ASKED))
        missing = _unstated(turn, [new])
        if missing:
            raise ProtocolViolation(
                f"{turn.who}'s answer does not use the result of {name}: {missing[0]}. Answer: "
                f"{turn.answer[:300]!r}", evidence=transcript_ref(turn.who, ASKED))


def read_tool_catalogue(person: Person) -> dict:
    """The platform's published tools (MCP servers), checked against the contract."""
    reply = person.api.mcp_servers()
    if not reply.ok:
        raise ApiError(f"{person.name} could not read the tool catalogue: {reply.describe()}",
                       status=reply.status, evidence=pointer(HTTP))
    check_body("backend.mcp_servers", reply.body)
    return reply.body


def expect_tools_seen_at_work(who: str, turns: list[Turn]) -> list[str]:
    """The tools that finished in ``turns``; none is a defect (a cost question needs a tool)."""
    used = sorted({str(e.fields.get("tool_name")) for t in turns for e, _ in finished_tools(t)})
    if not used:
        raise ProtocolViolation(f"{who} saw no tool at work, so there is nothing to find in the "
                                f"tool catalogue", evidence=transcript_ref(who, ASKED))
    return used


def expect_catalogue_lists_used_tools(who: str, catalogue: dict, turns: list[Turn]) -> None:
    used = expect_tools_seen_at_work(who, turns)
    listed = _catalogued(catalogue)
    missing = [name for name in used if name not in listed]
    if missing:
        raise ApiError(
            f"the tool catalogue does not list {', '.join(missing)}, which {who} saw at work; it "
            f"lists {', '.join(sorted(listed)) or 'no tool'}",
            evidence=pointer(HTTP))


def _catalogued(catalogue: dict) -> set[str]:
    names = set()
    for server in catalogue.get("data", []):
        for tool in server.get("capabilities", {}).get("tools", []):
            name = tool.get("name") if isinstance(tool, dict) else tool
            if isinstance(name, str):
                names.add(name)
    return names


def _pairs_with_answer(turn: Turn) -> list[tuple[Event, Event]]:
    expect_tools_finished(turn)
    if turn.answer is None:
        raise ProtocolViolation(f"{turn.who}'s run ended without an answer: {turn.summary()}",
                                evidence=transcript_ref(turn.who, ASKED))
    return finished_tools(turn)


def _unstated(turn: Turn, results: list) -> list[str]:
    """The contract's tool-number problem alone: what the results add to the answer's problems."""
    plain = answer_problems(turn.answer, turn.question, tool_results=[])
    return [p for p in answer_problems(turn.answer, turn.question, tool_results=results)
            if p not in plain]
