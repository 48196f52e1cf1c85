"""Answer quality as a rate: "at least 9 of 10", how sure we are of it, and whether it dropped.

A model's answers vary, so one attempt proves little and a retry hides a failure rate. A rate
states what was seen (successes of attempts) beside what was promised (a threshold, in the
feature's words), with a 95 % Wilson score interval: unlike "share plus or minus 1.96 standard
errors" it never leaves 0..1 and stays honest at 0/10 and 10/10, the usual counts of a journey.

Whether a rate dropped between runs ("10/10 → 6/10") is Fisher's exact test on the 2x2 table of
successes and failures, two-sided, summed exactly with ``math.comb`` in integers (no float
tolerance, no scipy): with ten attempts a run, a normal approximation would be wrong.

Standard library only; pure functions over counts.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from fractions import Fraction

Z_95 = 1.959963984540054          # the normal quantile of 0.975: a two-sided 95 % interval
SIGNIFICANCE = 0.05               # a drop is reported as real when Fisher's p is below this
_RATE = re.compile(r"^\s*(\d+)\s*/\s*(\d+)\s*(?:[,;(]\s*(.*?)\s*\)?\s*)?$")
_AT_LEAST = re.compile(r"^at least\s+(\d+)\s+(?:of|in|out of)\s+(\d+)$", re.I)
_SHARE = re.compile(r"^at least\s+(\d+(?:\.\d+)?)\s*%$", re.I)


@dataclass(frozen=True)
class Threshold:
    """What the feature promised, exactly: "at least 9 of 10" is the share 9/10, in its words."""

    minimum: Fraction
    words: str

    @classmethod
    def at_least(cls, needed: int, of: int) -> "Threshold":
        if of < 1 or not 0 <= needed <= of:
            raise ValueError(f"'at least {needed} of {of}' is not a threshold: expected 0 <= K <= N, N >= 1")
        return cls(Fraction(needed, of), f"at least {needed} of {of}")

    @classmethod
    def share(cls, percent: float | str) -> "Threshold":
        """``share(95)`` is "at least 95 %"; the percentage is kept exactly as written."""
        value = Fraction(str(percent))
        if not 0 <= value <= 100:
            raise ValueError(f"'at least {percent} %' is not a threshold: expected 0 to 100")
        return cls(value / 100, f"at least {percent} %")

    @classmethod
    def parse(cls, words: str) -> "Threshold":
        """The feature's words back: "at least 9 of 10" or "at least 95 %"."""
        text = " ".join(words.split())
        found = _AT_LEAST.match(text)
        if found:
            return cls.at_least(int(found[1]), int(found[2]))
        found = _SHARE.match(text)
        if found:
            return cls.share(found[1])
        raise ValueError(f"threshold {words!r}: expected 'at least K of N' or 'at least P %'")


@dataclass(frozen=True)
class Rate:
    """Successes of attempts, and the threshold they are held to (None: only reported)."""

    successes: int
    attempts: int
    threshold: Threshold | None = None

    def __post_init__(self) -> None:
        if self.attempts < 0 or not 0 <= self.successes <= self.attempts:
            raise ValueError(f"{self.successes}/{self.attempts} is not a rate: "
                             f"expected 0 <= successes <= attempts")

    @property
    def failures(self) -> int:
        return self.attempts - self.successes

    @property
    def share(self) -> float | None:
        return self.successes / self.attempts if self.attempts else None

    @property
    def met(self) -> bool | None:
        """Exact, in fractions: 9 of 10 meets "at least 90 %", whatever floats would say."""
        if self.threshold is None:
            return None
        return self.attempts > 0 and Fraction(self.successes, self.attempts) >= self.threshold.minimum

    def interval(self) -> tuple[float, float]:
        return wilson_interval(self.successes, self.attempts)

    def counts(self) -> str:
        return f"{self.successes}/{self.attempts}"

    def describe(self) -> str:
        """ "9/10, at least 9 of 10": what ``parse_rate`` reads back (the history's JUnit property)."""
        return self.counts() + (f", {self.threshold.words}" if self.threshold else "")

    def sentence(self) -> str:
        """For a person: the rate, its interval and the threshold."""
        if not self.attempts:
            return "no attempt was made"
        low, high = self.interval()
        text = (f"{self.successes} of {self.attempts} ({self.share:.0%}; 95 % confidence "
                f"{low:.0%} to {high:.0%})")
        return text + (f", against {self.threshold.words}" if self.threshold else "")


def parse_rate(text: str) -> Rate:
    """ "9/10", "9/10, at least 9 of 10" or "9/10 (at least 90 %)"; ValueError otherwise."""
    found = _RATE.match(text or "")
    if not found:
        raise ValueError(f"rate {text!r}: expected 'S/N' or 'S/N, at least K of N'")
    threshold = Threshold.parse(found[3]) if found[3] else None
    return Rate(int(found[1]), int(found[2]), threshold)


def wilson_interval(successes: int, attempts: int, z: float = Z_95) -> tuple[float, float]:
    """The Wilson score interval of successes/attempts; (0, 1) when nothing was attempted."""
    if attempts == 0:
        return 0.0, 1.0
    if not 0 <= successes <= attempts:
        raise ValueError(f"{successes}/{attempts}: expected 0 <= successes <= attempts")
    share = successes / attempts
    z2 = z * z
    centre = (share + z2 / (2 * attempts)) / (1 + z2 / attempts)
    spread = z * math.sqrt(share * (1 - share) / attempts + z2 / (4 * attempts * attempts)) / (1 + z2 / attempts)
    low = 0.0 if successes == 0 else max(0.0, centre - spread)
    high = 1.0 if successes == attempts else min(1.0, centre + spread)
    return low, high


def fisher_exact(a: int, b: int, c: int, d: int) -> float:
    """Two-sided p of the table [[a, b], [c, d]]: the chance, with its margins fixed, of a table
    no more likely than this one (the sum R's ``fisher.test`` makes). Exact: every probability
    shares the denominator C(n, a + c), so the tables are compared by integer numerators."""
    if min(a, b, c, d) < 0:
        raise ValueError(f"table [[{a}, {b}], [{c}, {d}]]: counts cannot be negative")
    row1, row2, col1 = a + b, c + d, a + c
    total = row1 + row2
    if total == 0:
        return 1.0
    observed = math.comb(row1, a) * math.comb(row2, c)
    tail = sum(weight for x in range(max(0, col1 - row2), min(row1, col1) + 1)
               if (weight := math.comb(row1, x) * math.comb(row2, col1 - x)) <= observed)
    return min(1.0, tail / math.comb(total, col1))


def rate_drop_p(before: Rate, now: Rate) -> float:
    """Fisher's two-sided p that ``now`` differs from ``before`` by chance alone."""
    return fisher_exact(before.successes, before.failures, now.successes, now.failures)


def pooled(rates: list[Rate]) -> Rate | None:
    """Several runs' attempts as one rate (the window of runs a new one is compared with)."""
    if not rates:
        return None
    return Rate(sum(r.successes for r in rates), sum(r.attempts for r in rates))
