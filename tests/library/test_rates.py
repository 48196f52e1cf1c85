"""Rates (journeys/rules/rates.py): Wilson intervals and Fisher's exact test against values
worked out here by another route (bisection on the score test; enumerating every draw), and
against published figures (R's ``fisher.test``, ``binom::binom.wilson``)."""

import math
from fractions import Fraction

import pytest

from journeys.rules.rates import (Rate, Threshold, fisher_exact, parse_rate, pooled, rate_drop_p,
                                  wilson_interval)

Z = 1.959963984540054


def score_test_bound(successes: int, attempts: int, upper: bool) -> float:
    """The Wilson bound as its definition says: the p where |share - p| = z * sqrt(p(1-p)/n),
    found by bisection (no closed form, so not the module's formula)."""
    share = successes / attempts

    def outside(p: float) -> bool:
        return abs(share - p) > Z * math.sqrt(p * (1 - p) / attempts)
    low, high = (share, 1.0) if upper else (0.0, share)
    if upper and not outside(high - 1e-15) or not upper and not outside(low + 1e-15):
        return high if upper else low            # the bound is the edge itself (10/10, 0/10)
    for _ in range(200):
        middle = (low + high) / 2
        if outside(middle) == upper:
            high = middle
        else:
            low = middle
    return (low + high) / 2


@pytest.mark.parametrize("successes, attempts, published", [
    (9, 10, (0.5958, 0.9821)), (0, 10, (0.0, 0.2775)), (10, 10, (0.7225, 1.0)),
    (5, 10, (0.2366, 0.7634)), (96, 100, (0.9016, 0.9843)),
])
def test_the_wilson_interval_is_the_score_tests_bounds(successes, attempts, published):
    low, high = wilson_interval(successes, attempts)
    expected = (score_test_bound(successes, attempts, False), score_test_bound(successes, attempts, True))
    assert (low, high) == pytest.approx(expected, abs=1e-9), \
        f"Wilson {successes}/{attempts}: got {(low, high)}, the score test's bounds are {expected}"
    assert (low, high) == pytest.approx(published, abs=5e-5), f"published {published}, got {(low, high)}"


def test_nothing_attempted_says_nothing():
    assert wilson_interval(0, 0) == (0.0, 1.0)
    assert Rate(0, 0).sentence() == "no attempt was made"


def enumerated_fisher(a: int, b: int, c: int, d: int) -> float:
    """The hypergeometric distribution by counting, not by formula: the attempts are taken one
    by one, and ``ways[(picked, in_row1)]`` counts the subsets picked so far (Pascal's rule,
    no ``math.comb``); then the two-sided sum over the tables no likelier than this one."""
    row1, n, col1 = a + b, a + b + c + d, a + c
    ways = {(0, 0): 1}
    for item in range(n):
        grown = dict(ways)
        for (picked, in_row1), count in ways.items():
            if picked < col1:
                key = (picked + 1, in_row1 + (item < row1))
                grown[key] = grown.get(key, 0) + count
        ways = grown
    counts = {in_row1: count for (picked, in_row1), count in ways.items() if picked == col1}
    total = sum(counts.values())
    observed = Fraction(counts[a], total)
    return float(sum(Fraction(k, total) for k in counts.values() if Fraction(k, total) <= observed))


@pytest.mark.parametrize("table, published", [
    ((3, 1, 1, 3), 0.4857),          # Fisher's lady tasting tea
    ((10, 0, 6, 4), 0.08669),        # "10/10 → 6/10": not significant on ten attempts
    ((1, 9, 11, 3), 0.002759),       # the textbook example (R's fisher.test)
    ((0, 5, 5, 0), 0.007937),
    ((2, 3, 4, 1), 0.5238),
    ((0, 0, 3, 4), 1.0),
])
def test_fisher_matches_brute_force_enumeration_and_published_values(table, published):
    p = fisher_exact(*table)
    assert p == pytest.approx(enumerated_fisher(*table), rel=1e-12), f"table {table}: got {p}"
    assert p == pytest.approx(published, abs=5e-5), f"table {table}: published {published}, got {p}"


def test_a_seeded_drop_is_significant_and_an_unchanged_rate_is_not():
    assert rate_drop_p(Rate(50, 50), Rate(6, 10)) < 0.05
    assert rate_drop_p(Rate(45, 50), Rate(9, 10)) == pytest.approx(1.0)
    assert rate_drop_p(Rate(10, 10), Rate(6, 10)) > 0.05


def test_a_threshold_is_met_exactly_in_the_features_words():
    assert Rate(9, 10, Threshold.at_least(9, 10)).met is True
    assert Rate(8, 10, Threshold.at_least(9, 10)).met is False
    assert Rate(9, 10, Threshold.share(90)).met is True      # 0.9 as floats could say otherwise
    assert Rate(18, 20, Threshold.at_least(9, 10)).met is True
    assert Rate(0, 0, Threshold.at_least(9, 10)).met is False
    assert Rate(3, 10).met is None


def test_a_rate_reads_back_what_it_wrote():
    rate = Rate(9, 10, Threshold.at_least(9, 10))
    assert rate.describe() == "9/10, at least 9 of 10"
    assert parse_rate(rate.describe()) == rate
    assert parse_rate("96/100 (at least 95 %)") == Rate(96, 100, Threshold.share(95))
    assert parse_rate(" 7 / 10 ") == Rate(7, 10)
    assert "9 of 10 (90%; 95 % confidence 60% to 98%)" in rate.sentence()


@pytest.mark.parametrize("text", ["", "nine of ten", "11/10", "9/10, most of them", "-1/10"])
def test_a_wrong_rate_is_refused_saying_what_was_expected(text):
    with pytest.raises(ValueError, match="expected"):
        parse_rate(text)


def test_several_runs_pool_into_one_rate():
    assert pooled([Rate(10, 10), Rate(9, 10), Rate(4, 5)]) == Rate(23, 25)
    assert pooled([]) is None
