"""Limits: too many questions too fast, a question too long."""

from behave import given, then, when

from journeys.capabilities.expectations import expect_meaningful_answer
from journeys.capabilities.long_questions import ask_too_long, expect_refused_plainly
from journeys.capabilities.rate_limits import (ask_after_reset, expect_chat_still_works, expect_told_to_slow_down,
                                  flood, skipped_without_a_limit)


@given("the assistant limits how many questions one person may ask at once")
def step_limit_declared(context):
    skipped_without_a_limit(context.scenario, context.settings, context.evidence)


@when("{person:Person} asks one question more than the limit allows, all at once")
def step_floods(context, person):
    context.flood = flood(context.people[person], context.settings)


@given("{first:Person} and {second:Person} are logged in")
def step_both_logged_in(context, first, second):
    for person in (context.people[first], context.people[second]):
        person.ensure_account()
        person.log_in()


@then("{person:Person} is told plainly to slow down, and {whose} chat still works")
def step_told_to_slow_down(context, person, whose):
    expect_told_to_slow_down(context.flood)
    expect_chat_still_works(context.people[person])


@then('meanwhile {colleague:Person} gets a meaningful answer to "{question}"')
def step_colleague_answered(context, colleague, question):
    expect_meaningful_answer(context.people[colleague].ask(question))


@then('once the limit has reset, {person:Person} gets a meaningful answer to "{question}"')
def step_after_reset(context, person, question):
    expect_meaningful_answer(ask_after_reset(context.people[person], context.flood, question))


@when("{person:Person} sends a question far longer than anyone could read")
def step_too_long(context, person):
    context.long_ask = ask_too_long(context.people[person])


@then("{person:Person} is told plainly that the question is too long")
def step_told_too_long(context, person):
    expect_refused_plainly(context.long_ask)
