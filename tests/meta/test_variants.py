"""Every contract variant the real platform shows must pass: the suite reads them all.

Each variant runs the whole catalogue except ``@slow`` scenarios (a 20-question
series, a pass left to expire, a platform restart), which the default run covers;
that keeps this set to a couple of minutes on two cores.
"""

import pytest

pytestmark = pytest.mark.meta

VARIANTS = [
    {"E2E_LOCAL_SHAPE": "nested"},
    {"E2E_LOCAL_SHAPE": "nested", "E2E_LOCAL_VARIANTS": "payload-fields"},
    {"E2E_LOCAL_SHAPE": "wrapped"},
    {"E2E_LOCAL_VARIANTS": "iso-timestamps,created-201,health-ok,ack-unknown-type"},
    {"E2E_LOCAL_VARIANTS": "ws-refuse-handshake"},
    {"E2E_WS_AUTH": "subprotocol"},
    {"E2E_WS_AUTH": "ticket", "E2E_AUTH_MODE": "test-auth"},
    {"E2E_AUTH_MODE": "test-auth"},
    {"E2E_AUTH_MODE": "mint"},
    {"E2E_LOCAL_HEARTBEAT_MS": "20"},
]


@pytest.mark.slow   # the whole catalogue once per variant: python3 tasks.py tests -m "slow or load"
@pytest.mark.parametrize("env", VARIANTS, ids=[",".join(f"{k}={v}" for k, v in e.items()) for e in VARIANTS])
def test_every_journey_passes_in_each_variant(journeys, env):
    run = journeys("features", env=env, tags="not @slow")
    assert run.exit_code == 0, run.explain()
    ran = [s for s in run.scenarios if s.status != "skipped"]   # @slow ones were not selected
    assert len(ran) >= 45 and all(s.status == "passed" for s in ran), run.explain()
