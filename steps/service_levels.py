"""Service levels: a measured series of questions against the promise the feature states."""

from behave import then, when

from journeys.capabilities.measurements import expect_series_keeps, measure_series
from journeys.rules.promises import promises_from_table, series_length


@when("{person:Person} asks {count:d} different cost questions, one after another")
def step_asks_series(context, person, count):
    who = context.people[person]
    context.series = measure_series(who, series_length(context.settings, count, who.evidence))


@then("{person:Person}'s answers are real answers and keep the promise")
def step_series_keeps_promise(context, person):
    expect_series_keeps(context.series, promises_from_table(context.table, context.settings))
