"""The reference agent's price table, and the arithmetic every tool shares.

The prices are a snapshot of public list prices (USD per million tokens) taken
for testing. They are NOT authoritative and will drift from the vendors' pages;
they only need to be realistic and fixed, so that the reference platform's answers
are deterministic and a ``@local-only`` scenario can recompute them.

A monthly volume is priced as a blend of input and output tokens. Chat workloads
send far more prompt than they get back, so the default split is
:data:`INPUT_SHARE` = 75% input and :data:`OUTPUT_SHARE` = 25% output. Money is
computed with :class:`~decimal.Decimal` and rounded half-up to cents, so the
figure in an answer is exactly the figure a test recomputes from this table.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

INPUT_SHARE = Decimal("0.75")
OUTPUT_SHARE = Decimal("0.25")
MILLION = Decimal(1_000_000)
CENT = Decimal("0.01")

# Quality tiers let the savings recommender stay within reach of the current
# model's capability: it never proposes a model more than one tier below.
FRONTIER, FLAGSHIP, LIGHT = 3, 2, 1


@dataclass(frozen=True)
class Model:
    """One priced model. ``key`` is the canonical id used in tool parameters and results."""

    key: str
    display_name: str
    provider: str
    input_per_million: float
    output_per_million: float
    tier: int
    aliases: tuple[str, ...] = field(default=())

    @property
    def blended_per_million(self) -> Decimal:
        """USD per million tokens at the default input/output split."""
        return (Decimal(str(self.input_per_million)) * INPUT_SHARE
                + Decimal(str(self.output_per_million)) * OUTPUT_SHARE)


MODELS: tuple[Model, ...] = (
    Model("gpt-4o", "GPT-4o", "OpenAI", 2.50, 10.00, FLAGSHIP,
          ("gpt 4o", "gpt4o", "4o", "gpt-4 omni", "chatgpt 4o")),
    Model("gpt-4o-mini", "GPT-4o mini", "OpenAI", 0.15, 0.60, LIGHT,
          ("gpt 4o mini", "4o mini", "gpt mini")),
    Model("gpt-4.1", "GPT-4.1", "OpenAI", 2.00, 8.00, FLAGSHIP,
          ("gpt 4.1", "gpt-4-1", "gpt41")),
    Model("o3-mini", "o3-mini", "OpenAI", 1.10, 4.40, FLAGSHIP,
          ("o3 mini", "openai o3 mini")),
    Model("claude-3-5-sonnet", "Claude 3.5 Sonnet", "Anthropic", 3.00, 15.00, FLAGSHIP,
          ("claude 3.5 sonnet", "claude sonnet 3.5", "claude sonnet", "sonnet 3.5", "sonnet")),
    Model("claude-3-5-haiku", "Claude 3.5 Haiku", "Anthropic", 0.80, 4.00, LIGHT,
          ("claude 3.5 haiku", "claude haiku 3.5", "claude haiku", "haiku 3.5", "haiku")),
    Model("claude-3-opus", "Claude 3 Opus", "Anthropic", 15.00, 75.00, FRONTIER,
          ("claude 3 opus", "claude opus 3", "claude opus", "opus")),
    Model("gemini-1-5-pro", "Gemini 1.5 Pro", "Google", 1.25, 5.00, FLAGSHIP,
          ("gemini 1.5 pro", "gemini pro 1.5", "gemini pro")),
    Model("gemini-1-5-flash", "Gemini 1.5 Flash", "Google", 0.075, 0.30, LIGHT,
          ("gemini 1.5 flash", "gemini flash 1.5", "gemini flash")),
    Model("llama-3-1-70b", "Llama 3.1 70B", "Meta (hosted)", 0.88, 0.88, FLAGSHIP,
          ("llama 3.1 70b", "llama 3 70b", "llama 70b", "llama 3.1", "llama")),
)

# Bounds beyond any real workload: past them a figure is a typo or a probe, not a question,
# and Decimal arithmetic at 28 digits stays exact for everything inside them.
MAX_TOKENS_PER_MONTH = 10**18
MAX_MONTHLY_SPEND_USD = 10**9

DEFAULT_MODEL_KEY = "gpt-4o"
"""Assumed when a question gives a volume or a spend but names no model (the most used API model)."""


def normalise_name(name: str) -> str:
    """Fold case, spaces and punctuation, so "Claude 3.5 Sonnet" and "claude-3-5-sonnet" meet."""
    return re.sub(r"[^a-z0-9]", "", name.lower())


def _alias_index() -> dict[str, Model]:
    index: dict[str, Model] = {}
    for model in MODELS:
        for name in (model.key, model.display_name, *model.aliases):
            folded = normalise_name(name)
            owner = index.setdefault(folded, model)
            if owner is not model:
                raise ValueError(f"alias {name!r} names both {owner.key} and {model.key}")
    return index


ALIASES: dict[str, Model] = _alias_index()


def find_model(name: str) -> Model | None:
    """The model a name or alias refers to, or None: callers decide whether unknown is an error."""
    return ALIASES.get(normalise_name(name)) if name else None


def default_model() -> Model:
    """The model assumed when a question names none (see :data:`DEFAULT_MODEL_KEY`)."""
    model = find_model(DEFAULT_MODEL_KEY)
    assert model is not None, "the default model must be in the price table"
    return model


def to_cents(amount: Decimal) -> float:
    """Round half-up to cents: the one rounding rule every figure in an answer follows."""
    return float(amount.quantize(CENT, rounding=ROUND_HALF_UP))


def monthly_cost(model: Model, tokens_per_month: int) -> float:
    """USD a month for a token volume at the default split, rounded to cents."""
    return to_cents(Decimal(tokens_per_month) * model.blended_per_million / MILLION)


def tokens_for_spend(model: Model, monthly_spend_usd: float) -> int:
    """Whole tokens a monthly budget buys at the default split (rounded down: never over budget)."""
    tokens = Decimal(str(monthly_spend_usd)) * MILLION / model.blended_per_million
    return int(tokens.to_integral_value(rounding=ROUND_DOWN))
