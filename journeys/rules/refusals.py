"""A refusal in plain words: an ``error_message`` a person can read (CONTRACT section 9).

Shared by the journeys where the chat must say no (too many questions, too
long a question, someone else's conversation): the expected code, words of a
sentence, and nothing of the platform's internals.
"""

from __future__ import annotations

from ..events import Event
from .leaks import leaks_in

MIN_WORDS = 4


def refusal_problems(event: Event, codes: tuple[str, ...]) -> list[str]:
    """Why ``event`` is not a plain-words refusal with one of ``codes``; empty when it is."""
    code = event.fields.get("error_code")
    text = event.fields.get("error_message")
    text = text if isinstance(text, str) else ""
    problems = [] if code in codes else [f"its error_code is {code!r}, expected {' or '.join(codes)}"]
    if len(text.split()) < MIN_WORDS:
        problems.append(f"its message {text!r} is not a sentence a person can act on")
    problems += [f"it shows {leak}" for leak in leaks_in(text)]
    return problems


def describe(event: Event) -> str:
    return f"{event.fields.get('error_code')!r}: {str(event.fields.get('error_message'))[:200]!r}"
