"""What makes an answer meaningful (CONTRACT.md section 5, "Answers").

The functions return the reasons an answer fails, not a verdict, so the step
that calls them can say who asked what, what came back and how long it took.

Decisions, kept here so a reader of a failure can check them:

Figures (``numbers_in``)
    Digits only, optionally with comma thousands separators (``2,000,000``),
    a decimal point, a leading minus and a currency sign (``$ € £ ¥ ₹``), and
    an optional ``k``/``M``/``B``/``bn`` suffix that is *not* applied: ``2M``
    and ``2 million`` both read as 2. Words ("two million") are not read. A
    number glued to letters is part of a name, not a figure: ``GPT-4o``,
    ``claude-3``, ``3rd`` and ``v1.2`` give nothing.

Stating a tool's number
    Every int or float in the tool results counts, found by walking nested
    objects and lists, plus strings that are one figure (``"$1,234.50"``).
    Booleans are not numbers. 0 and ±1 are left out: they are counts and flags
    that any "1" in the text would match. When nothing is left there is nothing
    to look for and the rule does not apply. A figure in the answer written
    with *k* decimals states a result value *v* when it is *v* rounded to *k*
    decimals (either way at a tie): 1234.5678 is stated by ``1,235``,
    ``$1234.6``, ``1,234.57`` or ``1234.5678``, not by ``1,234`` or ``1234.5``
    (truncations) nor ``1,200``. Rounding to 0, 1 or 2 decimals is what the
    contract allows; more decimals than two are accepted too, since they are
    only more exact. A figure that reads 0 never states a non-zero value, and
    the sign is ignored ("saves $300" states a change of -300).

Echoes and placeholders
    The contract's phrases ("This is a simulated response to:", "Agent
    response for:", "You said:") and a few others are refused outright, and so
    are the real platform's own stand-ins, whatever status came with them (Netra
    Apex beta-17: "Mock <type> agent response for: <question>", "Fallback <type>
    agent response: Successfully processed '<question>' using recovery
    mechanism", "Degraded mode ...", "I've processed your message: ...", "Error
    executing <type> agent: ...", a bare "Task completed" ...; the test of each
    names the file and line that builds it). In
    general an answer is an echo when it holds the question's words in order
    and at most six other words, or when, without the order, 80 % of the
    question's words are there and at most six others. Questions of fewer than
    three words are only checked against the fixed phrases.

Cost questions (``is_cost_question``)
    A question is about cost when it says cost, spend, savings, price, budget,
    bill, cheaper/expensive or names an amount of money; or when it names a
    token volume ("2 million GPT-4o tokens") together with "how much", a period
    ("a month", "monthly") or a model. Mentioning a model alone is not enough:
    "How much context does GPT-4o have?" is not about cost.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import Any

MIN_SENTENCE_WORDS = 8
MAX_WRAPPER_WORDS = 6
ECHO_SHARE = 0.8

_FIGURE = re.compile(r"""
    (?<![\w.])(?<![A-Za-z]-)                # not glued to a name: GPT-4o, v1.2
    (?P<sign>[-\u2212])?
    [$€£¥₹]?
    (?P<number>\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)
    (?:k|K|M|B|bn)?
    (?!\w)                                  # nor followed by letters: 4o, 3rd, 10x
