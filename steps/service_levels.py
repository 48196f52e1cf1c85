"""Service levels: a measured series of questions against the target's objectives."""

from behave import then, when

from journeys.measurements import ANSWER, FIRST_EVENT, expect_within_objective, measure_series


@when("{person:Person} asks a series of different cost questions, one after another")
def step_asks_series(context, person):
    context.series = measure_series(context.people[person])


@then("the assistant starts on 95% of {person:Person}'s questions within the first-event objective")
def step_first_event_objective(context, person):
    expect_within_objective(context.series, FIRST_EVENT)


@then("{person:Person} gets 95% of the answers within the answer objective")
def step_answer_objective(context, person):
    expect_within_objective(context.series, ANSWER)
