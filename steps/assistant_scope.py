"""What the assistant is for, whose conversation a message goes into, and a dropped chat."""

from behave import then, when

from journeys.capabilities.dropped_answers import expect_whole_or_told_lost
from journeys.capabilities.foreign_threads import expect_conversation_untouched, expect_refused, send_into
from journeys.capabilities.off_topic import expect_no_made_up_costs, expect_says_what_it_helps_with


@then("the assistant tells {person:Person} what it can help with")
def step_says_what_it_helps_with(context, person):
    expect_says_what_it_helps_with(context.people[person].last_turn)


@then("its answer to {person:Person} states no cost it made up")
def step_no_made_up_costs(context, person):
    expect_no_made_up_costs(context.people[person].last_turn)


@when('{person:Person} sends "{question}" into {owner:Person}\'s conversation')
def step_sends_into(context, person, question, owner):
    context.intrusion = send_into(context.people[person], context.people[owner], question)


@then("{person:Person} is told that conversation is not theirs, and nothing is answered")
def step_intrusion_refused(context, person):
    expect_refused(context.intrusion)


@then("{owner:Person}'s conversation holds only {whose} own question and answer")
def step_untouched(context, owner, whose):
    expect_conversation_untouched(context.people[owner], context.intrusion)


@then("{person:Person} finds the whole answer in the conversation's history once it is finished, or is told it was lost")
def step_whole_or_lost(context, person):
    expect_whole_or_told_lost(context.people[person], context.people[person].last_turn)
