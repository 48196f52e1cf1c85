"""Each session defect makes exactly the journey that guards it fail, with a message naming it.

(demo-auth and auth-close-1011 are proved in test_known_defects.py.)
"""

import pytest

from journey_runs import HAND_STARTED_SECRET

pytestmark = pytest.mark.meta

SECURITY = "features/session_security.feature"
GARBLED_ROWS = ("sign in", "sign up", "renew a session", "start a conversation", "ask the assistant")

CASES = [
    ("reusable-refresh-token", ["the same refresh pass cannot renew a session twice"],
     ["refresh pass renewed the session a second time", "must work once"]),
    ("expired-tokens-accepted", ["an expired pass opens neither the conversations nor the chat"],
     ["came in with an expired pass", "the conversations list let them in",
      "the chat did not turn them away", "its time ran out"]),
    ("logout-not-revoking", ["logging out ends the pass everywhere"],
     ["came in with Mia's pass from before the logout", "let them in",
      "Mia logged out, which must end that pass everywhere"]),
    ("alg-none-accepted", ["an unsigned pass opens neither the conversations nor the chat"],
     ["came in with an unsigned pass", "the conversations list let them in",
      "the chat did not turn them away", "algorithm 'none'"]),
    ("refresh-as-access", ["the refresh pass opens neither the conversations nor the chat"],
     ["came in with the refresh pass", "the account details let them in",
      "the chat did not turn them away", "not an access pass"]),
    ("login-reveals-unknown-email", ["a wrong password and an unknown address get the same answer"],
     ["refused with different messages", "No account is registered with this email",
      "which addresses have an account"]),
    ("traceback-on-malformed-json",
     [f"a garbled request to {row} is refused without internals" for row in GARBLED_ROWS],
     ["answered 500", "shows a stack trace (Traceback)", "expected a refusal (422 or 400)"]),
]


def _base(name: str) -> str:
    """A Scenario Outline row is named '<name> -- @1.2 <examples>'; compare on the name."""
    return name.split(" -- @")[0]


@pytest.mark.parametrize("defect, scenarios, words", CASES, ids=[c[0] for c in CASES])
def test_a_session_defect_fails_exactly_its_journey_and_names_it(journeys, defect, scenarios, words):
    run = journeys(SECURITY, env={"E2E_LOCAL_DEFECTS": defect})
    assert run.exit_code != 0, run.explain()
    failed = {_base(s.name): s for s in run.failed()}
    assert sorted(failed) == sorted(scenarios), run.explain()
    for scenario in failed.values():
        for word in words:
            assert word in scenario.message, run.explain()
    assert all(s.status in ("passed", "failed") for s in run.scenarios), run.explain()


def test_without_the_secret_only_the_expired_pass_is_skipped_and_says_why(
        journeys, hand_started_platform, tmp_path):
    urls = hand_started_platform
    run = journeys(SECURITY, userdata={"target": "handmade"},
                   env={"AUTH_SERVICE_URL": urls["auth_url"], "BACKEND_URL": urls["backend_url"]})
    assert run.exit_code == 0, run.explain()
    skipped = [_base(s.name) for s in run.scenarios if s.status == "skipped"]
    assert skipped == ["an expired pass opens neither the conversations nor the chat"], run.explain()
    assert all(s.status == "passed" for s in run.scenarios if s.status != "skipped"), run.explain()
    notes = "".join(p.read_text() for p in (tmp_path / "transcripts").glob("*expired-pass*"))
    assert "skipped: needs JWT_SECRET_KEY to sign an expired pass for target 'handmade'" in notes


def test_with_the_shared_secret_the_expired_pass_is_checked_on_that_target(
        journeys, hand_started_platform):
    urls = hand_started_platform
    run = journeys(SECURITY, userdata={"target": "handmade"}, tags="@session-security",
                   env={"AUTH_SERVICE_URL": urls["auth_url"], "BACKEND_URL": urls["backend_url"],
                        "JWT_SECRET_HANDMADE": HAND_STARTED_SECRET})
    assert run.exit_code == 0, run.explain()
    assert run.scenarios and all(s.status == "passed" for s in run.scenarios), run.explain()


def test_a_wrong_secret_is_reported_as_a_suite_defect_not_as_a_pass(
        journeys, hand_started_platform):
    urls = hand_started_platform
    run = journeys(SECURITY, userdata={"target": "handmade"},
                   env={"AUTH_SERVICE_URL": urls["auth_url"], "BACKEND_URL": urls["backend_url"],
                        "JWT_SECRET_KEY": "not-the-platform-secret-0123456789"})
    assert run.exit_code != 0, run.explain()
    not_passed = [(_base(s.name), s.status) for s in run.scenarios if s.status != "passed"]
    assert not_passed == [("an expired pass opens neither the conversations nor the chat", "error")], \
        run.explain()
    assert ("suite defect: a current pass signed with JWT_SECRET_KEY was refused too"
            in run.console), run.explain()