""", re.VERBOSE)

_PLACEHOLDERS = re.compile(r"""
    ^\W*this\ is\ a\ simulated\ response
  | ^\W*agent\ response\ for\s*:
  | ^\W*you\ said\s*:
  | ^\W*(?:mock|simulated|placeholder|dummy|fake)\ (?:agent\ )?(?:response|answer)\b
  | ^\W*echo\s*:
  | \blorem\ ipsum\b
    # the real platform's own stand-ins (Netra Apex beta-17; tests/library/test_answers.py has each)
  | ^\W*(?:mock|fallback|degraded\ mode)\b[^:\n]{0,60}?\bresponse\b[^:\n]{0,40}:
  | \bsuccessfully\ processed\b.{0,500}?\busing\ recovery\ mechanism\b
  | ^\W*i['\u2019]ve\ processed\ your\ message\s*:
  | \bthis\ is\ a\ streaming\ response\ that\ demonstrates\b
  | ^\W*error\ (?:processing\ message|executing\ [\w-]+\ agent|in\ fallback\ execution)\s*:
  | ^\W*(?:agent\ executed\ successfully|task\ completed)\W*$
""", re.VERBOSE | re.IGNORECASE | re.DOTALL)

_ANSWER_COST_WORDS = re.compile(
    r"\b(?:cost|costs|costing|costly|spend|spends|spending|spent|saving|savings|save|saves|"
    r"saved|price|prices|priced|pricing|expense|expenses|budget|budgets|bill|billed|billing)\b",
    re.IGNORECASE)
_QUESTION_COST_WORDS = re.compile(
    r"\b(?:cheaper|cheapest|expensive|dollars?|usd|eur|invoice|afford)\b|[$€£¥₹]\s?\d",
    re.IGNORECASE)
_TOKEN_VOLUME = re.compile(
    r"(?<![\w.])\d[\d,.]*\s*(?:k|m|bn|thousand|million|billion)?\s+(?:[\w.-]+\s+){0,2}tokens?\b",
    re.IGNORECASE)
_PERIOD_OR_AMOUNT = re.compile(
    r"\bhow much\b|\b(?:a|per|each|every)\s+(?:day|week|month|year)\b|\b(?:daily|weekly|monthly|"
    r"yearly|annual|annually)\b", re.IGNORECASE)
_MODEL = re.compile(
    r"\b(?:gpt|claude|gemini|llama|mistral|mixtral|deepseek|o1|o3|model|models)\b", re.IGNORECASE)
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+|\n+")
_TOKEN = re.compile(r"[^\W_]+(?:[.,'\u2019][^\W_]+)*")


def numbers_in(text: str) -> list[float]:
    """The figures written in ``text``, in order (see the module docstring)."""
    return [float(value) for value, _ in _figures(text)]


def is_cost_question(question: str) -> bool:
    if _ANSWER_COST_WORDS.search(question) or _QUESTION_COST_WORDS.search(question):
        return True
    return bool(_TOKEN_VOLUME.search(question)
                and (_PERIOD_OR_AMOUNT.search(question) or _MODEL.search(question)))


def answer_problems(answer: str, question: str, *, cost_question: bool | None = None,
                    tool_results: Iterable[Any] = ()) -> list[str]:
    """Why ``answer`` is not a meaningful answer to ``question``; empty when it is.

    ``cost_question`` defaults to ``is_cost_question(question)``;
    ``tool_results`` are the ``results`` of the run's ``tool_completed`` events.
    """
    if not isinstance(answer, str) or not answer.strip():
        return [f"the answer is empty ({answer!r})"]
    if cost_question is None:
        cost_question = is_cost_question(question)
    problems = _sentence_problems(answer) + _echo_problems(answer, question)
    if cost_question:
        problems += _cost_problems(answer)
    problems += _tool_number_problems(answer, list(tool_results))
    return problems


def result_numbers(tool_results: Any) -> list[float]:
    """The non-trivial numbers a tool returned, in the order found."""
    return [float(v) for v in _result_values(tool_results)]


def _sentence_problems(answer: str) -> list[str]:
    counts = [(_word_count(s), s.strip()) for s in _SENTENCE_END.split(answer) if s.strip()]
    longest, sentence = max(counts, default=(0, ""))
    if longest >= MIN_SENTENCE_WORDS:
        return []
    return [f"no sentence has {MIN_SENTENCE_WORDS} or more words "
            f"(the longest has {longest}: {_quote(sentence)})"]


def _echo_problems(answer: str, question: str) -> list[str]:
    placeholder = _PLACEHOLDERS.search(answer)
    if placeholder:
        return [f"the answer is a placeholder: it contains the fixed phrase "
                f"{_quote(placeholder.group(0).strip())} ({_quote(answer)})"]
    said, asked = _tokens(answer), _tokens(question)
    if len(asked) < 3:
        return []
    start = _find(said, asked)
    if start is not None and len(said) - len(asked) <= MAX_WRAPPER_WORDS:
        wrapper = " ".join(said[:start] + ["<question>"] + said[start + len(asked):])
        return [f"the answer is the question wrapped in a fixed phrase: {_quote(wrapper)}"]
    shared = sum((Counter(said) & Counter(asked)).values())
    if shared >= ECHO_SHARE * len(asked) and len(said) - shared <= MAX_WRAPPER_WORDS:
        return [f"the answer is mostly the question: only {len(said) - shared} of its "
                f"{len(said)} words are not the question's ({_quote(answer)})"]
    return []


def _cost_problems(answer: str) -> list[str]:
    problems = []
    if not _ANSWER_COST_WORDS.search(answer):
        problems.append("the question is about cost but the answer never mentions cost, "
                        "spend or savings")
    if not numbers_in(answer):
        problems.append("the question is about cost but the answer contains no figure")
    return problems


def _tool_number_problems(answer: str, tool_results: list[Any]) -> list[str]:
    wanted = list(_result_values(tool_results))
    if not wanted:
        return []
    stated = [(n, places) for n, places in _figures(answer) if n != 0]
    for value in wanted:
        for figure, places in stated:
            if abs(abs(figure) - abs(value)) <= Decimal(5).scaleb(-(places + 1)):
                return []
    looked_for = ", ".join(_plain(v) for v in wanted[:8]) + (", ..." if len(wanted) > 8 else "")
    found = ", ".join(_plain(n) for n, _ in stated[:8]) or "none"
    return [f"the answer states none of the numbers in the tool results, even rounded to "
            f"two decimals (looked for {looked_for}; the answer's figures: {found})"]


def _figures(text: str) -> Iterator[tuple[Decimal, int]]:
    """Each figure as (exact value, decimals written)."""
    for match in _FIGURE.finditer(text):
        digits = match.group("number").replace(",", "")
        value = Decimal(digits)
        if match.group("sign"):
            value = -value
        places = len(digits.partition(".")[2])
        yield value, places


def _result_values(node: Any) -> Iterator[Decimal]:
    if isinstance(node, bool) or node is None:
        return
    if isinstance(node, dict):
        for child in node.values():
            yield from _result_values(child)
    elif isinstance(node, (list, tuple)):
        for child in node:
            yield from _result_values(child)
    elif isinstance(node, (int, float)):
        if isinstance(node, int) or math.isfinite(node):
            yield from _non_trivial(Decimal(node) if isinstance(node, int) else Decimal(repr(node)))
    elif isinstance(node, str) and _FIGURE.fullmatch(node.strip()):
        for value, _ in _figures(node.strip()):
            yield from _non_trivial(value)


def _non_trivial(value: Decimal) -> Iterator[Decimal]:
    if value != 0 and abs(value) != 1:
        yield value


def _tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def _find(haystack: list[str], needle: list[str]) -> int | None:
    for start in range(len(haystack) - len(needle) + 1):
        if haystack[start:start + len(needle)] == needle:
            return start
    return None


def _word_count(sentence: str) -> int:
    return sum(1 for word in sentence.split() if re.search(r"\w", word))


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f") if value == value.to_integral_value() else str(value)


def _quote(text: str, limit: int = 160) -> str:
    text = " ".join(text.split())
    return repr(text if len(text) <= limit else text[:limit] + "...")
