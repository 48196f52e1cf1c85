"""The agent-tools journeys catch answers that do not come from the tools, and say so.

The behave runs prove the defects the platform can switch on; the direct checks at the end
prove the steps that no switch reaches (an answer that ignores its tool, a catalogue that
misses a tool) can fail too.
"""

import pytest

from defect_runs import expect_defect_caught
from journeys.errors import ApiError, ProtocolViolation
from journeys.events import normalise
from journeys.capabilities.expect_events import (expect_answer_uses_each_tool, expect_answer_uses_tool_results,
                                    expect_catalogue_lists_used_tools)
from journeys.wire.turns import Turn

pytestmark = pytest.mark.meta

TOOLS = "features/agent_tools.feature"
ONE_TOOL = "Omar sees the calculation behind his monthly cost"
TWO_TOOLS = "Omar sees both the current cost and the cheaper option worked out"
CATALOGUE = "every tool behind Omar's estimate is in the catalogue"

CASES = [
    ("echo-answer", ONE_TOOL, ["product defect", "saw 0 tool calls finish", "no tool ran"]),
    ("echo-answer", TWO_TOOLS, ["product defect", "saw 0 different tools finish", "expected at least 2"]),
    ("echo-answer", CATALOGUE, ["product defect", "saw no tool at work"]),
    ("missing-tool-completed", ONE_TOOL, ["product defect", "never got its tool_completed"]),
    ("wrong-type", ONE_TOOL, ["contract violation", "tool_completed.duration_ms",
                              "(a string), expected a number"]),
    ("renamed-field", ONE_TOOL, ["contract violation", "agent_completed without final_response"]),
]


@pytest.mark.parametrize("defect, scenario, words", CASES, ids=[f"{c[0]}:{c[1][:20]}" for c in CASES])
def test_a_tool_defect_fails_its_journey_with_a_message_naming_it(journeys, defect, scenario, words):
    expect_defect_caught(journeys, TOOLS, defect, {scenario: words})


QUESTION = "How much could we save on 20 million GPT-4o tokens a month?"
CALCULATOR = {"tool_name": "monthly_cost_calculator", "execution_id": "x-1"}
RECOMMENDER = {"tool_name": "savings_recommender", "execution_id": "x-2"}


def _turn(answer: str) -> Turn:
    ids = {"run_id": "r1", "thread_id": "t1"}
    frames = [
        {"type": "agent_started", "agent_name": "a"},
        {"type": "agent_thinking", "reasoning": "pricing"},
        {"type": "tool_executing", **CALCULATOR, "parameters": {"tokens_per_month": 20000000}},
        {"type": "tool_completed", **CALCULATOR, "duration_ms": 1,
         "results": {"tokens_per_month": 20000000, "monthly_cost_usd": 87.5}},
        {"type": "tool_executing", **RECOMMENDER, "parameters": {"tokens_per_month": 20000000}},
        {"type": "tool_completed", **RECOMMENDER, "duration_ms": 1,
         "results": {"tokens_per_month": 20000000, "monthly_savings_usd": 82.25}},
        {"type": "agent_completed", "final_response": answer, "status": "completed"},
    ]
    return Turn("Omar", QUESTION, 0.0, events=[normalise({**f, **ids}, i / 10) for i, f in enumerate(frames)])


def test_an_answer_that_ignores_its_tools_fails():
    turn = _turn("Your monthly spend on this model is about $120.00 today, which is quite a lot.")
    with pytest.raises(ProtocolViolation, match="does not use its tools' results"):
        expect_answer_uses_tool_results(turn)


def test_restating_the_question_satisfies_the_contract_but_not_the_strict_local_rule():
    turn = _turn("For 20,000,000 tokens a month the cost depends on the model you pick, I think.")
    expect_answer_uses_tool_results(turn)
    with pytest.raises(ProtocolViolation, match="does not use the result of monthly_cost_calculator"):
        expect_answer_uses_each_tool(turn)


def test_an_answer_using_each_tools_new_figure_passes_the_strict_rule():
    expect_answer_uses_each_tool(_turn("It would cost $87.50 a month, and switching saves $82.25 a month."))


def test_a_catalogue_missing_a_used_tool_fails_naming_it():
    catalogue = {"status": "success", "data": [{"name": "tools", "status": "connected", "version": "1",
                                                "capabilities": {"tools": [{"name": "monthly_cost_calculator"}]}}]}
    with pytest.raises(ApiError, match="does not list savings_recommender"):
        expect_catalogue_lists_used_tools("Omar", catalogue, [_turn("x")])
