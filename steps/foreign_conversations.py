"""Someone else's conversation: a message sent into it from the chat is refused, and it stays as it was."""

from behave import then, when

from journeys.capabilities.foreign_threads import expect_conversation_untouched, expect_refused, send_into


@when('{person:Person} sends "{question}" into {owner:Person}\'s conversation')
def step_sends_into(context, person, question, owner):
    context.intrusion = send_into(context.people[person], context.people[owner], question)


@then("{person:Person} is told that conversation is not theirs, and nothing is answered")
def step_intrusion_refused(context, person):
    expect_refused(context.intrusion)


@then("{owner:Person}'s conversation holds only {whose} own question and answer")
def step_untouched(context, owner, whose):
    expect_conversation_untouched(context.people[owner], context.intrusion)
