from datetime import datetime, timedelta, timezone

import pytest

from journeys.errors import ContractViolation
from journeys.rules.timestamps import parse_timestamp

MOMENT = datetime(2025, 11, 25, 20, 19, 0, tzinfo=timezone.utc)


@pytest.mark.parametrize("value", [
    1764101940,
    1764101940.0,
    "2025-11-25T20:19:00Z",
    "2025-11-25T20:19:00+00:00",
    "2025-11-25T21:19:00+01:00",
    "2025-11-25T15:19:00-05:00",
    "2025-11-25T20:19:00",
    "2025-11-25 20:19:00",
    " 2025-11-25T20:19:00.000Z ",
])
def test_both_forms_give_the_same_utc_moment(value):
    parsed = parse_timestamp(value)
    assert parsed == MOMENT
    assert parsed.utcoffset() == timedelta(0)


def test_fractional_seconds_are_kept():
    assert parse_timestamp(1764101940.25) == MOMENT + timedelta(milliseconds=250)
    assert parse_timestamp("2025-11-25T20:19:00.250Z") == MOMENT + timedelta(milliseconds=250)


def test_naive_string_is_read_as_utc():
    assert parse_timestamp("2025-11-25T20:19:00").tzinfo == timezone.utc


@pytest.mark.parametrize("value", ["yesterday", "", "25/11/2025", "1764101940", None, True,
                                   [1764101940], {"at": 1}, float("nan"), float("inf"),
                                   10 ** 20])
def test_other_values_are_a_contract_violation_naming_the_value(value):
    with pytest.raises(ContractViolation) as caught:
        parse_timestamp(value)
    message = str(caught.value)
    assert message.startswith("contract violation: timestamp")
    assert repr(value)[:20] in message


def test_field_name_appears_in_the_message():
    with pytest.raises(ContractViolation, match="timestamp created_at 'soon'"):
        parse_timestamp("soon", field="created_at")
