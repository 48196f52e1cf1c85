"""The meta-tests' loop fails whenever a defect goes uncaught or unnamed (no behave run needed)."""

import pytest

from defect_runs import expect_defect_caught
from journey_runs import JourneyRun, ScenarioResult

GUARD = "Sam logs in and gets a costed answer"
OTHER = "a general question gets a useful answer"
MESSAGE = "ASSERT FAILED: product defect: Sam got 'This is a simulated response to: Q'"


def run_of(exit_code: int, *scenarios: tuple[str, str, str]):
    """A stand-in for the ``journeys`` fixture that returns a run already made."""
    def journeys(*paths, env=None, **options):
        assert env == {"E2E_LOCAL_DEFECTS": "echo-answer"} and paths == ("f.feature",), (paths, env)
        return JourneyRun(exit_code, "console", [ScenarioResult("F", *s) for s in scenarios])
    return journeys


def check(journeys, **options):
    return expect_defect_caught(journeys, "f.feature", "echo-answer", {GUARD: ["simulated response"]},
                                **options)


def test_a_caught_and_named_defect_passes_and_gives_the_run_back():
    run = check(run_of(1, (GUARD, "failed", MESSAGE), (OTHER, "passed", "")), only=[GUARD],
                headline="product defect: ")
    assert run.named(GUARD).status == "failed"


@pytest.mark.parametrize("journeys, options, words", [
    (run_of(0, (GUARD, "passed", "")), {}, "passed"),
    (run_of(1, (GUARD, "passed", ""), (OTHER, "failed", MESSAGE)), {}, "should fail; it passed"),
    (run_of(1, (GUARD, "failed", "ASSERT FAILED: something else")), {}, "does not say ['simulated response']"),
    (run_of(1, (GUARD, "failed", MESSAGE)), {"headline": "contract violation: "}, "does not start with"),
    (run_of(1, (GUARD, "failed", MESSAGE), (OTHER, "failed", MESSAGE)), {"only": [GUARD]}, "exactly ['Sam logs in"),
    (run_of(1, (OTHER, "failed", MESSAGE)), {}, "expected one scenario named"),
    (run_of(1, (GUARD, "failed", MESSAGE), (GUARD, "failed", MESSAGE)), {}, "found 2"),
], ids=["run-passed", "scenario-passed", "word-missing", "wrong-headline", "another-failed",
        "no-such-scenario", "two-of-that-name"])
def test_an_uncaught_or_unnamed_defect_fails_saying_which(journeys, options, words):
    with pytest.raises(AssertionError) as caught:
        check(journeys, **options)
    assert words in str(caught.value), str(caught.value)
