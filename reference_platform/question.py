"""Reading a free-text question into what the agent's tools need.

People ask "How much would 2 million GPT-4o tokens a month cost?", "500k tokens
on sonnet", "I spend $3,000 a month on Claude 3.5 Sonnet": the parser finds the
models named (in order, via the price table's aliases), one token volume and one
spend (each normalised to a month), and what kind of answer is wanted.

Models are found first and masked out, so the digits inside "GPT-4o" or
"Claude 3.5" are never read as amounts. A number counts as a token volume when
"tokens" follows it, or when it carries a spelled-out scale ("1.5 billion");
an abbreviated scale alone ("70b", "2M") is too ambiguous without "tokens". A
number counts as money with "$" before it or "dollars"/"USD" after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from decimal import ROUND_HALF_UP, Decimal

from .pricing import MAX_MONTHLY_SPEND_USD, MAX_TOKENS_PER_MONTH, Model, find_model

MAX_WORDS_IN_A_NAME = 4

_WORD = re.compile(r"[a-z0-9]+(?:[.\-_][a-z0-9]+)*")
_SCALES = {"thousand": 10**3, "k": 10**3, "million": 10**6, "mil": 10**6, "mn": 10**6,
           "mm": 10**6, "m": 10**6, "billion": 10**9, "bn": 10**9, "b": 10**9}
_SPELLED = {"thousand", "million", "billion"}
_AMOUNT = re.compile(
    r"(?<![\w.,\-])(?P<dollar>\$\s*)?(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"(?:\s*(?P<scale>thousand|million|billion|mil|mn|mm|bn|k|m|b)\b)?")
_MONEY_AFTER = re.compile(r"\s*(?:dollars?|usd|bucks)\b")
_TOKENS_AFTER = re.compile(r"(?:\s+[a-z][a-z\-]*){0,3}?\s+(?:input\s+|output\s+)?tokens?\b")
_PERIOD_AFTER = re.compile(
    r"(?:\s+[a-z]+){0,3}?\s*(?:(?:a|an|per|each|every|/)\s*)?"
    r"(?P<period>day|daily|week|weekly|month|monthly|year|yearly|annually)\b")
# Months per period, to express every volume and spend per month.
_PER_MONTH = {"day": Decimal(30), "week": Decimal(52) / Decimal(12), "month": Decimal(1),
              "year": Decimal(1) / Decimal(12)}
_PERIOD_NAMES = {"daily": "day", "weekly": "week", "monthly": "month", "yearly": "year",
                 "annually": "year"}

_COST_WORDS = re.compile(r"\b(?:cost|costs|costing|price|prices|pricing|priced|spend|spending|"
                         r"spent|bill|billing|pay|paying|charge|charged|budget|expensive|"
                         r"how much)\b")
_SAVINGS_WORDS = re.compile(r"\b(?:save|saving|savings|cheaper|cheapest|alternatives?|reduce|"
                            r"reducing|cut|cutting|lower|lowering|optimi[sz]e|optimi[sz]ing|"
                            r"switch|switching|instead|less expensive)\b")
_CAPABILITY_WORDS = re.compile(r"\b(?:help|can you|what do you|who are you|what are you|hello|"
                               r"hi|hey)\b")


@dataclass(frozen=True)
class Amount:
    """A volume or a spend as the question stated it, and the period it was stated per."""

    value: Decimal
    period: str                 # "day", "week", "month" or "year"

    def per_month(self) -> Decimal:
        """The same amount expressed per month (a month is 30 days, a year 12 months)."""
        return self.value * _PER_MONTH[self.period]


@dataclass(frozen=True)
class Question:
    """What a question asks for. Volumes and spends are per month; None means "not stated"."""

    text: str
    models: tuple[Model, ...]
    tokens_per_month: int | None
    monthly_spend_usd: float | None
    volume_as_stated: Amount | None  # kept so an answer can say "50,000 tokens a day"
    spend_as_stated: Amount | None
    asks_cost: bool
    asks_savings: bool
    asks_capabilities: bool

    @property
    def asks_comparison(self) -> bool:
        """Two or more named models: the answer prices each of them."""
        return len(self.models) >= 2

    @property
    def is_general(self) -> bool:
        """Nothing to calculate with: no model, no volume, no spend."""
        return not self.models and self.tokens_per_month is None and self.monthly_spend_usd is None


def find_models(text: str) -> tuple[tuple[Model, ...], str]:
    """Models named in ``text`` (first mention order, no repeats) and the text with them masked.

    At each word the longest run of words that is a known name wins, so
    "GPT-4o mini" is the mini model and not GPT-4o followed by "mini".
    """
    lowered = text.lower()
    words = list(_WORD.finditer(lowered))
    found: list[Model] = []
    masked = lowered
    i = 0
    while i < len(words):
        for width in range(min(MAX_WORDS_IN_A_NAME, len(words) - i), 0, -1):
            model = find_model("".join(w.group() for w in words[i:i + width]))
            if model is not None:
                start, end = words[i].start(), words[i + width - 1].end()
                masked = masked[:start] + "#" * (end - start) + masked[end:]
                if model not in found:
                    found.append(model)
                i += width
                break
        else:
            i += 1
    masked = re.sub(r"#+", "model", masked)
    return tuple(found), masked


def _number(match: re.Match[str]) -> Decimal:
    value = Decimal(match.group("num").replace(",", ""))
    return value * _SCALES[match.group("scale")] if match.group("scale") else value


def _period(after: str) -> str:
    found = _PERIOD_AFTER.match(after)
    if not found:
        return "month"
    name = found.group("period")
    return _PERIOD_NAMES.get(name, name)


def find_amounts(masked: str) -> tuple[Amount | None, Amount | None]:
    """The first token volume and the first spend in ``masked`` text, as stated."""
    volume: Amount | None = None
    spend: Amount | None = None
    for match in _AMOUNT.finditer(masked):
        after = masked[match.end():]
        is_money = bool(match.group("dollar")) or bool(_MONEY_AFTER.match(after))
        tokens_phrase = None if is_money else _TOKENS_AFTER.match(after)
        if is_money and spend is None:
            spend = Amount(_number(match), _period(after))
        elif not is_money and volume is None and (
                tokens_phrase or match.group("scale") in _SPELLED):
            rest = after[tokens_phrase.end():] if tokens_phrase else after
            volume = Amount(_number(match), _period(rest))
    return volume, spend


def parse_question(text: str) -> Question:
    """Read one question. Never fails: an unreadable question is simply a general one.

    A volume over :data:`~reference_platform.pricing.MAX_TOKENS_PER_MONTH` or a spend over
    :data:`~reference_platform.pricing.MAX_MONTHLY_SPEND_USD` counts as not stated.
    """
    models, masked = find_models(text)
    volume, spend = find_amounts(masked)
    if volume is not None and volume.per_month() > MAX_TOKENS_PER_MONTH:
        volume = None   # beyond any real workload: treated as not stated rather than priced
    if spend is not None and spend.per_month() > MAX_MONTHLY_SPEND_USD:
        spend = None
    tokens = None if volume is None else int(
        volume.per_month().to_integral_value(rounding=ROUND_HALF_UP))
    monthly_spend = None if spend is None else float(
        spend.per_month().quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))
    return Question(
        text=text, models=models, tokens_per_month=tokens, monthly_spend_usd=monthly_spend,
        volume_as_stated=volume, spend_as_stated=spend,
        asks_cost=bool(_COST_WORDS.search(masked)) or volume is not None or spend is not None,
        asks_savings=bool(_SAVINGS_WORDS.search(masked)),
        asks_capabilities=bool(_CAPABILITY_WORDS.search(masked)))


def with_context(q: Question, earlier: list[Question]) -> Question:
    """A follow-up in a thread, read with the thread's earlier questions (CONTRACT section 9).

    A question that names no model ("and for 10 million?") is about the models the thread last
    named; when it states neither a volume nor a spend it keeps the earlier one too.
    """
    if q.models:
        return q
    context = next((e for e in reversed(earlier) if e.models), None)
    if context is None:
        return q
    stated = q.tokens_per_month is not None or q.monthly_spend_usd is not None
    source = q if stated else context
    return replace(q, models=context.models, tokens_per_month=source.tokens_per_month,
                   monthly_spend_usd=source.monthly_spend_usd,
                   volume_as_stated=source.volume_as_stated, spend_as_stated=source.spend_as_stated,
                   asks_cost=q.asks_cost or context.asks_cost)
