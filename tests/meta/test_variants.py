"""Every contract variant the real platform shows must pass: the suite reads them all."""

import pytest

pytestmark = pytest.mark.meta

ALL = ("features/login_to_answer.feature", "features/first_time_user.feature",
       "features/session_security.feature")

VARIANTS = [
    {"E2E_LOCAL_SHAPE": "nested"},
    {"E2E_LOCAL_SHAPE": "nested", "E2E_LOCAL_VARIANTS": "payload-fields"},
    {"E2E_LOCAL_SHAPE": "wrapped"},
    {"E2E_LOCAL_VARIANTS": "iso-timestamps,created-201,health-ok,ack-unknown-type"},
    {"E2E_LOCAL_VARIANTS": "ws-refuse-handshake"},
    {"E2E_WS_AUTH": "subprotocol"},
    {"E2E_AUTH_MODE": "test-auth"},
    {"E2E_AUTH_MODE": "mint"},
    {"E2E_LOCAL_HEARTBEAT_MS": "20"},
]


@pytest.mark.parametrize("env", VARIANTS, ids=[",".join(f"{k}={v}" for k, v in e.items()) for e in VARIANTS])
def test_every_journey_passes_in_each_variant(journeys, env):
    run = journeys(*ALL, env=env)
    assert run.exit_code == 0, run.explain()
    assert run.scenarios and all(s.status == "passed" for s in run.scenarios), run.explain()
