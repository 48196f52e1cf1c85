"""The reference agent: question parsing, run order, and answers that carry the tools' figures."""

from __future__ import annotations

import re
from collections import Counter
from decimal import ROUND_HALF_UP, Decimal

import pytest

from reference_platform.agent import AGENT_NAME, AgentStep, answer, plan_turn
from reference_platform.pricing import find_model
from reference_platform.question import parse_question


def expected_cost(key: str, tokens_per_month: int) -> float:
    """Independent arithmetic: 75% of the volume at the input price, 25% at the output price."""
    model = find_model(key)
    assert model is not None
    raw = Decimal(tokens_per_month) * (Decimal("0.75") * Decimal(str(model.input_per_million))
                                       + Decimal("0.25") * Decimal(str(model.output_per_million)))
    return float((raw / 1_000_000).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


def money(amount: float) -> str:
    return f"${amount:,.2f}"


def tools_used(steps: list[AgentStep]) -> list[str]:
    return [s.fields["tool_name"] for s in steps if s.event == "tool_executing"]


def results_of(steps: list[AgentStep], tool: str) -> list[dict]:
    return [s.fields["results"] for s in steps
            if s.event == "tool_completed" and s.fields["tool_name"] == tool]


def final(steps: list[AgentStep]) -> str:
    return steps[-1].fields["final_response"]


def order_violations(steps: list[AgentStep]) -> list[str]:
    """CONTRACT section 5 "One turn", written out independently of the agent."""
    problems: list[str] = []
    kinds = [s.event for s in steps]
    counts = Counter(kinds)
    if kinds[0] != "agent_started" or counts["agent_started"] != 1:
        problems.append(f"agent_started must come first, once: {kinds}")
    if kinds[-1] != "agent_completed" or counts["agent_completed"] != 1:
        problems.append(f"agent_completed must come last, once: {kinds}")
    if counts["agent_thinking"] < 1:
        problems.append(f"no agent_thinking: {kinds}")
    if set(kinds) - {"agent_started", "agent_thinking", "tool_executing", "tool_completed",
                     "agent_completed"}:
        problems.append(f"unexpected events: {kinds}")
    open_calls: dict[str, str] = {}
    seen_ids: set[str] = set()
    for step in steps:
        f = step.fields
        if step.event == "agent_started" and f.get("agent_name") != AGENT_NAME:
            problems.append(f"agent_started without agent_name: {f}")
        if step.event == "agent_thinking" and len(str(f.get("reasoning", "")).split()) < 4:
            problems.append(f"reasoning says too little: {f}")
        if step.event == "tool_executing":
            if f["execution_id"] in seen_ids:
                problems.append(f"execution_id reused: {f}")
            seen_ids.add(f["execution_id"])
            open_calls[f["execution_id"]] = f["tool_name"]
            if not isinstance(f.get("parameters"), dict):
                problems.append(f"tool_executing without parameters: {f}")
        if step.event == "tool_completed":
            if open_calls.pop(f["execution_id"], None) != f["tool_name"]:
                problems.append(f"tool_completed without its tool_executing: {f}")
            if not isinstance(f.get("results"), dict) or not isinstance(f.get("duration_ms"), float):
                problems.append(f"tool_completed without results or duration_ms: {f}")
        if step.event == "agent_completed" and f.get("status") != "completed":
            problems.append(f"agent_completed status is not completed: {f}")
    if open_calls:
        problems.append(f"tool calls never completed: {open_calls}")
    return problems


def has_long_sentence(text: str) -> bool:
    return any(len(sentence.split()) >= 8 for sentence in re.split(r"(?<=[.!?])\s+", text))


COST_QUESTIONS = [
    "How much would 2 million GPT-4o tokens a month cost?",
    "What would 500k tokens on Claude 3.5 Haiku cost me?",
    "Price of 1.5 billion tokens per month with Claude 3 Opus",
    "We push 300,000 tokens through gemini-1.5-pro, what's the bill?",
    "10 million tokens a month",
    "I spend $3,000 a month on Claude 3.5 Sonnet, what's cheaper?",
    "3000 dollars a month on gpt 4o",
    "Compare GPT-4o and Claude 3.5 Sonnet for 10 million tokens a month",
    "GPT-4o vs GPT-4o mini",
    "What does o3-mini cost?",
    "How can I save money on 50,000 tokens a day with Llama 3.1 70B?",
    "Is there a cheaper alternative to Gemini 1.5 Flash for 5M tokens?",
]
GENERAL_QUESTIONS = ["What can you help me with?", "How do I reduce my AI costs?",
                     "How much does it cost?", "hello", ""]


@pytest.mark.parametrize("text, models, tokens, spend", [
    ("How much would 2 million GPT-4o tokens a month cost?", ["gpt-4o"], 2_000_000, None),
    ("2M tokens on sonnet", ["claude-3-5-sonnet"], 2_000_000, None),
    ("500k tokens of gpt-4o-mini", ["gpt-4o-mini"], 500_000, None),
    ("1.5B tokens on GPT-4.1", ["gpt-4.1"], 1_500_000_000, None),
    ("2.5k tokens a week on haiku", ["claude-3-5-haiku"], 10_833, None),  # 2,500 x 52 / 12
    ("1.5 billion on Claude 3 Opus", ["claude-3-opus"], 1_500_000_000, None),
    ("300,000 tokens with Gemini 1.5 Pro", ["gemini-1-5-pro"], 300_000, None),
    ("10 million tokens a month", [], 10_000_000, None),
    ("I spend $3,000 a month on Claude 3.5 Sonnet", ["claude-3-5-sonnet"], None, 3000.0),
    ("3000 dollars on gpt 4o", ["gpt-4o"], None, 3000.0),
    ("$3k/month on GPT-4o mini", ["gpt-4o-mini"], None, 3000.0),
    ("50,000 tokens a day on haiku", ["claude-3-5-haiku"], 1_500_000, None),
    ("$10 a day on opus", ["claude-3-opus"], None, 300.0),
    ("1.2 million tokens per year on o3-mini", ["o3-mini"], 100_000, None),
    ("Compare GPT-4o and Claude 3.5 Sonnet", ["gpt-4o", "claude-3-5-sonnet"], None, None),
    ("GPT-4o vs GPT-4o mini vs gpt-4o", ["gpt-4o", "gpt-4o-mini"], None, None),
    ("Llama 3.1 70B for 5 million tokens", ["llama-3-1-70b"], 5_000_000, None),
    ("GPT-4 for 2M tokens", [], 2_000_000, None),      # "4" in an unknown model is not a volume
    ("We run mistral 7b and it's slow", [], None, None),  # nor is "7b" without "tokens"
    ("It takes 2 months to ship", [], None, None),
    ("999999999999 billion tokens on opus", ["claude-3-opus"], None, None),  # beyond any workload
    ("$5,000,000,000 a month on haiku", ["claude-3-5-haiku"], None, None),
    ("What can you help me with?", [], None, None),
])
def test_parses_models_volumes_and_spends(text: str, models: list[str], tokens: int | None,
                                          spend: float | None) -> None:
    q = parse_question(text)
    observed = ([m.key for m in q.models], q.tokens_per_month, q.monthly_spend_usd)
    assert observed == (models, tokens, spend), f"{text!r}: got {observed}"


@pytest.mark.parametrize("text, cost, savings, comparison, general", [
    ("How much would 2 million GPT-4o tokens a month cost?", True, False, False, False),
    ("What's a cheaper alternative to sonnet?", False, True, False, False),
    ("Compare opus and haiku", False, False, True, False),
    ("How do I reduce my AI costs?", True, True, False, True),
    ("What can you help me with?", False, False, False, True),
])
def test_reads_what_kind_of_answer_is_wanted(text: str, cost: bool, savings: bool,
                                             comparison: bool, general: bool) -> None:
    q = parse_question(text)
    observed = (q.asks_cost, q.asks_savings, q.asks_comparison, q.is_general)
    assert observed == (cost, savings, comparison, general), f"{text!r}: got {observed}"


@pytest.mark.parametrize("question", COST_QUESTIONS + GENERAL_QUESTIONS)
def test_every_run_follows_the_contract_order(question: str) -> None:
    steps = plan_turn(question, run_id="run-7")
    assert order_violations(steps) == [], f"{question!r}: {[s.event for s in steps]}"


@pytest.mark.parametrize("question", COST_QUESTIONS)
def test_cost_answers_use_a_tool_and_state_its_figures(question: str) -> None:
    steps = plan_turn(question)
    text = final(steps)
    assert tools_used(steps), f"{question!r} used no tool"
    assert re.search(r"\b(cost|spend|saving)", text), f"no cost word in {text!r}"
    assert has_long_sentence(text), f"no sentence of 8+ words in {text!r}"
    assert question.lower() not in text.lower(), f"echo: {text!r}"
    for step in steps:
        if step.event != "tool_completed":
            continue
        figures = {k: v for k, v in step.fields["results"].items()
                   if isinstance(v, (int, float)) and not k.endswith("per_million")}
        written = {f"{v:,}" if isinstance(v, int) else money(v) for v in figures.values()}
        if step.fields["tool_name"] == "model_price_lookup":
            written = {money(step.fields["results"]["output_per_million"])}
        assert any(w in text for w in written), f"none of {sorted(written)} in {text!r}"


def test_the_reasoning_says_what_the_agent_is_doing() -> None:
    steps = plan_turn("I spend $3,000 a month on Claude 3.5 Sonnet, what's cheaper?")
    kinds = [s.event for s in steps]
    assert kinds[1] == "agent_thinking" and "Claude 3.5 Sonnet" in steps[1].fields["reasoning"], kinds
    tool_starts = [i for i, step in enumerate(steps) if step.event == "tool_executing"]
    assert tool_starts, f"the agent ran no tool, so no reasoning before one can be checked: {kinds}"
    for i in tool_starts:
        before = steps[i - 1]
        assert before.event == "agent_thinking" and "Claude 3.5 Sonnet" in before.fields[
            "reasoning"], f"no reasoning before {steps[i].fields}: {before}"


def test_a_volume_question_is_priced_from_the_table() -> None:
    steps = plan_turn("How much would 2 million GPT-4o tokens a month cost?")
    assert tools_used(steps) == ["monthly_cost_calculator"]
    assert results_of(steps, "monthly_cost_calculator")[0]["monthly_cost_usd"] == expected_cost(
        "gpt-4o", 2_000_000)
    assert f"{money(expected_cost('gpt-4o', 2_000_000))} a month" in final(steps), final(steps)
    assert "2,000,000 tokens" in final(steps), final(steps)


def test_a_volume_without_a_model_assumes_gpt_4o_and_says_so() -> None:
    steps = plan_turn("10 million tokens a month")
    params = [s.fields["parameters"] for s in steps if s.event == "tool_executing"]
    assert params == [{"model": "gpt-4o", "tokens_per_month": 10_000_000}], params
    assert "assumed GPT-4o" in final(steps), final(steps)
    assert money(expected_cost("gpt-4o", 10_000_000)) in final(steps), final(steps)


def test_a_savings_question_adds_the_recommender() -> None:
    steps = plan_turn("I spend $3,000 a month on Claude 3.5 Sonnet, what's cheaper?")
    assert tools_used(steps) == ["spend_to_tokens", "savings_recommender"], tools_used(steps)
    advice = results_of(steps, "savings_recommender")[0]
    bought = results_of(steps, "spend_to_tokens")[0]["tokens_per_month"]
    assert advice["tokens_per_month"] == bought, (advice, bought)
    recommended = find_model(advice["recommended_model"])
    assert recommended is not None and recommended.display_name in final(steps), final(steps)
    for key in ("recommended_monthly_cost_usd", "monthly_savings_usd"):
        assert money(advice[key]) in final(steps), f"{key} {advice[key]} not in {final(steps)!r}"
    assert f"{advice['savings_percent']:.1f}%" in final(steps), final(steps)


def test_no_saving_is_not_dressed_up_as_one() -> None:
    for question in ("0 tokens on gpt-4o, can I save?", "cheaper than Gemini 1.5 Flash for 5M tokens?"):
        text = answer(question)
        assert "saving $" not in text and "would not lower" in text, f"{question!r}: {text!r}"


def test_a_comparison_prices_both_models_at_the_same_volume() -> None:
    steps = plan_turn("Compare GPT-4o and Claude 3.5 Sonnet for 10 million tokens a month")
    priced = results_of(steps, "monthly_cost_calculator")
    assert [r["model"] for r in priced] == ["gpt-4o", "claude-3-5-sonnet"], priced
    gpt, claude = expected_cost("gpt-4o", 10**7), expected_cost("claude-3-5-sonnet", 10**7)
    assert [r["monthly_cost_usd"] for r in priced] == [gpt, claude], priced
    text = final(steps)
    assert money(gpt) in text and money(claude) in text, text
    assert money(abs(claude - gpt)) in text, f"the difference should be stated: {text!r}"
    assert "GPT-4o is the cheaper option" in text, text


def test_answers_follow_the_question() -> None:
    questions = [f"How much would {volume} {model} tokens a month cost?"
                 for volume in ("2 million", "7 million") for model in ("GPT-4o", "Claude 3 Opus")]
    answers = [answer(q) for q in questions]
    assert len(set(answers)) == len(answers), answers
    assert money(expected_cost("claude-3-opus", 7_000_000)) in answers[3], answers[3]
    cost_answers = {answer(q) for q in COST_QUESTIONS}
    assert len(cost_answers) == len(COST_QUESTIONS), "two different questions got the same answer"


@pytest.mark.parametrize("question", COST_QUESTIONS + GENERAL_QUESTIONS)
def test_same_question_same_run(question: str) -> None:
    def without_durations(steps: list[AgentStep]) -> list[tuple[str, dict]]:
        return [(s.event, {k: v for k, v in s.fields.items() if k != "duration_ms"}) for s in steps]

    assert without_durations(plan_turn(question, "r1")) == without_durations(plan_turn(question, "r1"))


def test_execution_ids_differ_between_runs() -> None:
    question = "Compare GPT-4o and Claude 3.5 Sonnet"
    ids = [s.fields["execution_id"] for _ in range(2) for s in plan_turn(question)
           if s.event == "tool_executing"]
    assert len(ids) == 4 and len(set(ids)) == 4, ids
    named = [s.fields["execution_id"] for s in plan_turn(question, "run-42")
             if s.event == "tool_executing"]
    assert named == ["run-42-tool-1", "run-42-tool-2"], named


@pytest.mark.parametrize("question", GENERAL_QUESTIONS)
def test_general_questions_get_useful_answers_without_tools(question: str) -> None:
    steps = plan_turn(question)
    text = final(steps)
    assert tools_used(steps) == [], f"{question!r} should need no tool"
    assert has_long_sentence(text), text
    assert len(re.findall(r"[.!?](?:\s|$)", text)) >= 2, f"expected several sentences: {text!r}"
    if question:
        assert question.lower() not in text.lower(), f"echo: {text!r}"


def test_general_answers_are_tailored() -> None:
    capabilities, advice = answer("What can you help me with?"), answer("How do I reduce my AI costs?")
    assert capabilities != advice
    assert "compare" in capabilities and "GPT-4o" in capabilities, capabilities
    gpt_4o, mini = find_model("gpt-4o"), find_model("gpt-4o-mini")
    assert gpt_4o is not None and mini is not None
    ratio = gpt_4o.output_per_million / gpt_4o.input_per_million
    assert f"cost {ratio:g} times" in advice, f"output/input ratio should be computed: {advice}"
