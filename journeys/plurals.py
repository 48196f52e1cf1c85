"""A number of things in words: "1 answer", "2 answers", "1 person", "12 people".

The one pluraliser of the house, in the ground so that every wing (the rules'
breach sentences, the crowd's messages, the load report, the README's figures)
says a count the same way and none imports it from a wing beside or above it.
"""

from __future__ import annotations


def plural(number: float, one: str, many: str | None = None) -> str:
    """The word for ``number`` things: ``one`` for exactly 1, else ``many`` (``one`` + 's' by default)."""
    return one if number == 1 else (many or one + "s")


def counted(number: int, one: str, many: str | None = None) -> str:
    """The number and its word: '1 answer', '2 answers', '1 person', '12 people'."""
    return f"{number} {plural(number, one, many)}"
