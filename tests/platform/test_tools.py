"""The price table and the agent's tools: figures recomputed here from list prices, never copied."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest

from reference_platform import pricing, tools
from reference_platform.pricing import MODELS, find_model
from reference_platform.tools import ToolError, run_tool, tool_catalogue


def expected_cost(key: str, tokens_per_month: int) -> float:
    """Independent arithmetic: 75% of the volume at the input price, 25% at the output price."""
    model = find_model(key)
    assert model is not None, f"{key} should be in the price table"
    per_token_in = Decimal(str(model.input_per_million)) / 1_000_000
    per_token_out = Decimal(str(model.output_per_million)) / 1_000_000
    raw = tokens_per_month * (Decimal("0.75") * per_token_in + Decimal("0.25") * per_token_out)
    return float(raw.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@pytest.mark.parametrize("name, key", [
    ("gpt-4o", "gpt-4o"), ("GPT-4o", "gpt-4o"), ("gpt 4o", "gpt-4o"), ("4o", "gpt-4o"),
    ("GPT-4o mini", "gpt-4o-mini"), ("gpt-4o-mini", "gpt-4o-mini"), ("GPT-4.1", "gpt-4.1"),
    ("o3-mini", "o3-mini"), ("O3 Mini", "o3-mini"),
    ("Claude 3.5 Sonnet", "claude-3-5-sonnet"), ("claude-3.5-sonnet", "claude-3-5-sonnet"),
    ("sonnet", "claude-3-5-sonnet"), ("Claude 3.5 Haiku", "claude-3-5-haiku"),
    ("haiku", "claude-3-5-haiku"), ("Claude 3 Opus", "claude-3-opus"), ("opus", "claude-3-opus"),
    ("Gemini 1.5 Pro", "gemini-1-5-pro"), ("gemini-1.5-flash", "gemini-1-5-flash"),
    ("Llama 3.1 70B", "llama-3-1-70b"), ("llama-3-1-70b", "llama-3-1-70b"),
])
def test_find_model_knows_names_and_aliases(name: str, key: str) -> None:
    model = find_model(name)
    assert model is not None and model.key == key, f"{name!r} should be {key}, got {model}"


@pytest.mark.parametrize("name", ["", "gpt-5-ultra", "mistral large", "claude"])
def test_find_model_returns_none_for_unknown_names(name: str) -> None:
    assert find_model(name) is None, f"{name!r} should not match a model"


def test_price_table_is_plausible() -> None:
    assert len(MODELS) >= 10, f"expected at least 10 models, got {len(MODELS)}"
    assert len({m.key for m in MODELS}) == len(MODELS), "model keys must be unique"
    for model in MODELS:
        assert 0 < model.input_per_million <= model.output_per_million, f"{model.key}: {model}"
    assert pricing.INPUT_SHARE + pricing.OUTPUT_SHARE == 1, "the token split must add up to 100%"


def test_catalogue_lists_runnable_tools_with_descriptions() -> None:
    catalogue = tool_catalogue()
    names = [entry["name"] for entry in catalogue]
    for required in ("model_price_lookup", "monthly_cost_calculator", "savings_recommender"):
        assert required in names, f"{required} missing from {names}"
    for entry in catalogue:
        assert len(entry["description"].split()) >= 5, f"description too thin: {entry}"
    with pytest.raises(ToolError, match="no tool named"):
        run_tool("crystal_ball", {})


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.key)
def test_price_lookup_returns_the_table_prices(model: pricing.Model) -> None:
    results, _ = run_tool("model_price_lookup", {"model": model.display_name})
    assert results == {"model": model.key, "input_per_million": model.input_per_million,
                       "output_per_million": model.output_per_million}


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.key)
@pytest.mark.parametrize("volume", [0, 1, 300_000, 2_000_000, 1_500_000_000])
def test_calculator_matches_the_price_arithmetic(model: pricing.Model, volume: int) -> None:
    results, _ = run_tool("monthly_cost_calculator", {"model": model.key, "tokens_per_month": volume})
    assert results == {"model": model.key, "tokens_per_month": volume,
                       "monthly_cost_usd": expected_cost(model.key, volume)}


def test_calculator_rounds_half_cents_up() -> None:
    # GPT-4o at 1,000,000 tokens is exactly $4.375; half-up rounding must give $4.38, not $4.37.
    assert expected_cost("gpt-4o", 1_000_000) == 4.38
    assert tools.monthly_cost_calculator({"model": "gpt-4o", "tokens_per_month": 1_000_000})[
        "monthly_cost_usd"] == 4.38


@pytest.mark.parametrize("key, spend", [("gpt-4o", 3000.0), ("claude-3-5-sonnet", 123.45),
                                        ("gemini-1-5-flash", 1.0), ("claude-3-opus", 0.0)])
def test_spend_to_tokens_buys_as_many_tokens_as_the_budget_allows(key: str, spend: float) -> None:
    results, _ = run_tool("spend_to_tokens", {"model": key, "monthly_spend_usd": spend})
    model = find_model(key)
    assert model is not None
    blended = Decimal(str(model.input_per_million)) * Decimal("0.75") + Decimal(
        str(model.output_per_million)) * Decimal("0.25")
    bought = results["tokens_per_month"]
    assert bought * blended <= Decimal(str(spend)) * 1_000_000 < (bought + 1) * blended, results


@pytest.mark.parametrize("model", MODELS, ids=lambda m: m.key)
def test_recommender_picks_the_cheapest_comparable_model(model: pricing.Model) -> None:
    volume = 40_000_000
    results, _ = run_tool("savings_recommender", {"model": model.key, "tokens_per_month": volume})
    recommended = find_model(results["recommended_model"])
    assert recommended is not None, results
    eligible = [m for m in MODELS if m.tier >= model.tier - 1
                and expected_cost(m.key, volume) < expected_cost(model.key, volume)]
    same_vendor = [m for m in eligible if m.provider == model.provider]
    pool = same_vendor or eligible
    if pool:
        assert expected_cost(recommended.key, volume) == min(expected_cost(m.key, volume) for m in pool)
        assert (recommended.provider == model.provider) == bool(same_vendor), results
    else:
        assert recommended.key == model.key, f"nothing is cheaper than {model.key}: {results}"
    now, then = expected_cost(model.key, volume), expected_cost(recommended.key, volume)
    assert results["current_monthly_cost_usd"] == now, results
    assert results["recommended_monthly_cost_usd"] == then, results
    assert results["monthly_savings_usd"] == pytest.approx(now - then, abs=0.001), results
    assert results["savings_percent"] == pytest.approx((now - then) / now * 100, abs=0.05), results


def test_recommender_stays_within_the_vendor_when_it_can() -> None:
    results = tools.savings_recommender({"model": "gpt-4o", "tokens_per_month": 1_000_000})
    assert results["recommended_model"] == "gpt-4o-mini", results
    results = tools.savings_recommender({"model": "claude-3-opus", "tokens_per_month": 1_000_000})
    assert results["recommended_model"] == "claude-3-5-sonnet", "one tier down, same vendor"


@pytest.mark.parametrize("tool, params, complaint", [
    ("model_price_lookup", {}, "'model'"),
    ("model_price_lookup", {"model": "gpt-9"}, "'gpt-9'"),
    ("monthly_cost_calculator", {"model": "gpt-4o", "tokens_per_month": -5}, "-5"),
    ("monthly_cost_calculator", {"model": "gpt-4o", "tokens_per_month": "2M"}, "'2M'"),
    ("monthly_cost_calculator", {"model": "gpt-4o", "tokens_per_month": True}, "True"),
    ("savings_recommender", {"model": "gpt-4o"}, "tokens_per_month"),
    ("savings_recommender", {"model": "gpt-4o", "tokens_per_month": 10**19}, str(10**19)),
    ("spend_to_tokens", {"model": "gpt-4o", "monthly_spend_usd": float("nan")}, "nan"),
    ("spend_to_tokens", {"model": "gpt-4o", "monthly_spend_usd": 1e10}, "10000000000.0"),
    ("spend_to_tokens", {"model": "gpt-4o", "monthly_spend_usd": "lots"}, "'lots'"),
])
def test_bad_parameters_are_refused_with_the_value_received(tool: str, params: dict,
                                                           complaint: str) -> None:
    with pytest.raises(ToolError) as refused:
        run_tool(tool, params)
    assert complaint in str(refused.value), f"message should quote {complaint}: {refused.value}"


def test_run_tool_reports_the_measured_duration(monkeypatch: pytest.MonkeyPatch) -> None:
    readings = iter([10.0, 10.25])
    monkeypatch.setattr(tools.time, "perf_counter", lambda: next(readings))
    _, duration_ms = run_tool("model_price_lookup", {"model": "gpt-4o"})
    assert duration_ms == 250.0, f"250 ms passed on the clock, the tool reported {duration_ms}"


def test_run_tool_leaves_the_callers_parameters_alone() -> None:
    params = {"model": "Claude 3.5 Sonnet", "tokens_per_month": 1000}
    run_tool("savings_recommender", params)
    assert params == {"model": "Claude 3.5 Sonnet", "tokens_per_month": 1000}


def test_the_bounds_keep_the_arithmetic_exact() -> None:
    cheapest = min(MODELS, key=lambda m: m.blended_per_million)
    dearest = max(MODELS, key=lambda m: m.blended_per_million)
    most = pricing.tokens_for_spend(cheapest, pricing.MAX_MONTHLY_SPEND_USD)
    assert most <= pricing.MAX_TOKENS_PER_MONTH, "the largest spend must buy a volume tools accept"
    results, _ = run_tool("savings_recommender", {"model": dearest.key,
                                                  "tokens_per_month": pricing.MAX_TOKENS_PER_MONTH})
    assert results["current_monthly_cost_usd"] == expected_cost(dearest.key,
                                                                pricing.MAX_TOKENS_PER_MONTH)
