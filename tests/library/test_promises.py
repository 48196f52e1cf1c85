"""The promise's numbers come from the feature; a target relaxes them only by a declared setting."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from journeys.errors import SuiteError
from journeys.capabilities.follow_ups import _priced_in, model_list, volume_forms
from journeys.rules.promises import ANSWER, FIRST_EVENT, promise, seconds_in, series_length


def settings(**values):
    base = dict(target="staging", slo_first_event_p95_s=1.0, slo_answer_p95_s=2.0, slo_turns=20)
    return SimpleNamespace(**{**base, **values})


@pytest.mark.parametrize("text, seconds", [("1 second", 1.0), ("2 seconds", 2.0), ("1.5 seconds", 1.5),
                                           ("500 milliseconds", 0.5)])
def test_durations_read_as_a_product_owner_writes_them(text, seconds):
    assert seconds_in(text) == seconds


def test_a_duration_the_suite_cannot_read_is_a_suite_defect_that_says_how_to_write_it():
    with pytest.raises(SuiteError, match="write it as '1 second'"):
        seconds_in("soonish")


def test_the_features_number_is_the_limit_by_default():
    kept = promise(settings(), ANSWER, 2.0, 95)
    assert (kept.limit_s, kept.relaxed_by) == (2.0, None)
    assert kept.describe() == "95 of every 100 within 2 seconds"


def test_a_declared_setting_relaxes_and_the_relaxation_is_shown_beside_the_promise():
    kept = promise(settings(slo_first_event_p95_s=1.5), FIRST_EVENT, 1.0)
    assert kept.limit_s == 1.5
    assert kept.describe() == ("within 1 second (relaxed to 1.5 seconds by "
                               "E2E_SLO_FIRST_EVENT_P95_S=1.5 (target 'staging'))")


def test_a_setting_never_tightens_the_features_number():
    assert promise(settings(slo_answer_p95_s=0.001), ANSWER, 2.0).limit_s == 2.0


def test_the_number_of_questions_is_the_features_unless_declared():
    assert series_length(settings(), 20) == 20
    assert series_length(settings(slo_turns=5), 20) == 5


def test_a_compared_model_counts_only_when_a_sentence_names_it_with_a_figure():
    answer = ("For 10,000,000 tokens a month, GPT-4o would cost $43.75 and Claude 3.5 Sonnet "
              "would cost $60.00. GPT-4o mini is cheaper still.")
    assert _priced_in(answer, "GPT-4o") and _priced_in(answer, "Claude 3.5 Sonnet")
    assert not _priced_in("GPT-4o mini would cost $1.50 a month.", "GPT-4o")
    assert model_list("GPT-4o and Claude 3.5 Sonnet") == ["GPT-4o", "Claude 3.5 Sonnet"]
    assert volume_forms("10 million") == ("10 million", "10,000,000", "10000000")


def test_the_number_of_colleagues_is_the_features_unless_declared():
    from journeys.rules.promises import declared_count
    assert declared_count(SimpleNamespace(target="local", people=10), "people", 10) == 10
    assert declared_count(SimpleNamespace(target="local", people=4), "people", 10) == 4
