"""The answer without the stream: ``POST /api/agents/execute`` (CONTRACT section 4).

Some clients (scripts, integrations) ask and wait for the whole answer instead
of watching the run. It is the same agent as the WebSocket, so its answer must
be just as meaningful, and it lands in the conversation's history just the same.
Without events there are no tool results to hold the answer to, so the rules
applied are the answer's own (a sentence, not an echo, figures for cost).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..rules.answers import answer_problems
from ..rules.contract import check_body
from ..errors import AnswerNotMeaningful, ApiError
from .expect_history import HTTP_EVIDENCE, Exchange

if TYPE_CHECKING:
    from .people import Person


def ask_for_complete_answer(person: Person, question: str, thread_id: str | None = None) -> Exchange:
    reply = person.api.execute(person.token, question, thread_id)
    if not reply.ok:
        raise ApiError(f"{person.name} asked {question!r} for a complete answer and was refused: "
                       f"{reply.describe()} after {reply.elapsed_s:.2f} s",
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
