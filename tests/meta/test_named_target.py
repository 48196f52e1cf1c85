"""A platform started by hand (`python -m reference_platform`) is a target like any other."""

import pytest

pytestmark = pytest.mark.meta

ALL = ("features/login_to_answer.feature", "features/first_time_user.feature",
       "features/session_security.feature")


def test_the_journeys_pass_against_a_hand_started_platform_as_a_named_target(journeys, hand_started_platform):
    urls = hand_started_platform
    run = journeys(*ALL, userdata={"target": "handmade"},
                   env={"AUTH_SERVICE_URL": urls["auth_url"], "BACKEND_URL": urls["backend_url"]},
                   tags="not @local-only")
    assert run.exit_code == 0, run.explain()
    ran = [s for s in run.scenarios if s.status != "skipped"]   # the @local-only ones were not selected
    assert len(ran) >= 10 and all(s.status == "passed" for s in ran), run.explain()
    assert "target 'handmade'" in run.console, run.explain()


def test_local_only_scenarios_are_skipped_with_the_reason_on_other_targets(journeys, hand_started_platform):
    urls = hand_started_platform
    run = journeys("features/login_to_answer.feature", userdata={"target": "handmade"},
                   env={"AUTH_SERVICE_URL": urls["auth_url"], "BACKEND_URL": urls["backend_url"]},
                   tags="@local-only")
    assert run.exit_code == 0, run.explain()
    assert run.scenarios and all(s.status == "skipped" for s in run.scenarios), run.explain()
