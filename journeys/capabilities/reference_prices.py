"""``@local-only`` checks against the reference platform's own price list.

The reference agent is deterministic, so on the local target the suite can
check more than the contract's "states a figure from a tool": the quoted
monthly cost must be exactly what the price list gives. This module is the
only place the library reads the platform's code, and only for that.
"""

from __future__ import annotations

from reference_platform.pricing import find_model, monthly_cost

from ..errors import AnswerNotMeaningful, SuiteError
from ..evidence import ASKED, transcript_ref
from ..wire.turns import Turn


def expected_monthly_cost(model_name: str, tokens_per_month: int) -> float:
    model = find_model(model_name)
    if model is None:
        raise SuiteError(f"the reference price list has no model called {model_name!r}")
    return monthly_cost(model, tokens_per_month)


def expect_quotes_price_list(turn: Turn, model_name: str, tokens_per_month: int) -> None:
    cost = expected_monthly_cost(model_name, tokens_per_month)
    written = f"${cost:,.2f}"
    answer = turn.answer or ""
    if written not in answer:
        raise AnswerNotMeaningful(
            f"{turn.who} asked about {tokens_per_month:,} {model_name} tokens a month; the price "
            f"list gives {written}, but the answer was {answer[:300]!r}",
            evidence=transcript_ref(turn.who, ASKED))
