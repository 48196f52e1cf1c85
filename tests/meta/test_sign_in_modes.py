"""In ``mint`` and ``test-auth`` modes "logs in" presents the pass to the platform and says how.

Before, "When Sam logs in" passed in a millisecond in ``mint`` mode with no request and no note:
a pass signed with the wrong secret "logged in" and failed, if at all, somewhere later.
"""

import pytest

from journey_runs import HAND_STARTED_SECRET

pytestmark = pytest.mark.meta
GOLDEN = "features/login_to_answer.feature"


def hand_target(urls: dict, **settings: str) -> dict:
    return {"AUTH_SERVICE_URL": urls["auth_url"], "BACKEND_URL": urls["backend_url"], **settings}


def test_a_minted_pass_the_platform_refuses_fails_at_logs_in(journeys, hand_started_platform):
    run = journeys(GOLDEN, userdata={"target": "handmade"}, tags="@golden-path and not @local-only",
                   env=hand_target(hand_started_platform, E2E_AUTH_MODE="mint",
                                   JWT_SECRET_KEY="not-the-platforms-secret-0123456789"))
    assert run.exit_code != 0, run.explain()
    failed = run.failed()
    assert failed, run.explain()
    for scenario in failed:
        assert "logged in by mint, but the auth service did not accept the pass" in scenario.message, \
            run.explain()
    assert "When Sam logs in ... failed" in run.console, run.explain()


@pytest.mark.parametrize("mode, how", [("mint", "mint: the suite signed the pass itself"),
                                       ("test-auth", "test-auth: the auth service's bypass")])
def test_a_pass_the_platform_accepts_is_presented_and_the_mode_is_named(
        journeys, hand_started_platform, tmp_path, mode, how):
    run = journeys(GOLDEN, userdata={"target": "handmade"}, tags="@golden-path and not @local-only",
                   env=hand_target(hand_started_platform, E2E_AUTH_MODE=mode,
                                   JWT_SECRET_KEY=HAND_STARTED_SECRET,
                                   E2E_OAUTH_SIMULATION_KEY="hand-started-bypass-key"))
    assert run.exit_code == 0, run.explain()
    transcripts = "".join(p.read_text() for p in (tmp_path / "transcripts").glob("*"))
    assert f"logged in by {how}" in transcripts, transcripts[:3000]
    assert "accepted the pass at /auth/me" in transcripts, transcripts[:3000]
