"""The reference platform's agent: a deterministic AI cost-optimisation assistant.

It plays the part of the real platform's LLM agent without an LLM, so the suite
can check answers exactly: :func:`plan_turn` reads a question, runs real tools
over the price table and returns the run's events in contract order (CONTRACT
section 5): ``agent_started``, ``agent_thinking``, tool pairs, ``agent_completed``.
The platform decides *when* to send each step (pauses, event shapes, defects);
this module decides *what* happens. Same question, same answer and same results;
only measured ``duration_ms`` values (and generated execution ids) vary.

What it does with a question:
- nothing to calculate with (no model, volume or spend): a useful general answer, no tool;
- two or more models: the monthly cost calculator for each, at one volume;
- one model (or :data:`~reference_platform.pricing.DEFAULT_MODEL_KEY` when a volume or
  spend names none, said in the answer): the calculator for a volume, ``spend_to_tokens``
  for a spend, the price lookup otherwise; a savings question adds the recommender.
Where a volume is needed but not given, :data:`REFERENCE_TOKENS` is priced and the answer says so.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field, replace
from typing import Any

from .pricing import INPUT_SHARE, MODELS, OUTPUT_SHARE, Model, default_model, find_model
from .question import Question, parse_question, with_context
from .tools import run_tool

AGENT_NAME = "cost_optimizer"
REFERENCE_TOKENS = 1_000_000
"""Volume priced when a comparison or a savings question gives none."""

SPLIT = f"{INPUT_SHARE * 100:.0f}% input and {OUTPUT_SHARE * 100:.0f}% output tokens"


@dataclass
class AgentStep:
    """One event of a run: ``event`` is its contract name, ``fields`` its contract fields."""

    event: str
    fields: dict[str, Any]


def usd(amount: float) -> str:
    """Money as answers write it: "$1,234.50"."""
    return f"${amount:,.2f}"


def rate(usd_per_million: float) -> str:
    """A list price: cents, or tenths of a cent where the table has them ("$0.075")."""
    whole_cents = round(usd_per_million, 2) == usd_per_million
    return usd(usd_per_million) if whole_cents else f"${usd_per_million:,.3f}"


def tokens(count: int) -> str:
    """A volume as answers write it: "2,000,000 tokens"."""
    return f"{count:,} tokens"


@dataclass
class _Turn:
    """The steps of one run as they are built, and the counter behind execution ids."""

    id_prefix: str
    steps: list[AgentStep] = field(default_factory=list)

    def emit(self, event: str, **fields: Any) -> None:
        self.steps.append(AgentStep(event, fields))

    def think(self, reasoning: str) -> None:
        self.emit("agent_thinking", reasoning=reasoning)

    def call(self, tool: str, params: dict[str, Any], reasoning: str) -> dict[str, Any]:
        """Say why, run the tool for real, and record the executing/completed pair."""
        self.think(reasoning)
        number = sum(step.event == "tool_executing" for step in self.steps) + 1
        execution_id = f"{self.id_prefix}-tool-{number}"
        self.emit("tool_executing", tool_name=tool, execution_id=execution_id,
                  parameters=dict(params))
        results, duration_ms = run_tool(tool, params)
        self.emit("tool_completed", tool_name=tool, execution_id=execution_id,
                  results=results, duration_ms=duration_ms)
        return results


def plan_turn(question: str, run_id: str | None = None, earlier: tuple[str, ...] = (),
              first_model_only: bool = False, route: int = 0) -> list[AgentStep]:
    """Every step of one run, in contract order, with real tool results.

    Execution ids are ``"<run_id>-tool-<n>"``: pass the platform's run id to make
    them unique across runs yet reproducible; without one a random prefix is used,
    so ids never repeat between calls (answers and results stay deterministic).
    ``earlier`` are the thread's earlier questions: a follow-up that names no model ("and for
    10 million?") is answered for the models the thread last named (CONTRACT section 9).
    ``route`` 1 takes another valid path through the tools, as a model sometimes does
    (``variance.py``): the price lookup before the calculator, a comparison's models in reverse.
    """
    parsed = with_context(parse_question(question), [parse_question(e) for e in earlier])
    if first_model_only and parsed.asks_comparison:      # the comparison-names-one-model defect
        parsed = replace(parsed, models=parsed.models[:1])
    turn = _Turn(run_id or f"exec-{uuid.uuid4().hex[:12]}")
    turn.emit("agent_started", agent_name=AGENT_NAME)
    turn.think(_understanding(parsed))
    if parsed.is_general:
        response = _general_answer(parsed)
    elif parsed.asks_comparison:
        response = _comparison_answer(turn, parsed, route)
    else:
        response = _single_model_answer(turn, parsed, route)
    tools_used = sum(s.event == "tool_completed" for s in turn.steps)
    turn.think(f"Writing the answer from {tools_used} tool result{'s' if tools_used != 1 else ''}."
               if tools_used else "Writing the answer from general cost-optimisation practice.")
    turn.emit("agent_completed", final_response=response, status="completed")
    return turn.steps


def answer(question: str) -> str:
    """Just the final answer, for the non-streaming ``POST /api/agents/execute``."""
    return plan_turn(question)[-1].fields["final_response"]


def _understanding(q: Question) -> str:
    if q.is_general:
        return ("The question names no model, token volume or spend, so there is nothing to "
                "calculate; I will answer from general cost-optimisation practice.")
    names = _listed([m.display_name for m in q.models]) or f"{default_model().display_name} (assumed)"
    if q.asks_comparison:
        return f"The question compares the cost of {names}."
    wants = "cheaper alternatives to" if q.asks_savings else "the cost of"
    return f"The question asks about {wants} {names}."


def _listed(items: list[str]) -> str:
    return ", ".join(items[:-1]) + " and " + items[-1] if len(items) > 1 else "".join(items)


def _volume_phrase(q: Question, monthly: int) -> str:
    stated = q.volume_as_stated
    if stated is not None and stated.period != "month":
        return f"{tokens(int(stated.value))} a {stated.period} ({tokens(monthly)} a month)"
    return f"{tokens(monthly)} a month"


def _spend_phrase(q: Question) -> str:
    stated = q.spend_as_stated
    assert stated is not None and q.monthly_spend_usd is not None
    if stated.period != "month":
        return f"{usd(float(stated.value))} a {stated.period} ({usd(q.monthly_spend_usd)} a month)"
    return f"{usd(q.monthly_spend_usd)} a month"


def _spend_to_volume(turn: _Turn, q: Question, model: Model) -> tuple[int, str]:
    assert q.monthly_spend_usd is not None
    found = turn.call("spend_to_tokens", {"model": model.key, "monthly_spend_usd": q.monthly_spend_usd},
                      f"Converting a spend of {_spend_phrase(q)} on {model.display_name} into tokens.")
    monthly = found["tokens_per_month"]
    return monthly, (f"A spend of {_spend_phrase(q)} on {model.display_name} buys about "
                     f"{tokens(monthly)} a month, at {SPLIT}.")


def _single_model_answer(turn: _Turn, q: Question, route: int = 0) -> str:
    model = q.models[0] if q.models else default_model()
    said: list[str] = []
    if not q.models:
        said.append(f"You didn't name a model, so I assumed {model.display_name}, "
                    "the most widely used API model.")
    monthly = REFERENCE_TOKENS
    if q.tokens_per_month is not None and route == 1:
        turn.call("model_price_lookup", {"model": model.key},
                  f"Checking {model.display_name}'s list prices before working out the cost.")
    if q.tokens_per_month is not None:
        cost = turn.call("monthly_cost_calculator",
                         {"model": model.key, "tokens_per_month": q.tokens_per_month},
                         f"Working out the monthly cost of {tokens(q.tokens_per_month)} on "
                         f"{model.display_name} at {SPLIT}.")
        monthly = cost["tokens_per_month"]
        said.append(f"{_volume_phrase(q, monthly)} on {model.display_name} would cost about "
                    f"{usd(cost['monthly_cost_usd'])} a month, assuming {INPUT_SHARE * 100:.0f}% "
                    f"input tokens at {rate(model.input_per_million)} per million and "
                    f"{OUTPUT_SHARE * 100:.0f}% output tokens at "
                    f"{rate(model.output_per_million)} per million.")
    elif q.monthly_spend_usd is not None:
        monthly, sentence = _spend_to_volume(turn, q, model)
        said.append(sentence)
    else:
        price = turn.call("model_price_lookup", {"model": model.key},
                          f"Looking up {model.display_name} prices per million tokens.")
        said.append(f"{model.display_name} costs {rate(price['input_per_million'])} per million "
                    f"input tokens and {rate(price['output_per_million'])} per million output tokens.")
        if q.asks_savings:
            said.append(f"To size the savings I priced {tokens(REFERENCE_TOKENS)} a month.")
    if q.asks_savings:
        said.extend(_savings_sentences(turn, model, monthly))
    elif q.tokens_per_month is None and q.monthly_spend_usd is None:
        said.append("Tell me your monthly token volume or spend and I will work out your monthly cost.")
    return " ".join(said)


def _savings_sentences(turn: _Turn, model: Model, monthly: int) -> list[str]:
    found = turn.call("savings_recommender", {"model": model.key, "tokens_per_month": monthly},
                      f"Looking for a cheaper model within one quality tier of {model.display_name}.")
    if found["recommended_model"] == found["current_model"]:
        return [f"{model.display_name} is already the cheapest comparable model I know, so "
                f"switching would not lower your {usd(found['current_monthly_cost_usd'])} monthly "
                "cost; shorter prompts and capped output length are your best levers."]
    recommended = find_model(found["recommended_model"])
    alternative = recommended.display_name if recommended else found["recommended_model"]
    if found["monthly_savings_usd"] <= 0:
        return [f"At {tokens(monthly)} a month switching to {alternative} would not lower your "
                f"{usd(found['current_monthly_cost_usd'])} monthly cost."]
    return [f"Switching to {alternative} would cost {usd(found['recommended_monthly_cost_usd'])} "
            f"a month for the same {tokens(monthly)} instead of "
            f"{usd(found['current_monthly_cost_usd'])}, saving {usd(found['monthly_savings_usd'])} "
            f"a month ({found['savings_percent']:.1f}%).",
            "Try it on a sample of your traffic first, because a cheaper model can lose "
            "quality on complex tasks."]


def _comparison_answer(turn: _Turn, q: Question, route: int = 0) -> str:
    said: list[str] = []
    if q.tokens_per_month is not None:
        monthly = q.tokens_per_month
    elif q.monthly_spend_usd is not None:
        monthly, sentence = _spend_to_volume(turn, q, q.models[0])
        said.append(sentence)
    else:
        monthly = REFERENCE_TOKENS
        said.append(f"You didn't give a volume, so I used {tokens(monthly)} a month.")
    found_for: dict[str, float] = {}
    for model in (q.models[::-1] if route == 1 else q.models):
        found = turn.call("monthly_cost_calculator", {"model": model.key, "tokens_per_month": monthly},
                          f"Working out the monthly cost of {tokens(monthly)} on {model.display_name}.")
        found_for[model.key] = found["monthly_cost_usd"]
    costs = [(found_for[model.key], model) for model in q.models]
    each = _listed([f"{model.display_name} would cost {usd(cost)}" for cost, model in costs])
    said.append(f"For {_volume_phrase(q, monthly)} at {SPLIT}, {each}.")
    (low, cheapest), (high, dearest) = min(costs, key=lambda c: c[0]), max(costs, key=lambda c: c[0])
    if low == high:
        said.append("They cost the same at this volume, so choose on quality and latency.")
    else:
        saving = high - low
        best = "cheaper" if len(costs) == 2 else "cheapest"
        said.append(f"{cheapest.display_name} is the {best} option, saving {usd(saving)} a month "
                    f"({saving / high * 100:.1f}% less than {dearest.display_name}).")
    return " ".join(said)


def _general_answer(q: Question) -> str:
    flagship, light = default_model(), find_model("gpt-4o-mini")
    assert light is not None
    if q.asks_savings:
        ratio = flagship.output_per_million / flagship.input_per_million
        less = (1 - light.blended_per_million / flagship.blended_per_million) * 100
        return (f"The biggest saving is usually routing routine requests to a smaller model: "
                f"{light.display_name} costs about {less:.0f}% less per token than "
                f"{flagship.display_name} at {SPLIT}. Output tokens cost {ratio:g} times as much as "
                f"input tokens on {flagship.display_name}, so capping response length and trimming "
                "prompts pays off quickly. Caching repeated prompts and batching work that can wait "
                "cut the bill further. Tell me your model and monthly token volume or spend, and "
                "I will calculate exactly how much you could save.")
    known = ", ".join(m.display_name for m in MODELS)
    if q.asks_cost and not q.asks_capabilities:
        return ("To work out a cost I need a model and a monthly token volume or spend. "
                f"I have list prices for {known}. For example, ask me how much 2 million "
                f"{flagship.display_name} tokens a month would cost.")
    return ("I am an AI cost-optimisation assistant for teams that pay for language models. "
            "I can look up model prices, work out the monthly cost of a token volume or a spend, "
            "compare models side by side and recommend cheaper alternatives with the saving in "
            f"dollars and percent. I know the list prices of {known}. Try asking how much "
            f"2 million {flagship.display_name} tokens a month would cost.")
