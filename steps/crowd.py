"""Many people at once: colleagues asking together, and keeping to their own conversations."""

from behave import given, then, when

from journeys.capabilities.crowd import Crowd
from journeys.capabilities.expect_crowd import (expect_each_answered_in_own_conversation, expect_each_refused,
                                   expect_lists_private, expect_no_crossed_events)
from journeys.rules.promises import declared_count


@given("{person:Person} and {whose} {count:d} colleagues are each logged in with the chat open")
def step_crowd_with_chat(context, person, whose, count):
    size = declared_count(context.settings, "people", count + 1, context.evidence)
    context.crowd = Crowd(context.people, person, context.settings, size)
    context.crowd.start_conversations(open_chat=True)


@given("{person:Person} and {whose} colleagues each have a conversation")
def step_crowd_with_conversations(context, person, whose):
    context.crowd = Crowd(context.people, person, context.settings)
    context.crowd.start_conversations(open_chat=False)


@when("they all ask a different cost question at the same moment")
def step_crowd_asks(context):
    context.crowd.ask_together()


@then("none of them sees anything of a colleague's question or answer")
def step_no_crossed_events(context):
    expect_no_crossed_events(context.crowd)


@then("each of them gets a complete, meaningful answer in their own conversation")
def step_each_answered(context):
    expect_each_answered_in_own_conversation(context.crowd)


@when("each of them tries to open the next colleague's conversation")
def step_crowd_peeks(context):
    context.peeks = context.crowd.try_to_open_next()


@then("each of them is told that conversation does not exist")
def step_each_refused(context):
    expect_each_refused(context.crowd, context.peeks)


@then("no one's list of conversations shows a colleague's conversation")
def step_lists_private(context):
    expect_lists_private(context.crowd, context.crowd.lists())
