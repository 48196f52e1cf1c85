"""Every defect of CONTRACT section 7 makes the journey that guards it fail, and say why."""

import pytest

from defect_runs import expect_defect_caught

pytestmark = pytest.mark.meta

GOLDEN = "features/login_to_answer.feature"
SECURITY = "features/session_security.feature"
COSTED = "Sam logs in and gets a costed answer"
NO_PASS = "someone without a pass is turned away from the chat"

CASES = [
    ("close-after-first-frame", GOLDEN, COSTED, ["1000 'main cleanup'", "after our user_message",
                                                 "right after our user_message"]),
    ("close-before-established", GOLDEN, COSTED, ["1000 'main cleanup'", "before connection_established"]),
    ("no-reply", GOLDEN, COSTED, ["waited for the first event of the run", "got nothing more"]),
    ("echo-answer", GOLDEN, COSTED, ["not a meaningful answer", "This is a simulated response to"]),
    ("demo-auth", SECURITY, NO_PASS, ["was not turned away", "connection_established"]),
    ("auth-close-1011", SECURITY, NO_PASS, ["was not turned away", "must close with 1008, not 1011"]),
]


@pytest.mark.parametrize("defect, feature, scenario, words", CASES, ids=[c[0] for c in CASES])
def test_defect_fails_its_journey_with_a_message_naming_it(journeys, defect, feature, scenario, words):
    expect_defect_caught(journeys, feature, defect, {scenario: words}, name=scenario)


def test_an_unhealthy_platform_is_reported_as_environment_down_not_as_failures(journeys):
    run = journeys(GOLDEN, env={"E2E_LOCAL_DEFECTS": "health-unhealthy"})
    assert run.exit_code != 0, run.explain()
    assert "ENVIRONMENT DOWN" in run.console and "not healthy" in run.console, run.explain()
    assert not [s for s in run.scenarios if s.status in ("passed", "failed", "skipped")], run.explain()


def test_an_unreachable_target_is_environment_down_within_seconds(journeys, free_port):
    url = f"http://127.0.0.1:{free_port}"
    run = journeys(GOLDEN, userdata={"target": "unreachable"},
                   env={"AUTH_SERVICE_URL": url, "BACKEND_URL": url})
    assert run.exit_code != 0, run.explain()
    assert "ENVIRONMENT DOWN" in run.console and url in run.console, run.explain()
    assert "Traceback" not in run.console, run.explain()


def test_staging_without_settings_stops_before_any_scenario_naming_every_setting(journeys):
    run = journeys(userdata={"target": "staging"})
    assert run.exit_code != 0, run.explain()
    assert "AUTH_SERVICE_URL is missing" in run.console, run.explain()
    assert "BACKEND_URL is missing" in run.console, run.explain()
    assert "Traceback" not in run.console, run.explain()
    assert not [s for s in run.scenarios if s.status in ("passed", "failed")], run.explain()
