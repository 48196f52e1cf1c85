"""What the assistant is for: a question outside it is turned back, with no cost made up."""

from behave import then

from journeys.capabilities.off_topic import expect_no_made_up_costs, expect_says_what_it_helps_with


@then("the assistant tells {person:Person} what it can help with")
def step_says_what_it_helps_with(context, person):
    expect_says_what_it_helps_with(context.people[person].last_turn)


@then("its answer to {person:Person} states no cost it made up")
def step_no_made_up_costs(context, person):
    expect_no_made_up_costs(context.people[person].last_turn)
