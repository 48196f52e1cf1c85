"""More than one thing at once: two devices, two questions in flight."""

from behave import given, then, when

from journeys.capabilities.devices import ask_on, expect_saw_nothing, expect_whole_where_asked, on_two_devices
from journeys.capabilities.overlapping import ask_together, expect_each_whole


@given("{person:Person} is logged in on {whose} laptop and {whose2} phone")
def step_two_devices(context, person, whose, whose2):
    context.people[person].ensure_account()
    context.devices = on_two_devices(context.people[person])
    context.add_cleanup(context.devices["phone"].close)


@given("{person:Person} is logged in with the chat open")
def step_chat_open(context, person):
    context.people[person].ensure_account()
    context.people[person].chat()


@when('{person:Person} asks "{question}" on {whose} {device}')
def step_asks_on_device(context, person, question, whose, device):
    ask_on(context.people[person], context.devices, device, question)


@then("each of {person:Person}'s answers arrived whole where it was asked")
def step_whole_where_asked(context, person):
    expect_whole_where_asked(context.people[person])


@then("{colleague:Person} saw none of {owner:Person}'s answers")
def step_saw_nothing(context, colleague, owner):
    expect_saw_nothing(context.people[colleague], context.people[owner])


@when('{person:Person} asks "{first}" and "{second}" without waiting in between')
def step_asks_two(context, person, first, second):
    context.together = ask_together(context.people[person], [first, second])


@then("{person:Person} gets a whole, meaningful answer to each question, not mixed with the other")
def step_each_whole(context, person):
    expect_each_whole(context.together)
