"""Many different, realistic cost questions, for journeys that ask more than one.

A crowd or a measured series must not ask the same thing twice: identical
questions would get identical answers, and a platform that mixed people up
or answered from a cache could not be told apart from one that works. Each
question names a different token volume (and usually a different model), so
every answer carries its own figures.
"""

from __future__ import annotations

MODELS = ("GPT-4o", "Claude 3.5 Sonnet", "Gemini 1.5 Pro", "GPT-4o mini", "Claude 3 Opus",
          "Gemini 1.5 Flash", "Claude 3 Haiku", "GPT-4 Turbo")


def cost_question(index: int) -> str:
    """The ``index``-th question (0 upwards); no two indexes give the same question."""
    millions = 3 + 7 * index
    model = MODELS[index % len(MODELS)]
    return f"How much would {millions} million {model} tokens a month cost us?"
