"""The answer without the stream: ``POST /api/agents/execute`` (CONTRACT section 4).

Some clients (scripts, integrations) ask and wait for the whole answer instead
of watching the run. It is the same agent as the WebSocket, so its answer must
be just as meaningful, and it lands in the conversation's history just the same.
Without events there are no tool results to hold the answer to, so the rules
applied are the answer's own (a sentence, not an echo, figures for cost).

A reply of 200 whose body says the run did not succeed is a refusal, not an
answer to be judged: Netra Apex beta-17 answers 200 with ``status``
``service_unavailable``, ``circuit_breaker_open``, ``timeout`` or ``error``
(``netra_backend/app/routes/agents_execute.py:117,164,176,191``), and its agents say
``failed`` (``agents/supervisor_ssot.py:268``) or ``success: false``. Its stand-in
texts that come with ``status: success`` (the "recovery mechanism" fallback,
``agents_execute.py:147``) are placeholders, which ``rules.answers`` refuses.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..rules.answers import answer_problems
from ..rules.contract import check_body
from ..errors import AnswerNotMeaningful, ApiError
from ..events import error_code, error_text, shorten
from .expect_history import HTTP_EVIDENCE, Exchange

if TYPE_CHECKING:
    from .people import Person

NOT_SUCCEEDED = ("error", "failed", "failure", "timeout", "timed_out", "circuit_breaker_open",
                 "service_unavailable", "unavailable", "cancelled", "canceled")


def ask_for_complete_answer(person: Person, question: str, thread_id: str | None = None) -> Exchange:
    reply = person.api.execute(person.token, question, thread_id)
    if not reply.ok:
        raise ApiError(f"{person.name} asked {question!r} for a complete answer and was refused: "
                       f"{reply.describe()} after {reply.elapsed_s:.2f} s",
                       status=reply.status, evidence=HTTP_EVIDENCE)
    failure = run_not_succeeded(reply.body)
    if failure is not None:
        raise ApiError(f"{person.name} asked {question!r} for a complete answer and was refused: "
                       f"HTTP {reply.status}, but the body says the run did not succeed "
                       f"({failure}) after {reply.elapsed_s:.2f} s: {reply.describe()}",
                       status=reply.status, evidence=HTTP_EVIDENCE)
    check_body("backend.execute", reply.body, optional=person.settings.dialect.execute_thread_optional())
    thread_id = reply.body.get("thread_id")   # absent only where the target's dialect allows it
    return Exchange(person.name, question, reply.body["response"],
                    None if thread_id is None else str(thread_id))


def expect_meaningful_complete_answer(exchange: Exchange) -> None:
    problems = answer_problems(exchange.answer or "", exchange.question)
    if problems:
        raise AnswerNotMeaningful(
            f"{exchange.who} asked {exchange.question!r} for a complete answer and got "
            f"{(exchange.answer or '')[:300]!r}, which is not a meaningful answer: "
            + "; ".join(problems), evidence=HTTP_EVIDENCE)


def run_not_succeeded(body: object) -> str | None:
    """What in a successful reply's body says the run did not succeed; None when nothing does."""
    if not isinstance(body, dict):
        return None
    status, error = body.get("status"), body.get("error")
    said = []
    if isinstance(status, str) and status.lower() in NOT_SUCCEEDED:
        said.append(f"status {status!r}")
    if body.get("success") is False:
        said.append("success false")
    if error not in (None, "", {}, []):
        code, text = (error_code(error), error_text(error)) if isinstance(error, dict) else (None, error)
        said.append(f"error {shorten(str(text if text is not None else error), 200)!r}"
                    + (f" ({code})" if code is not None else ""))
    return "; ".join(said) or None
