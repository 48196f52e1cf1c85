"""Passes: missing, forged, expired, revoked, and what the platform does with them."""

from behave import then, when

from journeys.expectations import expect_turned_away


@when("someone opens the chat without a pass")
def step_chat_without_pass(context):
    context.attempt, context.pass_kind = context.people["Someone"].try_chat(None), "no pass"


@when("someone opens the chat with a pass forged from {person:Person}'s")
def step_chat_with_forged_pass(context, person):
    forged = context.people[person].forged_pass("wrong-secret")
    context.attempt, context.pass_kind = context.people["Someone"].try_chat(forged), "a forged pass"


@then("the chat turns them away")
def step_turned_away(context):
    expect_turned_away(context.attempt, "Someone", context.pass_kind)
