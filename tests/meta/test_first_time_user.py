"""The first-time user's journeys catch the defects they exist for."""

import pytest

pytestmark = pytest.mark.meta

FIRST = "features/first_time_user.feature"
GOLDEN = "features/login_to_answer.feature"


def test_a_duplicate_sign_up_that_is_accepted_fails_the_journey(journeys):
    run = journeys(FIRST, env={"E2E_LOCAL_DEFECTS": "duplicate-email-accepted"})
    assert run.exit_code != 0, run.explain()
    failed = run.named("signing up twice with the same address is refused")
    assert failed.status == "failed", run.explain()
    assert "accepted it" in failed.message and "already registered" in failed.message, run.explain()
    assert [s.name for s in run.failed()] == [failed.name], run.explain()


def test_echoed_answers_fail_every_costed_question(journeys):
    run = journeys(GOLDEN, env={"E2E_LOCAL_DEFECTS": "echo-answer"})
    assert run.exit_code != 0, run.explain()
    outline = [s for s in run.scenarios if s.name.startswith("Sam asks about")]
    outline.append(run.named("Sam compares two models and gets the cost of each"))
    assert len(outline) == 4 and all(s.status == "failed" for s in outline), run.explain()
    assert all("not a meaningful answer" in s.message for s in outline), run.explain()
    general = run.named("a general question gets a useful answer")
    assert general.status == "failed" and "This is a simulated response to" in general.message, run.explain()
