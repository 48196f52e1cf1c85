"""No pass without its premise: each case that used to pass vacuously now skips with its reason,
or fails, and a premise the suite makes happen is shown in the evidence.

- no keep-alive within the wait (defect ``no-heartbeat``): the keep-alive journey is skipped;
- a bare ``ack`` instead of an explanation (variant ``ack-unknown-type``): skipped;
- a follow-up answered without its context (defect ``follow-up-without-context``): fails;
- a comparison that names one model (defect ``comparison-names-one-model``): fails;
- "comes back later" is a real pause, a new sign-in and a new connection (evidence).
"""

import re

import pytest

pytestmark = pytest.mark.meta

KEEP_ALIVE = "keep-alive signals are never taken for the assistant's work"
UNKNOWN = "Leo's app sends a message of an unknown kind"
FOLLOW_UP = "Lena's follow-up question is understood in the light of the one before"
COMPARISON = "Sam compares two models and gets the cost of each"
LATER = "Lena comes back later and carries on the same conversation"


def notes(tmp_path) -> str:
    return "".join(p.read_text() for p in (tmp_path / "transcripts").glob("*"))


def test_no_keepalive_within_the_wait_skips_the_keepalive_journey_with_the_reason(journeys, tmp_path):
    run = journeys("features/live_agent_events.feature", name=KEEP_ALIVE,
                   env={"E2E_LOCAL_DEFECTS": "no-heartbeat", "E2E_WAIT_S": "1"})
    assert run.named(KEEP_ALIVE).status == "skipped", run.explain()
    assert "skipped: no keep-alive signal came while Mia's question was answered" in notes(tmp_path)


def test_keepalives_on_the_local_platform_by_default_so_the_journey_checks_them(journeys):
    run = journeys("features/live_agent_events.feature", name=KEEP_ALIVE)
    assert run.named(KEEP_ALIVE).status == "passed", run.explain()


def test_a_bare_ack_is_not_an_explanation_the_journey_is_skipped_with_the_reason(journeys, tmp_path):
    run = journeys("features/error_recovery.feature", name="Leo's app sends",
                   env={"E2E_LOCAL_VARIANTS": "ack-unknown-type"})
    unknown = next(s for s in run.scenarios if s.name.startswith(UNKNOWN))
    assert unknown.status == "skipped", run.explain()
    assert "answered Leo's frame of unknown type 'order_pizza' with a bare ack" in notes(tmp_path)
    others = [s for s in run.scenarios if not s.name.startswith(UNKNOWN)]
    assert others and all(s.status == "passed" for s in others), run.explain()


def test_a_follow_up_answered_without_its_context_fails(journeys):
    run = journeys("features/conversations.feature", name=FOLLOW_UP,
                   env={"E2E_LOCAL_DEFECTS": "follow-up-without-context"})
    failed = run.named(FOLLOW_UP)
    assert failed.status == "failed", run.explain()
    assert "product defect: Lena followed up with 'And for 10 million?'" in failed.message, run.explain()
    assert "gives no cost for Claude 3.5 Sonnet, the model the conversation was about" in failed.message


def test_a_comparison_that_prices_one_model_fails(journeys):
    run = journeys("features/login_to_answer.feature", name=COMPARISON,
                   env={"E2E_LOCAL_DEFECTS": "comparison-names-one-model"})
    failed = run.named(COMPARISON)
    assert failed.status == "failed", run.explain()
    assert "gives no cost for Claude 3.5 Sonnet" in failed.message, run.explain()


def test_coming_back_later_is_a_real_pause_a_new_sign_in_and_a_new_connection(journeys, tmp_path):
    run = journeys("features/conversations.feature", name=LATER)
    assert run.named(LATER).status == "passed", run.explain()
    found = re.search(r"Lena hung up, came back (\d+\.\d) s later \(the feature says 2 s\), signed in "
                      r"again \(a new pass\) and opened a new connection", notes(tmp_path))
    assert found and float(found[1]) >= 2, notes(tmp_path)[-3000:]
