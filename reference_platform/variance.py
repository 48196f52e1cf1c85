"""The reference platform's agent, made to vary like a language model (``--vary SEED:BAD_SHARE``).

On staging the same question gets different words, sometimes a different route through the
tools, and now and then no figure or a wrong one. The suite's rate journeys ("at least 9 of
10") must be proved against that, so the deterministic agent can be told to vary, reproducibly:

- **which answer**: an answer is drawn by (seed, question, attempt, turn). The *attempt* is the
  ordinal of the conversation among its owner's conversations (oldest first) and the *turn* the
  number of questions asked in it before: so several questions asked at once in conversations
  started one after the other draw the same answers whatever order they arrive in.
- **paraphrase**: one of :data:`WORDINGS` ways of saying the same answer (the figures unchanged).
- **tool route**: route 1 takes another valid path through the tools (``agent.plan_turn``).
- **bad answers**: a share of the attempts at one question gets an answer with no figure or a
  wrong one (an answer that used no tool gets a made-up cost). The share is kept exactly, not
  only on average: over any N consecutive attempts at a question, ``floor`` or ``ceil`` of
  N times the share are bad (a seeded offset decides which), so "5 % bad" never gives 3 of 10.

Standard library only; SHA-256 makes the draws, so they do not depend on Python's hash seed.
"""

from __future__ import annotations

import hashlib
import math
import random
import re
from dataclasses import dataclass

NO_FIGURE, WRONG_FIGURE = "no figure", "wrong figure"
ROUTES = 2
_SPEC = re.compile(r"^\s*(?:seed\s*=\s*)?(-?\d+)\s*[:,]\s*(?:bad\s*=\s*)?(\d+(?:\.\d+)?)\s*(%?)\s*$", re.I)
_MONEY = re.compile(r"\$(\d{1,3}(?:,\d{3})*(?:\.\d+)?)")

WORDINGS: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] = (
    ("", ()),
    ("Here is what I worked out. ", (("would cost about", "would cost roughly"),)),
    ("Short version: ", (("would cost about", "would cost in the region of"),
                         ("is the cheaper option", "is the less costly choice"))),
)
"""Each wording: a lead-in and word swaps that keep every figure and every cost word."""

NO_FIGURE_ANSWER = ("I looked at the prices for this question, but I cannot give you a reliable "
                    "monthly cost right now, because part of the calculation did not come together.")


@dataclass(frozen=True)
class Draw:
    """What one answer does: its wording, its route through the tools, and its flaw, if any."""

    wording: int = 0
    route: int = 0
    flaw: str | None = None


@dataclass(frozen=True)
class Variance:
    seed: int
    bad_share: float        # 0..1: the share of attempts at a question that answer badly

    @classmethod
    def parse(cls, text: str) -> "Variance":
        """ "7:0.2", "7:20%" or "seed=7,bad=0.2"; ValueError with the expected form otherwise."""
        found = _SPEC.match(text or "")
        if not found:
            raise ValueError(f"variance {text!r}: expected SEED:BAD_SHARE, e.g. 7:0.2, 7:20% or seed=7,bad=0.2")
        share = float(found[2]) / (100 if found[3] else 1)
        if not 0 <= share <= 1:
            raise ValueError(f"variance {text!r}: the share of bad answers must be 0 to 1 (or 0 % to 100 %)")
        return cls(int(found[1]), share)

    def describe(self) -> str:
        return f"{self.seed}:{self.bad_share:g}"

    def draw(self, question: str, attempt: int, turn: int = 0) -> Draw:
        """The answer attempt ``attempt`` (0-based) gets at turn ``turn`` of its conversation."""
        words = " ".join(question.lower().split())
        offset = _rng(self.seed, words, turn).random()          # one per question: keeps the share
        bad = (math.floor((attempt + 1) * self.bad_share + offset)
               > math.floor(attempt * self.bad_share + offset))
        pick = _rng(self.seed, words, turn, attempt)
        wording, route = pick.randrange(len(WORDINGS)), pick.randrange(ROUTES)
        flaw = pick.choice((NO_FIGURE, WRONG_FIGURE)) if bad else None
        return Draw(wording, route, flaw)


def reword(answer: str, wording: int) -> str:
    """The same answer in wording ``wording``: a lead-in and a few swapped words, figures kept."""
    lead, swaps = WORDINGS[wording % len(WORDINGS)]
    for old, new in swaps:
        answer = answer.replace(old, new)
    return lead + answer


def spoil(answer: str, flaw: str | None, used_tools: bool, salt: int) -> str:
    """``answer`` with its flaw: every figure gone, or one cost changed (or made up)."""
    if flaw is None:
        return answer
    if not used_tools:                   # nothing was worked out: the only bad figure is a made-up one
        return answer + f" At your usage that comes to about ${2_000 + salt % 7_000:,}.00 a month."
    if flaw == NO_FIGURE:
        return NO_FIGURE_ANSWER
    first = _MONEY.search(answer)
    if first is None:
        return answer + f" That comes to about ${1_000 + salt % 9_000:,}.00 a month."
    value = float(first[1].replace(",", ""))
    wrong = value * 1.37 + 11
    return answer[:first.start()] + f"${wrong:,.2f}" + answer[first.end():]


def _rng(*parts: object) -> random.Random:
    digest = hashlib.sha256("|".join(str(p) for p in parts).encode()).digest()
    return random.Random(int.from_bytes(digest[:8], "big"))
