import pytest

from journeys.errors import ServiceLevelBreach, SuiteError
from journeys.events import Event
from journeys.rules.slo import Summary, TurnTiming, check_objective, percentile, summarise


def ev(kind, at):
    return Event(kind, {"run_id": "r1", "thread_id": "t1"}, "flat", {"type": kind}, at)


# --- percentile ------------------------------------------------------------------------

def test_nearest_rank_on_twenty_values():
    values = [float(v) for v in range(1, 21)]        # 1..20, shuffled below
    shuffled = values[::2] + values[1::2]
    assert percentile(shuffled, 95) == 19.0           # rank ceil(0.95 * 20) = 19
    assert percentile(shuffled, 50) == 10.0           # rank 10
    assert percentile(shuffled, 99) == 20.0           # rank ceil(19.8) = 20
    assert percentile(shuffled, 100) == 20.0
    assert percentile(shuffled, 0) == 1.0


def test_percentile_is_always_a_measured_value():
    values = [0.31, 1.7, 0.42, 2.9, 0.8]
    for p in (1, 25, 50, 75, 90, 95, 99):
        assert percentile(values, p) in values


def test_float_error_does_not_shift_the_rank():
    values = list(range(1, 101))
    assert percentile(values, 57) == 57               # 0.57 * 100 is 57.00000000000001


def test_one_value_is_every_percentile():
    for p in (0, 50, 95, 100):
        assert percentile([1.25], p) == 1.25


def test_empty_values_are_a_suite_error():
    with pytest.raises(SuiteError, match="no measurements"):
        percentile([], 95)


@pytest.mark.parametrize("p", [-1, 100.5])
def test_p_out_of_range(p):
    with pytest.raises(SuiteError, match="between 0 and 100"):
        percentile([1.0], p)


@pytest.mark.parametrize("bad", [None, "1.0", float("nan"), True])
def test_non_measurements_are_refused(bad):
    with pytest.raises(SuiteError, match="not a measured duration"):
        percentile([1.0, bad], 50)


# --- summarise -------------------------------------------------------------------------

def test_summarise():
    summary = summarise([0.5, 1.0, 1.5, 4.0])
    assert summary == Summary(count=4, p50=1.0, p95=4.0, p99=4.0, max=4.0, mean=1.75)
    assert "p95 4.00 s" in summary.describe()


def test_summarise_accepts_a_generator_and_refuses_nothing():
    assert summarise(x / 10 for x in range(1, 11)).count == 10
    with pytest.raises(SuiteError):
        summarise([])


# --- check_objective -------------------------------------------------------------------

def test_breach_message_gives_the_measured_figures():
    summary = Summary(count=20, p50=1.02, p95=2.61, p99=2.8, max=2.8, mean=1.2)
    with pytest.raises(ServiceLevelBreach) as caught:
        check_objective("answer", summary, 2.0)
    assert str(caught.value) == ("service-level breach: answer p95 was 2.61 s over 20 turns "
                                 "(p50 1.02 s, max 2.80 s); objective is under 2.00 s")


def test_objective_met():
    summary = summarise([0.2, 0.3, 0.4])
    assert check_objective("first event", summary, 1.0) is None


def test_exactly_at_the_limit_is_not_under_it():
    with pytest.raises(ServiceLevelBreach, match="over 1 turn "):
        check_objective("answer", summarise([2.0]), 2.0)


# --- TurnTiming ------------------------------------------------------------------------

def test_turn_timing_from_events():
    events = [ev("agent_started", 10.2), ev("agent_thinking", 10.3), ev("heartbeat", 11.5),
              ev("tool_completed", 11.6), ev("agent_completed", 11.75)]
    timing = TurnTiming.from_events(10.0, events)
    assert timing.first_event_s == pytest.approx(0.2)
    assert timing.answer_s == pytest.approx(1.75)
    assert timing.longest_gap_s == pytest.approx(1.2)
    assert timing.frames == 5


def test_gap_before_the_first_event_counts():
    timing = TurnTiming.from_events(0.0, [ev("agent_started", 3.0), ev("agent_completed", 3.5)])
    assert timing.longest_gap_s == pytest.approx(3.0)


def test_agent_error_ends_the_turn():
    timing = TurnTiming.from_events(0.0, [ev("agent_started", 0.1), ev("agent_error", 0.9)])
    assert timing.answer_s == pytest.approx(0.9)


def test_what_never_came_is_not_invented():
    timing = TurnTiming.from_events(5.0, [ev("agent_thinking", 5.5)])
    assert timing.first_event_s is None
    assert timing.answer_s is None
    assert timing.longest_gap_s == pytest.approx(0.5)
    empty = TurnTiming.from_events(5.0, [])
    assert (empty.first_event_s, empty.answer_s, empty.longest_gap_s, empty.frames) == \
        (None, None, None, 0)


def test_events_before_the_send_are_a_suite_error():
    with pytest.raises(SuiteError, match="before the message was sent"):
        TurnTiming.from_events(10.0, [ev("agent_started", 9.0)])
