"""The agent's tools: small, real calculations over the price table.

Each tool takes a JSON-like ``params`` dict and returns a JSON-like ``results``
dict of numbers, because that is exactly what travels in ``tool_executing`` and
``tool_completed`` events (CONTRACT section 5). Models travel as their canonical
keys (``"gpt-4o"``), money as USD rounded to cents, volumes as whole tokens.

Bad parameters raise :class:`ToolError` with a message that names the parameter
and the value received, so the platform can turn it into an ``agent_error``.
"""

from __future__ import annotations

import time
from decimal import Decimal
from typing import Any, Callable

from .pricing import (MAX_MONTHLY_SPEND_USD, MAX_TOKENS_PER_MONTH, MODELS, Model, find_model,
                      monthly_cost, tokens_for_spend)

Params = dict[str, Any]
Results = dict[str, Any]


class ToolError(ValueError):
    """A tool was called with parameters it cannot work with."""


def _model(params: Params, name: str = "model") -> Model:
    value = params.get(name)
    model = find_model(value) if isinstance(value, str) else None
    if model is None:
        known = ", ".join(m.key for m in MODELS)
        raise ToolError(f"parameter {name!r} must name a known model ({known}); got {value!r}")
    return model


def _whole_number(params: Params, name: str) -> int:
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MAX_TOKENS_PER_MONTH:
        raise ToolError(f"parameter {name!r} must be a whole number of tokens from 0 to "
                        f"{MAX_TOKENS_PER_MONTH:,}; got {value!r}")
    return value


def _amount(params: Params, name: str) -> float:
    value = params.get(name)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not (
            0 <= value <= MAX_MONTHLY_SPEND_USD):
        raise ToolError(f"parameter {name!r} must be a USD amount from 0 to "
                        f"{MAX_MONTHLY_SPEND_USD:,}; got {value!r}")
    return float(value)


def model_price_lookup(params: Params) -> Results:
    """List prices of one model, per million input and output tokens."""
    model = _model(params)
    return {"model": model.key,
            "input_per_million": model.input_per_million,
            "output_per_million": model.output_per_million}


def monthly_cost_calculator(params: Params) -> Results:
    """Monthly cost of a token volume on one model at the default input/output split."""
    model = _model(params)
    tokens = _whole_number(params, "tokens_per_month")
    return {"model": model.key, "tokens_per_month": tokens,
            "monthly_cost_usd": monthly_cost(model, tokens)}


def spend_to_tokens(params: Params) -> Results:
    """How many tokens a month a given monthly spend buys on one model."""
    model = _model(params)
    spend = _amount(params, "monthly_spend_usd")
    return {"model": model.key, "monthly_spend_usd": round(spend, 2),
            "tokens_per_month": tokens_for_spend(model, spend)}


def recommend_alternative(current: Model) -> Model:
    """The cheapest model at most one quality tier below ``current``, preferring its own provider.

    Staying with one vendor is the cheapest migration (same API, same contract),
    so a same-provider candidate wins over a cheaper one elsewhere. When nothing
    is cheaper, the current model is returned: the honest advice is "stay".
    """
    cheaper = [m for m in MODELS
               if m.blended_per_million < current.blended_per_million and m.tier >= current.tier - 1]
    same_provider = [m for m in cheaper if m.provider == current.provider]
    pool = same_provider or cheaper
    return min(pool, key=lambda m: (m.blended_per_million, m.key)) if pool else current


def savings_recommender(params: Params) -> Results:
    """Cost now, cost on the recommended alternative, and the difference, for one monthly volume."""
    current = _model(params)
    tokens = _whole_number(params, "tokens_per_month")
    recommended = recommend_alternative(current)
    now = monthly_cost(current, tokens)
    then = monthly_cost(recommended, tokens)
    saving = Decimal(str(now)) - Decimal(str(then))
    percent = round(float(saving / Decimal(str(now)) * 100), 1) if now else 0.0
    return {"current_model": current.key, "tokens_per_month": tokens,
            "current_monthly_cost_usd": now,
            "recommended_model": recommended.key,
            "recommended_monthly_cost_usd": then,
            "monthly_savings_usd": float(saving), "savings_percent": percent}


_TOOLS: dict[str, tuple[Callable[[Params], Results], str]] = {
    "model_price_lookup": (model_price_lookup,
                           "List price of a model in USD per million input and output tokens."),
    "monthly_cost_calculator": (monthly_cost_calculator,
                                "Monthly USD cost of a token volume on a model, "
                                "assuming 75% input and 25% output tokens."),
    "savings_recommender": (savings_recommender,
                            "Cheapest comparable model for a monthly token volume, "
                            "with the monthly saving in USD and percent."),
    "spend_to_tokens": (spend_to_tokens,
                        "Monthly token volume that a monthly USD spend buys on a model."),
}


def tool_catalogue() -> list[dict[str, str]]:
    """Name and description of every tool, for the platform's MCP server listing."""
    return [{"name": name, "description": description}
            for name, (_, description) in _TOOLS.items()]


def run_tool(name: str, params: Params) -> tuple[Results, float]:
    """Run one tool and measure it: the ``duration_ms`` in ``tool_completed`` is this measurement.

    The duration is wall-clock milliseconds from :func:`time.perf_counter`,
    rounded to microseconds; it is small because the tools are pure arithmetic.
    """
    if name not in _TOOLS:
        raise ToolError(f"no tool named {name!r}; known tools: {', '.join(_TOOLS)}")
    function, _ = _TOOLS[name]
    started = time.perf_counter()
    results = function(dict(params))
    duration_ms = round((time.perf_counter() - started) * 1000, 3)
    return results, duration_ms
