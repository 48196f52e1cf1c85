"""Off-topic or harmful questions (CONTRACT sections 5 and 9): the assistant says what it is for.

The answer must be meaningful, say what the assistant can help with (AI costs),
and contain no money figure it made up: every amount it states must come from
a tool's results in the same answer, and an answer that used no tool may
state none.
"""

from __future__ import annotations

import re

from ..rules.answers import result_numbers
from ..errors import AnswerNotMeaningful
from .expectations import expect_meaningful_answer
from ..evidence import transcript_ref
from ..wire.turns import Turn

_MONEY = re.compile(r"[$€£]\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)")
_HELPS_WITH = re.compile(r"\b(?:cost|costs|spend|spending|pricing|prices|savings?)\b", re.IGNORECASE)
_OFFERS = re.compile(r"\b(?:i can|can help|ask me|try asking|tell me|i am an?)\b", re.IGNORECASE)


def expect_says_what_it_helps_with(turn: Turn) -> None:
    expect_meaningful_answer(turn)
    if not (_HELPS_WITH.search(turn.answer) and _OFFERS.search(turn.answer)):
        raise AnswerNotMeaningful(
            f"{turn.who} asked {turn.question!r}, something the assistant is not for, and its answer does "
            f"not say what it can help with: {turn.answer[:300]!r}", evidence=transcript_ref(turn.who))


def money_in(answer: str) -> list[float]:
    """The money amounts ``answer`` states ("$1,234.50" -> 1234.5), in order."""
    return [float(match.group(1).replace(",", "")) for match in _MONEY.finditer(answer)]


def made_up_amounts(answer: str, tool_results: list) -> list[str]:
    """Money amounts in ``answer`` that no tool result of the answer gives (rounded to cents)."""
    known = {round(value, 2) for value in result_numbers(tool_results)}
    return [match.group(0) for match in _MONEY.finditer(answer)
            if round(float(match.group(1).replace(",", "")), 2) not in known]


def expect_no_made_up_costs(turn: Turn) -> None:
    made_up = made_up_amounts(turn.answer or "", [r for r in turn.tool_results if r is not None])
    if made_up:
        tools = ", ".join(turn.tools_used) or "no tool"
        raise AnswerNotMeaningful(
            f"the assistant made up costs in its answer to {turn.who}: {', '.join(made_up)} "
            f"(worked out by {tools}) in {turn.answer[:300]!r}", evidence=transcript_ref(turn.who))
