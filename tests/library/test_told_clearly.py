"""A refusal of a bad message says clearly what was wrong: a code and words, nothing internal.
A code of None is no code, unless the target declared refusals without one (error-frames)."""

import pytest

from journeys.capabilities.recovery import BAD_MESSAGES, Rebuff, expect_told_clearly
from journeys.errors import ProtocolViolation
from journeys.events import Event

GARBLED = BAD_MESSAGES["a garbled message"]


def refusal(**fields) -> Event:
    return Event("error_message", fields, "flat", {"type": "error_message", **fields}, 0.0)


def test_a_refusal_with_a_code_and_words_is_clear():
    expect_told_clearly(Rebuff("Leo", GARBLED, refusal(error_code="INVALID_JSON", error_message="Not JSON.")))


@pytest.mark.parametrize("code", [None, "", "  "])
def test_a_refusal_without_a_code_is_not_clear(code):
    with pytest.raises(ProtocolViolation, match="its error_code is empty"):
        expect_told_clearly(Rebuff("Leo", GARBLED, refusal(error_code=code, error_message="Not JSON.")))


def test_a_refusal_without_a_code_is_accepted_where_the_target_declared_it():
    expect_told_clearly(Rebuff("Leo", GARBLED, refusal(error_code=None, error_message="Not JSON."),
                               code_optional=True))


def test_words_are_still_needed_where_the_code_is_optional():
    with pytest.raises(ProtocolViolation, match="its error_message is empty"):
        expect_told_clearly(Rebuff("Leo", GARBLED, refusal(error_code=None, error_message=""), code_optional=True))
