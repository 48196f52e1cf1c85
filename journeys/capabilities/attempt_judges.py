"""What makes one attempt of a rate journey a success, and what to call it when it is not.

A rate journey judges each attempt with the very checks its single-answer journey uses (one home
for each rule): a cost answer with the right figures, a follow-up understood in its context, an
off-topic question turned back with no cost made up. A failed attempt is filed under a short
category ("placeholder", "no figure", "wrong figure", "timeout" ...) read from the error the
check raised, so a failure message can say "attempt 4 (wrong figure)".
"""

from __future__ import annotations

import re
from collections.abc import Callable

from ..errors import AnswerNotMeaningful, StreamClosed, StreamTimeout
from ..evidence import ASKED, transcript_ref
from .expectations import expect_cost_answer
from .follow_ups import expect_understood_in_context
from .off_topic import expect_no_made_up_costs, expect_says_what_it_helps_with, money_in
from .repeats import Attempt

WRONG_FIGURE = "wrong figure"
_COST_KEY = re.compile(r"cost", re.IGNORECASE)     # monthly_cost_usd, current_monthly_cost_usd ...
_CATEGORIES = (          # words of a check's message -> the category a reader sorts by
    ("placeholder", "placeholder"), ("wrapped in a fixed phrase", "placeholder"),
    ("mostly the question", "placeholder"), ("made up costs", WRONG_FIGURE),
    ("contains no figure", "no figure"), ("states none of the numbers", WRONG_FIGURE),
    ("got no answer", "no answer"), ("without using any tool", "no tool"),
    ("without its context", "out of context"), ("not say what it can help with", "off its subject"),
)


def categorise(error: BaseException) -> str:
    """The short name of why an attempt failed."""
    if isinstance(error, StreamTimeout):
        return "timeout"
    if isinstance(error, StreamClosed):
        return "chat closed"
    text = f"{getattr(error, 'cause', '')} {getattr(error, 'detail', error)}"
    return next((category for words, category in _CATEGORIES if words in text),
                getattr(error, "cause", type(error).__name__))


def _last(attempt: Attempt):
    return attempt.turns[-1]


def right_figures(attempt: Attempt) -> None:
    """A meaningful cost answer from the tools that states every cost the tools worked out."""
    turn = _last(attempt)
    expect_cost_answer(turn)
    stated = {round(amount, 2) for amount in money_in(turn.answer)}
    missing = [cost for cost in worked_out_costs(turn.tool_results) if round(cost, 2) not in stated]
    if missing:
        raise AnswerNotMeaningful(
            f"{turn.who} asked {turn.question!r}; the tools worked out "
            f"{', '.join(f'${c:,.2f}' for c in missing)} ({', '.join(turn.tools_used)}), but the answer "
            f"states {', '.join(f'${a:,.2f}' for a in sorted(stated)) or 'no amount'}: {turn.answer[:300]!r}",
            evidence=transcript_ref(turn.who, ASKED), cause=WRONG_FIGURE)


def worked_out_costs(tool_results) -> list[float]:
    """The costs in the tool results: every number under a key that names a cost ("monthly_cost_usd")."""
    found: list[float] = []

    def walk(node) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if _COST_KEY.search(str(key)) and isinstance(value, (int, float)) and not isinstance(value, bool):
                    found.append(float(value))
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)
    walk([r for r in tool_results if r is not None])
    return found


def understood_follow_up(model: str, volume: str) -> Callable[[Attempt], None]:
    """The attempt's last answer prices ``model`` at ``volume`` tokens a month, with the right figures."""
    def judge(attempt: Attempt) -> None:
        expect_understood_in_context(_last(attempt), attempt.who, model, volume)
        right_figures(attempt)
    return judge


def turned_back(attempt: Attempt) -> None:
    """An off-topic question answered with what the assistant can help with, and no made-up cost."""
    turn = _last(attempt)
    expect_says_what_it_helps_with(turn)
    expect_no_made_up_costs(turn)
