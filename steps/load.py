"""Load: a whole company's golden paths at once, judged one by one and against the objectives."""

from behave import given, then, when

from journeys.load.run import (expect_every_journey_passed, expect_within_objectives, publish,
                           sign_in_crowd)


@given("{person:Person} and {count:d} colleagues have each signed in")
def step_company_signed_in(context, person, count):
    context.load = sign_in_crowd(context.settings, count + 1, evidence=context.evidence)


@when("they all ask a cost question within {seconds:d} seconds")
def step_company_asks(context, seconds):
    context.load_report = context.load.go(seconds)
    publish(context.load_report, context.evidence)


@then("every one of them gets a complete answer, kept in their history")
def step_every_journey_passed(context):
    expect_every_journey_passed(context.load_report)


@then("their answers arrive within the service objectives")
def step_within_objectives(context):
    expect_within_objectives(context.load_report)
