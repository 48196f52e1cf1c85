"""The many-people journeys catch a platform that mixes people up, and only that."""

import pytest

pytestmark = pytest.mark.meta

CROWD = "features/many_people.feature"
ASK_TOGETHER = "Ana's team all ask at the same moment and each gets their own answer"
PEEK = "no one can open or list a colleague's conversation"
SMALL_CROWD = {"E2E_PEOPLE": "4"}


def test_a_correct_platform_passes_both_journeys(journeys):
    run = journeys(CROWD, env=SMALL_CROWD, tags="not @slow")
    assert run.exit_code == 0, run.explain()
    ran = {s.name: s.status for s in run.scenarios if s.status != "skipped"}   # @slow: tests/load
    assert ran == {ASK_TOGETHER: "passed", PEEK: "passed"}, run.explain()


def test_events_sent_to_other_people_fail_the_crowd_journey_naming_whose_runs(journeys):
    run = journeys(CROWD, env={**SMALL_CROWD, "E2E_LOCAL_DEFECTS": "cross-user-events"}, tags="not @slow")
    assert run.exit_code != 0, run.explain()
    failed = run.named(ASK_TOGETHER)
    assert failed.status == "failed", run.explain()
    assert "product defect: 4 of 4 people" in failed.message, run.explain()
    for words in ("4 of 4 people saw another person's events", "of answers they did not ask for",
                  "'s conversation thread"):
        assert words in failed.message, run.explain()
    assert [s.name for s in run.failed()] == [ASK_TOGETHER], run.explain()


def test_a_colleague_s_conversation_that_opens_fails_the_privacy_journey(journeys):
    run = journeys(CROWD, env={**SMALL_CROWD, "E2E_LOCAL_DEFECTS": "foreign-thread-readable"}, tags="not @slow")
    assert run.exit_code != 0, run.explain()
    failed = run.named(PEEK)
    assert failed.status == "failed", run.explain()
    for words in ("could look into another person's conversation", "Ana tried to open Ben's conversation",
                  "accepted it", "must look like it does not exist"):
        assert words in failed.message, run.explain()
    assert [s.name for s in run.failed()] == [PEEK], run.explain()
