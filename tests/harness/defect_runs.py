"""The meta-tests' one loop: switch a defect on, the journeys guarding it fail, the messages name it.

Every file in ``tests/meta/`` that proves a defect switch (``E2E_LOCAL_DEFECTS``) is caught
says only which scenarios must fail and which words each message must hold; how the run is
made and read (``journey_runs.py``) and how a miss is reported live here, once.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence

from journey_runs import JourneyRun

BEHAVE_PREFIX = "ASSERT FAILED: "   # behave puts it before an AssertionError's message


def expect_defect_caught(journeys: Callable[..., JourneyRun], feature: str, defect: str,
                         expected: Mapping[str, Sequence[str]], *, only: Collection[str] | None = None,
                         headline: str | None = None, env: dict | None = None,
                         **run_options) -> JourneyRun:
    """Run ``feature`` with ``defect`` on and check that the run failed, that each scenario of
    ``expected`` failed with a message holding each of its words (and starting with ``headline``),
    and, given ``only``, that no other scenario failed. ``journeys`` is the tests' fixture (it may
    add a dialect); ``run_options`` go to it (``tags``, ``name``). Returns the run for more checks."""
    assert expected, f"a check of defect {defect!r} must name at least one scenario it fails"
    run = journeys(feature, env={**(env or {}), "E2E_LOCAL_DEFECTS": defect}, **run_options)
    assert run.exit_code != 0, f"with defect {defect!r} on, {feature} passed\n{run.explain()}"
    for name, words in expected.items():
        scenario = run.named(name)
        assert scenario.status == "failed", \
            f"with defect {defect!r} on, {name!r} should fail; it {scenario.status}\n{run.explain()}"
        missing = [word for word in words if word not in scenario.message]
        assert not missing, f"{name!r} failed, but its message does not say {missing}\n{run.explain()}"
        if headline is not None:
            assert scenario.message.removeprefix(BEHAVE_PREFIX).startswith(headline), \
                f"{name!r} failed, but its message does not start with {headline!r}\n{run.explain()}"
    if only is not None:
        failed = sorted(s.name for s in run.failed())
        assert failed == sorted(only), \
            f"with defect {defect!r} on, exactly {sorted(only)} should fail; {failed} did\n{run.explain()}"
    return run


def expect_all_pass(journeys: Callable[..., JourneyRun], feature: str, scenarios: int,
                    env: Mapping[str, str]) -> JourneyRun:
    """With no defect on, every one of ``feature``'s ``scenarios`` runs and passes under ``env``
    (another event shape, another carrier): the other half of every "defect caught" proof."""
    run = journeys(feature, env=dict(env))
    assert run.exit_code == 0 and len(run.scenarios) == scenarios, run.explain()
    assert all(s.status == "passed" for s in run.scenarios), run.explain()
    return run
