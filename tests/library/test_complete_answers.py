"""The answer without the stream: a 200 whose body says the run did not succeed is a refusal, and
the platform's own stand-in texts are no answer (Netra Apex beta-17's POST /api/agents/execute)."""

from __future__ import annotations

import json
from types import SimpleNamespace

import pytest

from journeys.capabilities.complete_answers import ask_for_complete_answer, expect_meaningful_complete_answer
from journeys.config.dialect import DIALECTS, STRICT, Dialect
from journeys.errors import AnswerNotMeaningful, ApiError, ContractViolation
from journeys.wire.replies import Reply

NETRA = Dialect(frozenset(DIALECTS["netra"]))
QUESTION = "How much would 2 million GPT-4o tokens a month cost?"


def person_answered_with(body: dict, dialect: Dialect = NETRA, status: int = 200):
    """A person whose platform replies ``body`` to POST /api/agents/execute, read as the API reads it."""
    def execute(token, message, thread_id=None):
        reply = Reply("POST", "http://backend/api/agents/execute", status, body, json.dumps(body), 0.3)
        return reply.read("backend.execute", dialect)
    return SimpleNamespace(name="Priya", token="t0ken", api=SimpleNamespace(execute=execute),
                           settings=SimpleNamespace(dialect=dialect))


def reply(status: str, **fields) -> dict:
    """AgentExecuteResponse as FastAPI serialises it (agents_execute.py:64-71): every field present."""
    return {"status": status, "agent": "triage", "response": None, "execution_time": 0.4,
            "circuit_breaker_state": "UNKNOWN", "error": None, **fields}


FAILED_RUNS = [
    # netra_backend/app/routes/agents_execute.py:116-121: no agent service
    ("service-unavailable", reply("service_unavailable", response=(
        f"Degraded mode triage response: Service unavailable, request acknowledged: {QUESTION}"))),
    # netra_backend/app/routes/agents_execute.py:163-169
    ("circuit-breaker-open", reply("circuit_breaker_open", circuit_breaker_state="OPEN", error=(
        "Service temporarily unavailable. Too many failures. Please try again later."))),
    # netra_backend/app/routes/agents_execute.py:175-181
    ("timeout", reply("timeout", error="Request timeout. Please try again.")),
    # netra_backend/app/routes/agents_execute.py:190-196
    ("error", reply("error", error="'NoneType' object has no attribute 'execute_agent'")),
    # netra_backend/app/services/agent_service_core.py:594-600 (that dict, were it the reply)
    ("error-with-text", {"response": "Error executing triage agent: boom", "agent": "triage",
                         "status": "error", "user_id": "u", "error": "boom"}),
    # netra_backend/app/agents/supervisor_ssot.py:261-270 (status failed, the run's own words)
    ("failed", {"status": "failed", "orchestration_successful": False, "error": "boom",
                "agent": "triage", "response": "", "execution_time": 0.1}),
    # a body that says success false, whatever its status
    ("success-false", {**reply("success", response="It costs about $5.00 a month, which is "
                                                   "well within your budget."), "success": False}),
]


@pytest.mark.parametrize("body", [b for _, b in FAILED_RUNS], ids=[i for i, _ in FAILED_RUNS])
def test_a_200_that_says_the_run_did_not_succeed_is_a_refused_answer(body):
    with pytest.raises(ApiError) as refused:
        ask_for_complete_answer(person_answered_with(body), QUESTION)
    message = str(refused.value)
    assert refused.value.status == 200 and "was refused" in message and "did not succeed" in message
    assert repr(body["status"]) in message or "success" in message


def test_the_refusal_shows_the_platforms_error_text():
    body = FAILED_RUNS[1][1]
    with pytest.raises(ApiError, match="Too many failures"):
        ask_for_complete_answer(person_answered_with(body), QUESTION)


def test_a_strict_target_that_says_error_is_refused_too_not_a_contract_violation():
    with pytest.raises(ApiError, match="did not succeed"):
        ask_for_complete_answer(person_answered_with(reply("error", error="boom"), STRICT), QUESTION)


def test_the_fallback_with_status_success_is_an_answer_that_is_a_placeholder():
    # netra_backend/app/routes/agents_execute.py:147 and :151-157: status success, the fallback text
    text = (f"Fallback triage agent response: Successfully processed '{QUESTION}' using recovery "
            f"mechanism")
    exchange = ask_for_complete_answer(person_answered_with(reply("success", response=text,
                                                                  circuit_breaker_state="CLOSED")),
                                       QUESTION)
    with pytest.raises(AnswerNotMeaningful, match="placeholder"):
        expect_meaningful_complete_answer(exchange)


def test_a_success_with_a_real_answer_is_read():
    text = "At $2.50 per million input tokens, 2 million tokens cost about $5.00 a month."
    exchange = ask_for_complete_answer(person_answered_with(reply("success", response=text)), QUESTION)
    assert exchange.answer == text and exchange.thread_id is None
    expect_meaningful_complete_answer(exchange)


def test_a_status_the_contract_does_not_name_is_still_a_contract_violation():
    with pytest.raises(ContractViolation, match="running"):
        ask_for_complete_answer(person_answered_with(reply("running", response="x")), QUESTION)
