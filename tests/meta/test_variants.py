"""Every contract variant the real platform shows must pass: the suite reads them all.

Each variant runs the whole catalogue except ``@slow`` scenarios (a 20-question
series, a pass left to expire, a platform restart), which the default run covers,
through the parallel runner.
"""

import pytest

from parallel_runs import run_parallel

pytestmark = pytest.mark.meta
WORKERS = 4          # through the parallel runner, as python3 tasks.py journeys runs it

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


@pytest.mark.slow   # the whole catalogue once per variant: CI's slow set
@pytest.mark.parametrize("env", VARIANTS, ids=[",".join(f"{k}={v}" for k, v in e.items()) for e in VARIANTS])
def test_every_journey_passes_in_each_variant(meta_dialect, tmp_path, env):
    if meta_dialect != "contract":
        env = {"E2E_LOCAL_DIALECT": meta_dialect, **env}
    run = run_parallel(tmp_path, "--tags=not @slow", workers=WORKERS,
                       env={"E2E_WAIT_S": "3", "E2E_TURN_S": "8", **env})
    assert run.exit_code == 0, run.explain()
    statuses = [status for file in run.junit().values() for status in file["cases"].values()]
    ran = [status for status in statuses if status != "skipped"]   # @slow ones were not selected
    assert len(ran) >= 45 and set(ran) == {"passed"}, run.explain()
