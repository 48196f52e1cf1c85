"""Answers checked against what was really asked: a follow-up's context, every compared model.

- A follow-up (CONTRACT section 9): "And for 10 million?" after a GPT-4o cost
  question must be answered for GPT-4o and for 10 million tokens. Checking only
  that some answer came back would pass an assistant that forgot the thread.
- A comparison of named models must price each of them: an answer with a
  figure for one model is not a comparison.
- A question in a *new* conversation is answered with that conversation's own
  context: "And for 10 million?" there must not be answered for the model of
  another conversation (context leaking between conversations).

The model names and the volume are written in the feature; the answer must
name each, and the sentence naming a model must hold a money figure.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from ..errors import AnswerNotMeaningful
from ..evidence import ASKED, transcript_ref
from .expectations import expect_cost_answer, expect_meaningful_answer
from ..wire.turns import Turn

if TYPE_CHECKING:
    from .people import Person

_SENTENCES = re.compile(r"(?<=[.!?])\s+")
_MONEY = re.compile(r"\$\s?\d[\d,]*(?:\.\d+)?")
_SCALE = {"thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}


def volume_forms(volume: str) -> tuple[str, ...]:
    """'10 million' -> ('10 million', '10,000,000', '10000000'): the ways an answer may state it."""
    number, _, scale = volume.strip().partition(" ")
    value = int(float(number.replace(",", "")) * _SCALE.get(scale.strip().lower(), 1))
    return (volume.strip(), f"{value:,}", str(value))


def _priced_in(answer: str, model: str) -> bool:
    """Some sentence names ``model`` (not as part of a longer name) and holds a money figure."""
    named = re.compile(rf"(?<![\w-]){re.escape(model)}(?![\w-]| mini)", re.IGNORECASE)
    return any(named.search(s) and _MONEY.search(s) for s in _SENTENCES.split(answer))


def expect_follow_up_understood(person: Person, model: str, volume: str) -> None:
    """The last answer is a cost answer for ``model`` at ``volume`` tokens a month."""
    expect_understood_in_context(person.last_turn, person.name, model, volume)


def expect_understood_in_context(turn: Turn, who: str, model: str, volume: str) -> None:
    """``turn``, a follow-up, is a cost answer for ``model`` at ``volume`` tokens a month."""
    expect_cost_answer(turn)
    problems = []
    if not _priced_in(turn.answer, model):
        problems.append(f"it gives no cost for {model}, the model the conversation was about")
    if not any(form.lower() in turn.answer.lower() for form in volume_forms(volume)):
        problems.append(f"it never mentions {volume} tokens, the volume the follow-up asked about")
    if problems:
        raise AnswerNotMeaningful(
            f"{who} followed up with {turn.question!r} in the same conversation and got "
            f"{turn.answer[:300]!r}, which does not answer it in its context: " + "; ".join(problems),
            evidence=transcript_ref(turn.who, ASKED), cause="a follow-up is answered without its context")


def expect_each_model_priced(person: Person, models: list[str]) -> None:
    """The last answer states a monthly cost for every one of ``models``."""
    turn = person.last_turn
    expect_cost_answer(turn)
    missing = [m for m in models if not _priced_in(turn.answer, m)]
    if missing:
        raise AnswerNotMeaningful(
            f"{person.name} asked {turn.question!r} and got {turn.answer[:300]!r}, which gives no "
            f"cost for {', '.join(missing)}: a comparison must price each model it was asked "
            f"about ({', '.join(models)})", evidence=transcript_ref(person.name, ASKED),
            cause="a comparison leaves out a model")


def model_list(text: str) -> list[str]:
    """'GPT-4o and Claude 3.5 Sonnet' or 'A, B and C' -> the names."""
    return [name.strip() for name in re.split(r",\s*|\s+and\s+", text) if name.strip()]


def expect_not_about(turn: Turn, earlier_subject: str) -> None:
    """A question in a new conversation is not answered about another conversation's subject."""
    expect_meaningful_answer(turn)
    if earlier_subject.lower() in (turn.answer or "").lower():
        raise AnswerNotMeaningful(
            f"{turn.who}'s question in a new conversation was answered as if it followed the earlier "
            f"one: {turn.question!r} got an answer about {earlier_subject}, which only the other "
            f"conversation spoke of: {turn.answer[:300]!r}", evidence=transcript_ref(turn.who, ASKED),
            cause="a follow-up is answered with another conversation's context")
